package org.gridledger.capacity.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A streaming reader of POSIX tar archives (ustar, with pax extended headers and the GNU long-name
 * extensions that image builders emit). Format facts from POSIX.1-2001 "pax" and the GNU tar
 * manual.
 *
 * <p>{@link #next()} returns the next entry; its content is read from {@link #content()} before the
 * next call (unread content is skipped). Malformed headers raise {@link ImageException} with the
 * byte offset of the header.
 */
public final class TarReader {
  /** Entry types of the ustar {@code typeflag} field. */
  public static final char REGULAR = '0';

  public static final char HARDLINK = '1';
  public static final char SYMLINK = '2';
  public static final char CHAR_DEVICE = '3';
  public static final char BLOCK_DEVICE = '4';
  public static final char DIRECTORY = '5';
  public static final char FIFO = '6';

  /** One archive member as the unpacker needs it (pax and GNU overrides applied). */
  public record Entry(
      String name,
      char type,
      int mode,
      long uid,
      long gid,
      long size,
      long mtime,
      String linkName) {}

  private final InputStream in;
  private long offset;
  private long remaining;
  private long padding;

  public TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end of the archive. */
  public Entry next() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    Map<String, String> pax = new HashMap<>();
    String longName = null;
    String longLink = null;
    while (true) {
      long headerOffset = offset;
      byte[] h = new byte[512];
      if (!readFully(h)) {
        return null; // tolerate archives without the two zero blocks
      }
      if (isZero(h)) {
        return null;
      }
      verifyChecksum(h, headerOffset);
      char type = (char) (h[156] == 0 ? '0' : h[156]);
      long size = number(h, 124, 12, headerOffset, "size");
      if (size < 0) {
        throw new ImageException("tar header at offset " + headerOffset + ": negative size");
      }
      switch (type) {
        case 'x', 'g', 'L', 'K' -> {
          if (size > (1 << 20)) {
            throw new ImageException("tar header at offset " + headerOffset + ": metadata too big");
          }
          byte[] data = new byte[(int) size];
          if (!readFully(data)) {
            throw new ImageException("tar: truncated metadata entry at offset " + headerOffset);
          }
          skip(pad(size));
          if (type == 'x') {
            pax.putAll(parsePax(data, headerOffset));
          } else if (type == 'L') {
            longName = cString(data, 0, data.length);
          } else if (type == 'K') {
            longLink = cString(data, 0, data.length);
          } // 'g': global headers carry nothing the unpacker uses
          continue;
        }
        default -> {}
      }
      String name = cString(h, 0, 100);
      String prefix = isUstar(h) ? cString(h, 345, 155) : "";
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      String link = cString(h, 157, 100);
      if (longName != null) {
        name = longName;
      }
      if (longLink != null) {
        link = longLink;
      }
      name = pax.getOrDefault("path", name);
      link = pax.getOrDefault("linkpath", link);
      int mode = (int) (number(h, 100, 8, headerOffset, "mode") & 07777);
      long uid = paxNumber(pax, "uid", number(h, 108, 8, headerOffset, "uid"), headerOffset);
      long gid = paxNumber(pax, "gid", number(h, 116, 8, headerOffset, "gid"), headerOffset);
      size = paxNumber(pax, "size", size, headerOffset);
      long mtime = number(h, 136, 12, headerOffset, "mtime");
      String paxMtime = pax.get("mtime");
      if (paxMtime != null) {
        // Seconds with an optional fraction; the unpacker keeps whole seconds.
        int dot = paxMtime.indexOf('.');
        try {
          mtime = Long.parseLong(dot < 0 ? paxMtime : paxMtime.substring(0, dot));
        } catch (NumberFormatException e) {
          throw new ImageException("tar pax header before offset " + headerOffset + ": mtime");
        }
      }
      boolean hasData = type == REGULAR || type == '7' || type == '\0';
      remaining = hasData ? size : 0;
      padding = hasData ? pad(size) : 0;
      if (!hasData && type != DIRECTORY && size > 0 && type != HARDLINK) {
        // Other types may declare a size but store no data we use; skip it.
        remaining = size;
        padding = pad(size);
      }
      return new Entry(name, type == '7' ? REGULAR : type, mode, uid, gid, size, mtime, link);
    }
  }

  /** The content of the entry last returned by {@link #next()}. */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new ImageException("tar: archive truncated inside an entry at offset " + offset);
        }
        remaining -= n;
        offset += n;
        return n;
      }
    };
  }

  private static long pad(long size) {
    return (512 - (size % 512)) % 512;
  }

  private boolean readFully(byte[] b) throws IOException {
    int done = 0;
    while (done < b.length) {
      int n = in.read(b, done, b.length - done);
      if (n < 0) {
        if (done == 0) {
          return false;
        }
        throw new ImageException("tar: archive truncated at offset " + (offset + done));
      }
      done += n;
    }
    offset += b.length;
    return true;
  }

  private void skip(long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new ImageException("tar: archive truncated at offset " + offset);
      }
      n -= r;
      offset += r;
    }
  }

  private static boolean isZero(byte[] h) {
    for (byte b : h) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUstar(byte[] h) {
    return h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
  }

  private static void verifyChecksum(byte[] h, long at) {
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    long stored = number(h, 148, 8, at, "checksum");
    if (stored != sum) {
      throw new ImageException(
          "tar header at offset " + at + ": checksum " + stored + " != computed " + sum);
    }
  }

  /** Octal (NUL/space terminated) or, with the high bit of the first byte set, base-256 (GNU). */
  private static long number(byte[] h, int off, int len, long at, String field) {
    if ((h[off] & 0x80) != 0) {
      long v = h[off] & 0x7f;
      for (int i = 1; i < len; i++) {
        if (v > (Long.MAX_VALUE >> 8)) {
          throw new ImageException("tar header at offset " + at + ": " + field + " overflows");
        }
        v = (v << 8) | (h[off + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (h[i] == ' ' || h[i] == 0)) {
      i++;
    }
    for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
      if (h[i] < '0' || h[i] > '7') {
        throw new ImageException(
            "tar header at offset " + at + ": " + field + " is not octal at byte " + (i - off));
      }
      v = (v << 3) | (h[i] - '0');
    }
    return v;
  }

  private static long paxNumber(Map<String, String> pax, String key, long fallback, long at) {
    String v = pax.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ImageException("tar pax header before offset " + at + ": " + key + "=" + v);
    }
  }

  /** Pax records are {@code "<len> <key>=<value>\n"} where len counts the whole record. */
  private static Map<String, String> parsePax(byte[] data, long at) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < data.length) {
      int sp = i;
      while (sp < data.length && data[sp] != ' ') {
        sp++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new ImageException("tar pax header at offset " + at + ": bad record length");
      }
      if (len <= sp - i + 1 || i + len > data.length || data[i + len - 1] != '\n') {
        throw new ImageException("tar pax header at offset " + at + ": malformed record");
      }
      String rec = new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq <= 0) {
        throw new ImageException("tar pax header at offset " + at + ": record without '='");
      }
      out.put(rec.substring(0, eq), rec.substring(eq + 1));
      i += len;
    }
    return out;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }
}
