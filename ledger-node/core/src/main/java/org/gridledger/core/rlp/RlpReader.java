package org.gridledger.core.rlp;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A cursor over a sequence of RLP items inside {@code data[start, end)}. Reading never copies
 * except where a method returns a new array. Decoding is strict: a single byte below 0x80 must not
 * be wrapped in a string header, lengths must use the short form when they fit and have no leading
 * zeros, and an item may not claim more bytes than its enclosing list holds.
 *
 * <p>Not thread-safe; cheap to create.
 */
public final class RlpReader {
  private final byte[] data;
  private int pos;
  private final int end;

  public RlpReader(byte[] data) {
    this(data, 0, data.length);
  }

  public RlpReader(byte[] data, int start, int end) {
    this.data = data;
    this.pos = start;
    this.end = end;
  }

  /**
   * Decodes {@code data} as exactly one item and returns a reader positioned on it. Trailing bytes
   * after the item are rejected.
   */
  public static RlpReader single(byte[] data) {
    RlpReader r = new RlpReader(data);
    if (!r.hasNext()) {
      throw new RlpException("empty input", 0);
    }
    int itemEnd = r.itemEnd();
    if (itemEnd != data.length) {
      throw new RlpException(
          "trailing bytes after the top-level item (" + (data.length - itemEnd) + " bytes)",
          itemEnd);
    }
    return r;
  }

  /** Current offset in the underlying array. */
  public int position() {
    return pos;
  }

  public boolean hasNext() {
    return pos < end;
  }

  /** Whether the next item is a list. */
  public boolean nextIsList() {
    requireItem();
    return (data[pos] & 0xff) >= 0xc0;
  }

  /** Whether the next item is the empty string {@code 0x80}. */
  public boolean nextIsEmptyString() {
    requireItem();
    return (data[pos] & 0xff) == 0x80;
  }

  /**
   * Enters the list at the cursor and returns a reader over its items; this reader moves past it.
   */
  public RlpReader readList() {
    Header h = header();
    if (!h.list) {
      throw new RlpException("expected a list, found a string", pos);
    }
    RlpReader inner = new RlpReader(data, h.payloadStart, h.payloadEnd);
    pos = h.payloadEnd;
    return inner;
  }

  /** Reads a string item and returns a copy of its payload. */
  public byte[] readBytes() {
    Header h = header();
    if (h.list) {
      throw new RlpException("expected a string, found a list", pos);
    }
    pos = h.payloadEnd;
    return Arrays.copyOfRange(data, h.payloadStart, h.payloadEnd);
  }

  /** Reads a string item of exactly {@code size} bytes. */
  public byte[] readBytes(int size, String what) {
    int at = pos;
    byte[] b = readBytes();
    if (b.length != size) {
      throw new RlpException(what + " must be " + size + " bytes, got " + b.length, at);
    }
    return b;
  }

  /** Reads the next item (string or list) and returns its whole encoding, header included. */
  public byte[] readRaw() {
    int start = pos;
    int itemEnd = itemEnd();
    pos = itemEnd;
    return Arrays.copyOfRange(data, start, itemEnd);
  }

  /** Skips the next item. */
  public void skip() {
    pos = itemEnd();
  }

  /** Reads a scalar that must fit in an unsigned 63-bit {@code long}. */
  public long readLong() {
    int at = pos;
    Header h = scalarHeader();
    int len = h.payloadEnd - h.payloadStart;
    if (len > 8 || (len == 8 && data[h.payloadStart] < 0)) {
      throw new RlpException("integer does not fit in 63 bits (" + len + " bytes)", at);
    }
    long v = 0;
    for (int i = h.payloadStart; i < h.payloadEnd; i++) {
      v = (v << 8) | (data[i] & 0xff);
    }
    pos = h.payloadEnd;
    return v;
  }

  /**
   * Reads a scalar of at most 8 bytes as an unsigned 64-bit value (Ethereum's uint64 header fields:
   * number, gas limit, gas used, timestamp); compare results with {@link Long#compareUnsigned}.
   */
  public long readUnsignedLong() {
    int at = pos;
    Header h = scalarHeader();
    int len = h.payloadEnd - h.payloadStart;
    if (len > 8) {
      throw new RlpException("integer does not fit in 64 bits (" + len + " bytes)", at);
    }
    long v = 0;
    for (int i = h.payloadStart; i < h.payloadEnd; i++) {
      v = (v << 8) | (data[i] & 0xff);
    }
    pos = h.payloadEnd;
    return v;
  }

  /** Reads a scalar that must fit in a non-negative {@code int}. */
  public int readInt() {
    int at = pos;
    long v = readLong();
    if (v > Integer.MAX_VALUE) {
      throw new RlpException("integer does not fit in 31 bits", at);
    }
    return (int) v;
  }

  /** Reads a non-negative scalar of at most {@code maxBytes} bytes. */
  public BigInteger readBigInteger(int maxBytes) {
    int at = pos;
    Header h = scalarHeader();
    int len = h.payloadEnd - h.payloadStart;
    if (len > maxBytes) {
      throw new RlpException("integer longer than " + maxBytes + " bytes (" + len + ")", at);
    }
    pos = h.payloadEnd;
    if (len == 0) {
      return BigInteger.ZERO;
    }
    return new BigInteger(1, data, h.payloadStart, len);
  }

  /** Reads a 256-bit unsigned scalar. */
  public BigInteger readUInt256() {
    return readBigInteger(32);
  }

  /** Fails unless every item of this reader has been read. */
  public void ensureEnd(String what) {
    if (pos != end) {
      throw new RlpException(what + " has unexpected extra items", pos);
    }
  }

  // ---- header parsing ----

  private record Header(boolean list, int payloadStart, int payloadEnd) {}

  private void requireItem() {
    if (pos >= end) {
      throw new RlpException("unexpected end of input, expected an item", pos);
    }
  }

  private int itemEnd() {
    return header().payloadEnd;
  }

  /** A string header for a scalar: no leading zero bytes allowed in canonical integers. */
  private Header scalarHeader() {
    Header h = header();
    if (h.list) {
      throw new RlpException("expected an integer, found a list", pos);
    }
    if (h.payloadEnd > h.payloadStart && data[h.payloadStart] == 0) {
      throw new RlpException("integer has a leading zero byte", pos);
    }
    return h;
  }

  private Header header() {
    requireItem();
    int b = data[pos] & 0xff;
    if (b < 0x80) {
      return new Header(false, pos, pos + 1);
    }
    if (b <= 0xb7) {
      int len = b - 0x80;
      int start = pos + 1;
      checkFits(start, len);
      if (len == 1 && (data[start] & 0xff) < 0x80) {
        throw new RlpException("single byte below 0x80 must not have a string header", pos);
      }
      return new Header(false, start, start + len);
    }
    if (b <= 0xbf) {
      int lenOfLen = b - 0xb7;
      int len = readLength(lenOfLen);
      int start = pos + 1 + lenOfLen;
      checkFits(start, len);
      return new Header(false, start, start + len);
    }
    if (b <= 0xf7) {
      int len = b - 0xc0;
      int start = pos + 1;
      checkFits(start, len);
      return new Header(true, start, start + len);
    }
    int lenOfLen = b - 0xf7;
    int len = readLength(lenOfLen);
    int start = pos + 1 + lenOfLen;
    checkFits(start, len);
    return new Header(true, start, start + len);
  }

  /**
   * Reads a long-form length of {@code lenOfLen} bytes following the prefix byte at {@code pos}.
   */
  private int readLength(int lenOfLen) {
    int start = pos + 1;
    if (start + lenOfLen > end) {
      throw new RlpException("length prefix runs past the end of input", pos);
    }
    if (data[start] == 0) {
      throw new RlpException("length has a leading zero byte", pos);
    }
    if (lenOfLen > 4) {
      throw new RlpException("length of " + lenOfLen + " bytes is too large", pos);
    }
    long len = 0;
    for (int i = 0; i < lenOfLen; i++) {
      len = (len << 8) | (data[start + i] & 0xff);
    }
    if (len < 56) {
      throw new RlpException("length " + len + " should use the short form", pos);
    }
    if (len > Integer.MAX_VALUE) {
      throw new RlpException("length " + len + " is too large", pos);
    }
    return (int) len;
  }

  private void checkFits(int start, int len) {
    if ((long) start + len > end) {
      throw new RlpException(
          "item of "
              + len
              + " bytes runs past the end of its container ("
              + (end - start)
              + " left)",
          pos);
    }
  }
}
