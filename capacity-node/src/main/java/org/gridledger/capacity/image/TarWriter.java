package org.gridledger.capacity.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes ustar archives (POSIX.1-1988), with a pax extended header for names or link targets longer
 * than the 100-byte fields. Enough to build image layers for tests and tools; {@link #finish()}
 * writes the two zero blocks that end an archive.
 */
public final class TarWriter {
  private final OutputStream out;

  public TarWriter(OutputStream out) {
    this.out = out;
  }

  public void directory(String name, int mode, int uid, int gid) throws IOException {
    header(name.endsWith("/") ? name : name + "/", TarReader.DIRECTORY, mode, uid, gid, 0, "");
  }

  public void file(String name, int mode, int uid, int gid, byte[] content) throws IOException {
    header(name, TarReader.REGULAR, mode, uid, gid, content.length, "");
    out.write(content);
    pad(content.length);
  }

  public void symlink(String name, String target, int uid, int gid) throws IOException {
    header(name, TarReader.SYMLINK, 0777, uid, gid, 0, target);
  }

  public void hardlink(String name, String target, int uid, int gid) throws IOException {
    header(name, TarReader.HARDLINK, 0644, uid, gid, 0, target);
  }

  /** Writes the end-of-archive marker; the stream is not closed. */
  public void finish() throws IOException {
    out.write(new byte[1024]);
    out.flush();
  }

  private void header(String name, char type, int mode, int uid, int gid, long size, String link)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100 || linkBytes.length > 100) {
      StringBuilder pax = new StringBuilder();
      if (nameBytes.length > 100) {
        pax.append(paxRecord("path", name));
      }
      if (linkBytes.length > 100) {
        pax.append(paxRecord("linkpath", link));
      }
      byte[] data = pax.toString().getBytes(StandardCharsets.UTF_8);
      writeHeader("PaxHeader", 'x', 0644, 0, 0, data.length, "");
      out.write(data);
      pad(data.length);
    }
    writeHeader(name, type, mode, uid, gid, size, link);
  }

  private static String paxRecord(String key, String value) {
    int body = 1 + key.length() + 1 + value.getBytes(StandardCharsets.UTF_8).length + 1;
    int len = body + Integer.toString(body).length();
    if (Integer.toString(len).length() != Integer.toString(body).length()) {
      len++;
    }
    return len + " " + key + "=" + value + "\n";
  }

  private void writeHeader(
      String name, char type, int mode, int uid, int gid, long size, String link)
      throws IOException {
    byte[] h = new byte[512];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 1_700_000_000L);
    h[156] = (byte) type;
    put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    out.write(h);
  }

  private static void put(byte[] h, int off, int len, byte[] v) {
    System.arraycopy(v, 0, h, off, Math.min(len, v.length));
  }

  /** Zero-padded octal with a trailing NUL, filling {@code len} bytes. */
  private static void octal(byte[] h, int off, int len, long v) {
    String s = Long.toOctalString(v);
    if (s.length() > len - 1) {
      throw new IllegalArgumentException("value " + v + " does not fit a " + len + "-byte field");
    }
    s = "0".repeat(len - 1 - s.length()) + s;
    put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
  }

  private void pad(long size) throws IOException {
    int p = (int) ((512 - size % 512) % 512);
    out.write(new byte[p]);
  }
}
