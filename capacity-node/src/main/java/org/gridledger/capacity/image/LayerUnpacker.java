package org.gridledger.capacity.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies OCI image layers (tar or tar+gzip changesets) to a root file system directory, following
 * the OCI image spec's "Image Layer Filesystem Changeset": whiteout files {@code .wh.<name>} delete
 * {@code <name>} from lower layers, {@code .wh..wh..opq} makes a directory opaque (its lower-layer
 * contents are removed).
 *
 * <p>Containment: an entry name with a {@code ..} component or a NUL is refused, and every
 * directory on an entry's way is resolved inside the root as if the root were {@code /}: a symlink
 * met on the way (absolute or relative, however many) is followed within the root, never out of it,
 * so a layer cannot write through {@code evil -> /etc}. Hard-link targets are resolved the same
 * way. The last component is never followed: it is replaced.
 *
 * <p>Ownership is the archive's uid/gid plus {@code idShift} (the host uid that a user namespace
 * maps to container uid 0; 0 without one). Device nodes are not created (a workload gets its
 * devices from the runtime); they are skipped and counted.
 *
 * <p>Only call with verified blobs from {@link BlobStore}: this class trusts nothing about the
 * archive except that it passed the digest check.
 */
public final class LayerUnpacker {
  private static final Logger LOG = LoggerFactory.getLogger(LayerUnpacker.class);
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final int MAX_SYMLINKS = 255;

  /** Default cap on the bytes of file content one image may unpack to (a gzip bomb stops here). */
  public static final long DEFAULT_MAX_BYTES = 8L << 30;

  /** Cap on the entries of one layer. */
  public static final int MAX_ENTRIES = 1_000_000;

  private final long idShift;
  private final long maxBytes;
  private long written;

  public LayerUnpacker(long idShift) {
    this(idShift, DEFAULT_MAX_BYTES);
  }

  /**
   * @param idShift host uid/gid of the container's root (0 without a user namespace)
   * @param maxBytes the most file content all layers applied by this unpacker may write
   */
  public LayerUnpacker(long idShift, long maxBytes) {
    if (idShift < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("idShift and maxBytes must be >= 0");
    }
    this.idShift = idShift;
    this.maxBytes = maxBytes;
  }

  /** Unpacks all layers of {@code image} into {@code rootfs} (created when absent), in order. */
  public void unpack(OciImage image, Path rootfs) throws IOException {
    Files.createDirectories(rootfs);
    // The root directory belongs to the (shifted) root user, 0755, whatever the umask.
    chownShifted(rootfs);
    Files.setAttribute(rootfs, "unix:mode", 0755);
    for (OciImage.Layer layer : image.layers()) {
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(layer.blob()), 1 << 16)) {
        apply(layer.gzip() ? new GZIPInputStream(raw, 1 << 16) : raw, rootfs);
      } catch (ImageException | java.util.zip.ZipException e) {
        throw new ImageException("layer " + layer.descriptor().digest() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Applies one uncompressed layer changeset read from {@code tar} to {@code rootfs}. */
  public void apply(InputStream tar, Path rootfs) throws IOException {
    Path root = rootfs.toAbsolutePath().normalize();
    TarReader reader = new TarReader(tar);
    Set<Path> thisLayer = new HashSet<>();
    List<Runnable> directoryTimes = new ArrayList<>();
    int skippedDevices = 0;
    TarReader.Entry e;
    int entries = 0;
    while ((e = reader.next()) != null) {
      if (++entries > MAX_ENTRIES) {
        throw new ImageException("more than " + MAX_ENTRIES + " entries in one layer");
      }
      List<String> parts = components(e.name());
      if (parts.isEmpty()) {
        continue; // "./": the root itself keeps its attributes
      }
      String base = parts.get(parts.size() - 1);
      Path parent = resolveInside(root, parts.subList(0, parts.size() - 1), true);
      if (base.equals(OPAQUE)) {
        clearExcept(parent, thisLayer);
        continue;
      }
      if (base.startsWith(WHITEOUT)) {
        String victim = base.substring(WHITEOUT.length());
        if (victim.isEmpty() || victim.equals(".") || victim.equals("..")) {
          throw new ImageException("entry " + e.name() + ": malformed whiteout");
        }
        deleteRecursively(parent.resolve(victim));
        continue;
      }
      Path target = parent.resolve(base);
      thisLayer.add(target);
      switch (e.type()) {
        case TarReader.DIRECTORY -> {
          if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
              && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
          }
          Files.createDirectories(target);
          setMetadata(target, e);
          long mtime = e.mtime();
          directoryTimes.add(() -> setTime(target, mtime));
        }
        case TarReader.REGULAR -> {
          written += e.size();
          if (written > maxBytes) {
            throw new ImageException(
                "entry " + e.name() + ": image content exceeds the unpack limit of " + maxBytes);
          }
          replace(target);
          try (var out = Files.newOutputStream(target)) {
            reader.content().transferTo(out);
          }
          setMetadata(target, e);
          setTime(target, e.mtime());
        }
        case TarReader.SYMLINK -> {
          replace(target);
          Files.createSymbolicLink(target, Path.of(e.linkName()));
          setOwner(target, e);
        }
        case TarReader.HARDLINK -> {
          List<String> linkParts = components(e.linkName());
          if (linkParts.isEmpty()) {
            throw new ImageException("entry " + e.name() + ": hard link to the root");
          }
          Path linkParent = resolveInside(root, linkParts.subList(0, linkParts.size() - 1), false);
          Path existing = linkParent.resolve(linkParts.get(linkParts.size() - 1));
          if (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageException(
                "entry " + e.name() + ": hard link target " + e.linkName() + " does not exist");
          }
          replace(target);
          Files.createLink(target, existing);
        }
        case TarReader.CHAR_DEVICE, TarReader.BLOCK_DEVICE, TarReader.FIFO -> skippedDevices++;
        default ->
            throw new ImageException(
                "entry " + e.name() + ": unsupported tar type '" + e.type() + "'");
      }
    }
    // Directory times last: creating children changes them.
    directoryTimes.reversed().forEach(Runnable::run);
    if (skippedDevices > 0) {
      LOG.atInfo().addKeyValue("count", skippedDevices).log("device nodes and fifos skipped");
    }
  }

  /** Splits a tar name into components; refuses {@code ..}, NUL and empty names. */
  static List<String> components(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new ImageException("entry " + name + ": NUL in name");
    }
    List<String> out = new ArrayList<>();
    for (String p : name.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        throw new ImageException("entry " + name + ": '..' component would leave the root");
      }
      if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
        throw new ImageException("entry " + name + ": a component longer than 255 bytes");
      }
      out.add(p);
    }
    return out;
  }

  /**
   * Resolves directory components inside {@code root}: symlinks are followed as if {@code root}
   * were the file system root, {@code ..} never climbs above it. With {@code create}, missing
   * directories are created (mode 0755, owned by the shifted root, like umoci does for implied
   * parents).
   */
  Path resolveInside(Path root, List<String> dirs, boolean create) throws IOException {
    Deque<String> todo = new ArrayDeque<>(dirs);
    Deque<String> done = new ArrayDeque<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        done.pollLast(); // at the root, stays at the root
        continue;
      }
      Path current = root;
      for (String d : done) {
        current = current.resolve(d);
      }
      Path next = current.resolve(c);
      if (Files.isSymbolicLink(next)) {
        if (++links > MAX_SYMLINKS) {
          throw new ImageException("too many symlinks resolving " + String.join("/", dirs));
        }
        String target = Files.readSymbolicLink(next).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> expanded = new ArrayList<>(List.of(target.split("/")));
        for (int i = expanded.size() - 1; i >= 0; i--) {
          todo.addFirst(expanded.get(i));
        }
        continue;
      }
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        if (!create) {
          throw new ImageException("path " + String.join("/", dirs) + " does not exist");
        }
        Files.createDirectory(next);
        chownShifted(next);
        Files.setAttribute(next, "unix:mode", 0755);
      } else if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
        throw new ImageException("path component " + next + " is not a directory");
      }
      done.addLast(c);
    }
    Path out = root;
    for (String d : done) {
      out = out.resolve(d);
    }
    return out;
  }

  private static void replace(Path target) throws IOException {
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      deleteRecursively(target);
    } else {
      Files.deleteIfExists(target);
    }
  }

  private static void clearExcept(Path dir, Set<Path> keep) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        if (!keep.contains(child)) {
          deleteRecursively(child);
        }
      }
    }
  }

  /** Deletes a file or tree without following symlinks. */
  public static void deleteRecursively(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
        for (Path child : children) {
          deleteRecursively(child);
        }
      }
    }
    Files.deleteIfExists(p);
  }

  private void chownShifted(Path p) throws IOException {
    Files.setAttribute(p, "unix:uid", Math.toIntExact(idShift), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", Math.toIntExact(idShift), LinkOption.NOFOLLOW_LINKS);
  }

  private void setOwner(Path p, TarReader.Entry e) throws IOException {
    Files.setAttribute(
        p, "unix:uid", Math.toIntExact(e.uid() + idShift), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(
        p, "unix:gid", Math.toIntExact(e.gid() + idShift), LinkOption.NOFOLLOW_LINKS);
  }

  private void setMetadata(Path p, TarReader.Entry e) throws IOException {
    setOwner(p, e); // before the mode: chown clears setuid/setgid
    int mode = e.mode() & 07777;
    if ((mode & 07000) == 0) {
      Files.setAttribute(p, "unix:mode", mode);
    } else {
      chmodSpecial(p, mode); // the JDK's unix:mode drops setuid, setgid and sticky
    }
  }

  private static void chmodSpecial(Path p, int mode) throws IOException {
    Process chmod =
        new ProcessBuilder("chmod", Integer.toOctalString(mode), "--", p.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String out = new String(chmod.getInputStream().readAllBytes());
      if (chmod.waitFor() != 0) {
        throw new IOException("chmod " + Integer.toOctalString(mode) + " " + p + ": " + out);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ie);
    }
  }

  private static void setTime(Path p, long epochSeconds) {
    try {
      Files.setLastModifiedTime(p, FileTime.fromMillis(epochSeconds * 1000));
    } catch (IOException ignored) {
      // mtimes are informational; a failure to set one does not change what the workload runs
    }
  }
}
