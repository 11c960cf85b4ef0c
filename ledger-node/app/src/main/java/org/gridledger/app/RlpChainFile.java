package org.gridledger.app;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a chain file as {@code geth export} writes it: block RLPs one after another, each an RLP
 * list. Only the list header is parsed here; the block itself is decoded by the chain.
 */
final class RlpChainFile implements AutoCloseable {
  /** A block larger than this is refused rather than allocated (geth's blocks are far smaller). */
  static final int MAX_BLOCK_BYTES = 256 * 1024 * 1024;

  /** One block's bytes and where they start in the file. */
  record Item(long offset, byte[] rlp) {}

  /** The file is not a sequence of RLP lists. */
  static final class ChainFileException extends IOException {
    private static final long serialVersionUID = 1L;

    ChainFileException(String message) {
      super(message);
    }
  }

  private final InputStream in;
  private long offset;

  RlpChainFile(Path file) throws IOException {
    this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
  }

  /** The next block, or {@code null} at the end of the file. */
  Item next() throws IOException {
    long start = offset;
    int prefix = in.read();
    if (prefix < 0) {
      return null;
    }
    offset++;
    if (prefix < 0xc0) {
      throw new ChainFileException(
          String.format(
              "offset %d: expected an RLP list (a block), found prefix byte 0x%02x",
              start, prefix));
    }
    long length;
    byte[] header;
    if (prefix <= 0xf7) {
      length = prefix - 0xc0;
      header = new byte[] {(byte) prefix};
    } else {
      int lengthOfLength = prefix - 0xf7;
      header = new byte[1 + lengthOfLength];
      header[0] = (byte) prefix;
      readFully(header, 1, lengthOfLength, start);
      length = 0;
      for (int i = 1; i < header.length; i++) {
        length = (length << 8) | (header[i] & 0xff);
      }
      if (length < 0 || length > MAX_BLOCK_BYTES) {
        throw new ChainFileException(
            "offset " + start + ": block of " + length + " bytes exceeds " + MAX_BLOCK_BYTES);
      }
    }
    byte[] rlp = new byte[header.length + (int) length];
    System.arraycopy(header, 0, rlp, 0, header.length);
    readFully(rlp, header.length, (int) length, start);
    return new Item(start, rlp);
  }

  private void readFully(byte[] b, int off, int len, long itemStart) throws IOException {
    int n = in.readNBytes(b, off, len);
    offset += n;
    if (n < len) {
      throw new ChainFileException(
          "offset "
              + itemStart
              + ": file ends inside a block ("
              + (len - n)
              + " of its bytes are missing)");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
