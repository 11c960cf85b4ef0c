package org.gridledger.network.snappy;

import java.util.Arrays;
import org.gridledger.network.WireFormatException;

/**
 * Encoder and decoder of the Snappy block format (google/snappy format_description.txt): a varint
 * of the uncompressed length, then elements whose tag's low two bits say literal (00), copy with a
 * 1-byte (01), 2-byte (10) or 4-byte (11) little-endian offset.
 *
 * <p>The decoder reads the declared length first and refuses it above the caller's limit before
 * allocating anything (EIP-706: 16 MiB for devp2p), so a small malicious input cannot make it
 * allocate much. Every malformed input is a {@link WireFormatException} naming the offset.
 *
 * <p>The encoder is a greedy LZ77 with a hash table of 4-byte sequences; its output is valid Snappy
 * but not byte-identical to Google's compressor (the format does not require that).
 */
public final class Snappy {
  /** The largest uncompressed message devp2p accepts (EIP-706: 16 MiB). */
  public static final int MAX_DEVP2P_LENGTH = 16 * 1024 * 1024;

  private static final int MIN_MATCH = 4;
  private static final int MAX_COPY_LENGTH = 64;
  private static final int MIN_HASH_BITS = 8;
  private static final int MAX_HASH_BITS = 14;

  private Snappy() {}

  /**
   * The uncompressed length a block declares in its preamble.
   *
   * @throws WireFormatException if the preamble is not a varint of at most 32 bits
   */
  public static long declaredLength(byte[] block) {
    long value = 0;
    for (int i = 0; i < 5; i++) {
      if (i >= block.length) {
        throw new WireFormatException("snappy length varint is truncated", i);
      }
      int b = block[i] & 0xff;
      if (i == 4 && b > 0x0f) {
        throw new WireFormatException("snappy length does not fit in 32 bits", i);
      }
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new WireFormatException("snappy length varint is longer than 5 bytes", 4);
  }

  private static int varintSize(long value) {
    int n = 1;
    while (value >= 0x80) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /**
   * Decompresses one block.
   *
   * @param maxLength the largest uncompressed length accepted; checked before inflating
   * @throws WireFormatException if the block is malformed, declares more than {@code maxLength}
   *     bytes, or decodes to another length than declared
   */
  public static byte[] decompress(byte[] block, int maxLength) {
    long declared = declaredLength(block);
    if (declared > maxLength) {
      throw new WireFormatException(
          "snappy block declares " + declared + " bytes, more than the limit " + maxLength, 0);
    }
    byte[] out = new byte[(int) declared];
    int op = 0;
    int pos = varintSize(declared);
    while (pos < block.length) {
      int tagAt = pos;
      int tag = block[pos++] & 0xff;
      int type = tag & 3;
      if (type == 0) {
        long length = (tag >>> 2) + 1L;
        if (length > 60) {
          int extra = (int) length - 60;
          requireBytes(block, pos, extra, "literal length", tagAt);
          length = littleEndian(block, pos, extra) + 1;
          pos += extra;
        }
        if (length > block.length - pos) {
          throw new WireFormatException(
              "literal of " + length + " bytes runs past the end of the block", tagAt);
        }
        if (length > out.length - op) {
          throw new WireFormatException(
              "literal of " + length + " bytes exceeds the declared length " + declared, tagAt);
        }
        System.arraycopy(block, pos, out, op, (int) length);
        pos += (int) length;
        op += (int) length;
        continue;
      }
      int length;
      long offset;
      switch (type) {
        case 1 -> {
          requireBytes(block, pos, 1, "copy offset", tagAt);
          length = 4 + ((tag >>> 2) & 7);
          offset = ((long) (tag >>> 5) << 8) | (block[pos] & 0xff);
          pos += 1;
        }
        case 2 -> {
          requireBytes(block, pos, 2, "copy offset", tagAt);
          length = 1 + (tag >>> 2);
          offset = littleEndian(block, pos, 2);
          pos += 2;
        }
        default -> {
          requireBytes(block, pos, 4, "copy offset", tagAt);
          length = 1 + (tag >>> 2);
          offset = littleEndian(block, pos, 4);
          pos += 4;
        }
      }
      if (offset == 0) {
        throw new WireFormatException("copy with offset 0", tagAt);
      }
      if (offset > op) {
        throw new WireFormatException(
            "copy offset " + offset + " reaches before the start of the output (" + op + ")",
            tagAt);
      }
      if (length > out.length - op) {
        throw new WireFormatException(
            "copy of " + length + " bytes exceeds the declared length " + declared, tagAt);
      }
      // Byte by byte: a copy may overlap its own output (offset < length repeats a pattern).
      int from = op - (int) offset;
      for (int i = 0; i < length; i++) {
        out[op + i] = out[from + i];
      }
      op += length;
    }
    if (op != out.length) {
      throw new WireFormatException(
          "snappy block decodes to " + op + " bytes but declares " + declared, block.length);
    }
    return out;
  }

  private static void requireBytes(byte[] block, int pos, int n, String what, int tagAt) {
    if (block.length - pos < n) {
      throw new WireFormatException(what + " runs past the end of the block", tagAt);
    }
  }

  private static long littleEndian(byte[] b, int pos, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (long) (b[pos + i] & 0xff) << (8 * i);
    }
    return v;
  }

  /**
   * Compresses {@code data} into one block. The hash table has one slot per input byte up to 2^14
   * (Google's encoder sizes it the same way): most devp2p messages are votes and small batches of a
   * few hundred bytes, and a fixed 64 KiB table per message was a tenth of all the bytes a devnet
   * node allocated under load (docs/performance.md).
   */
  public static byte[] compress(byte[] data) {
    Output out = new Output(32 + data.length + data.length / 6);
    long len = data.length;
    while (len >= 0x80) {
      out.write((int) (len & 0x7f) | 0x80);
      len >>>= 7;
    }
    out.write((int) len);
    int bits = MIN_HASH_BITS;
    while (bits < MAX_HASH_BITS && 1 << bits < data.length) {
      bits++;
    }
    int[] table = new int[1 << bits];
    Arrays.fill(table, -1);
    int shift = 32 - bits;
    int literalStart = 0;
    int i = 0;
    while (i + MIN_MATCH <= data.length) {
      int h = hash(data, i, shift);
      int candidate = table[h];
      table[h] = i;
      if (candidate >= 0 && i - candidate <= 0xffff && equal4(data, candidate, i)) {
        int matchLength = MIN_MATCH;
        while (i + matchLength < data.length
            && data[candidate + matchLength] == data[i + matchLength]) {
          matchLength++;
        }
        writeLiteral(out, data, literalStart, i - literalStart);
        writeCopies(out, i - candidate, matchLength);
        i += matchLength;
        literalStart = i;
      } else {
        i++;
      }
    }
    writeLiteral(out, data, literalStart, data.length - literalStart);
    return out.toByteArray();
  }

  /** The compressed bytes, in an array sized for the worst case up front. */
  private static final class Output {
    private final byte[] bytes;
    private int size;

    Output(int capacity) {
      bytes = new byte[capacity];
    }

    void write(int b) {
      bytes[size++] = (byte) b;
    }

    void write(byte[] from, int offset, int length) {
      System.arraycopy(from, offset, bytes, size, length);
      size += length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  private static int hash(byte[] d, int i, int shift) {
    int v =
        (d[i] & 0xff) | (d[i + 1] & 0xff) << 8 | (d[i + 2] & 0xff) << 16 | (d[i + 3] & 0xff) << 24;
    return (v * 0x1e35a7bd) >>> shift;
  }

  private static boolean equal4(byte[] d, int a, int b) {
    return d[a] == d[b] && d[a + 1] == d[b + 1] && d[a + 2] == d[b + 2] && d[a + 3] == d[b + 3];
  }

  private static void writeLiteral(Output out, byte[] data, int from, int length) {
    if (length == 0) {
      return;
    }
    int n = length - 1;
    if (n < 60) {
      out.write(n << 2);
    } else {
      int bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
      out.write((59 + bytes) << 2);
      for (int k = 0; k < bytes; k++) {
        out.write((n >>> (8 * k)) & 0xff);
      }
    }
    out.write(data, from, length);
  }

  /** Copies of at most 64 bytes each; the last piece is kept at 4 or more bytes where possible. */
  private static void writeCopies(Output out, int offset, int length) {
    while (length > 0) {
      int piece = Math.min(length, MAX_COPY_LENGTH);
      if (length - piece > 0 && length - piece < MIN_MATCH) {
        piece = length - MIN_MATCH;
      }
      if (piece >= 4 && piece <= 11 && offset < 2048) {
        out.write(1 | ((piece - 4) << 2) | ((offset >>> 8) << 5));
        out.write(offset & 0xff);
      } else {
        out.write(2 | ((piece - 1) << 2));
        out.write(offset & 0xff);
        out.write((offset >>> 8) & 0xff);
      }
      length -= piece;
    }
  }
}
