package org.gridledger.core.rlp;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Builds an RLP encoding into a growable buffer. Lists are written by {@link #startList()} / {@link
 * #endList(int)}: the payload is written first and the header is inserted when the list closes, so
 * nested structures are encoded in one pass without intermediate arrays.
 *
 * <pre>{@code
 * RlpWriter w = new RlpWriter();
 * int list = w.startList();
 * w.writeLong(nonce);
 * w.writeBytes(to);
 * w.endList(list);
 * byte[] encoded = w.toByteArray();
 * }</pre>
 */
public final class RlpWriter {
  private byte[] buf;
  private int size;

  public RlpWriter() {
    this(128);
  }

  public RlpWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Writes a byte string. */
  public RlpWriter writeBytes(byte[] b) {
    return writeBytes(b, 0, b.length);
  }

  public RlpWriter writeBytes(byte[] b, int off, int len) {
    if (len == 1 && (b[off] & 0xff) < 0x80) {
      ensure(1);
      buf[size++] = b[off];
      return this;
    }
    writeHeader(0x80, len);
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  /** Writes an unsigned integer in minimal big-endian form (zero is the empty string). */
  public RlpWriter writeLong(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("RLP integers are unsigned: " + v);
    }
    if (v == 0) {
      ensure(1);
      buf[size++] = (byte) 0x80;
      return this;
    }
    if (v < 0x80) {
      ensure(1);
      buf[size++] = (byte) v;
      return this;
    }
    int n = byteLength(v);
    ensure(1 + n);
    buf[size++] = (byte) (0x80 + n);
    for (int i = n - 1; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** Writes {@code v} read as an unsigned 64-bit integer (uint64 header fields). */
  public RlpWriter writeUnsignedLong(long v) {
    if (v >= 0) {
      return writeLong(v);
    }
    ensure(9);
    buf[size++] = (byte) 0x88;
    for (int i = 7; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /** Writes a non-negative integer in minimal big-endian form. */
  public RlpWriter writeBigInteger(BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("RLP integers are unsigned: " + v);
    }
    if (v.bitLength() < 63) {
      return writeLong(v.longValue());
    }
    byte[] b = v.toByteArray();
    int off = b[0] == 0 ? 1 : 0;
    return writeBytes(b, off, b.length - off);
  }

  /** Writes an integer given as big-endian bytes, stripping leading zeros. */
  public RlpWriter writeUnsigned(byte[] bigEndian) {
    int off = 0;
    while (off < bigEndian.length && bigEndian[off] == 0) {
      off++;
    }
    return writeBytes(bigEndian, off, bigEndian.length - off);
  }

  /** Appends bytes that already are a complete RLP item. */
  public RlpWriter writeRaw(byte[] encoded) {
    ensure(encoded.length);
    System.arraycopy(encoded, 0, buf, size, encoded.length);
    size += encoded.length;
    return this;
  }

  /** Writes the empty list {@code 0xc0}. */
  public RlpWriter writeEmptyList() {
    ensure(1);
    buf[size++] = (byte) 0xc0;
    return this;
  }

  /** Opens a list; pass the returned mark to {@link #endList(int)}. */
  public int startList() {
    return size;
  }

  /** Closes the list opened at {@code mark}, inserting its header before the payload. */
  public RlpWriter endList(int mark) {
    int payload = size - mark;
    int headerLen = payload < 56 ? 1 : 1 + byteLength(payload);
    ensure(headerLen);
    System.arraycopy(buf, mark, buf, mark + headerLen, payload);
    if (payload < 56) {
      buf[mark] = (byte) (0xc0 + payload);
    } else {
      int n = headerLen - 1;
      buf[mark] = (byte) (0xf7 + n);
      for (int i = 0; i < n; i++) {
        buf[mark + 1 + i] = (byte) (payload >>> (8 * (n - 1 - i)));
      }
    }
    size += headerLen;
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Encodes a single byte string. */
  public static byte[] encodeBytes(byte[] b) {
    return new RlpWriter(b.length + 9).writeBytes(b).toByteArray();
  }

  /** Encodes a list of already-encoded items. */
  public static byte[] encodeList(byte[]... encodedItems) {
    RlpWriter w = new RlpWriter();
    int mark = w.startList();
    for (byte[] item : encodedItems) {
      w.writeRaw(item);
    }
    return w.endList(mark).toByteArray();
  }

  private void writeHeader(int base, int len) {
    if (len < 56) {
      ensure(1);
      buf[size++] = (byte) (base + len);
    } else {
      int n = byteLength(len);
      ensure(1 + n);
      buf[size++] = (byte) (base + 55 + n);
      for (int i = n - 1; i >= 0; i--) {
        buf[size++] = (byte) (len >>> (8 * i));
      }
    }
  }

  private static int byteLength(long v) {
    return (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }
}
