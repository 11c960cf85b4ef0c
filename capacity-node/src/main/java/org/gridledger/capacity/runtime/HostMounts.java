package org.gridledger.capacity.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.gridledger.capacity.bundle.Bundle;

/**
 * The host-side file systems of a workload.
 *
 * <p>The writable volume is a sparse file of exactly {@code diskBytes} formatted ext4 and
 * loop-mounted: its size is a hard limit the workload cannot exceed (ENOSPC), it uses host disk
 * only as written, and deleting the file deletes every byte of the workload's data. A tmpfs would
 * be simpler but counts against memory, not disk, and sru is disk.
 *
 * <p>Secrets live on a 1 MiB tmpfs (RAM only, never on disk) owned by the workload's root, each
 * secret a 0400 file.
 */
final class HostMounts {
  static final long SECRETS_TMPFS_BYTES = 1L << 20;

  private HostMounts() {}

  static void createVolume(Bundle bundle) throws IOException {
    Path image = bundle.volumeImage();
    Files.deleteIfExists(image);
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(bundle.limits().diskBytes());
    }
    long owner = bundle.hostRootId();
    Commands.run(
        List.of(
            "mkfs.ext4",
            "-q",
            "-F",
            "-E",
            "root_owner=" + owner + ":" + owner,
            "-m",
            "0",
            image.toString()));
    Files.createDirectories(bundle.volumeMount());
    Commands.run(
        List.of(
            "mount", "-o", "loop,nosuid,nodev", image.toString(), bundle.volumeMount().toString()));
    // mkfs puts lost+found there; the workload owns the whole file system.
    Path lostFound = bundle.volumeMount().resolve("lost+found");
    if (Files.isDirectory(lostFound, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(lostFound);
    }
  }

  static void createSecrets(Bundle bundle, Map<String, byte[]> secrets) throws IOException {
    Path dir = bundle.secretsMount();
    Files.createDirectories(dir);
    long owner = bundle.hostRootId();
    Commands.run(
        List.of(
            "mount",
            "-t",
            "tmpfs",
            "-o",
            "size="
                + SECRETS_TMPFS_BYTES
                + ",mode=0500,uid="
                + owner
                + ",gid="
                + owner
                + ",nosuid,nodev,noexec",
            "gl-secrets",
            dir.toString()));
    for (var e : secrets.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.write(file, e.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.setAttribute(file, "unix:uid", (int) owner);
      Files.setAttribute(file, "unix:gid", (int) owner);
      Files.setAttribute(file, "unix:mode", 0400);
    }
  }

  /** Unmounts whatever of the bundle's mounts is mounted (lazily, so a stuck user cannot block). */
  static void unmountAll(Path secretsMount, Path volumeMount) {
    for (Path p : List.of(secretsMount, volumeMount)) {
      if (isMountPoint(p)) {
        Commands.run(List.of("umount", "-l", p.toString()));
      }
    }
  }

  static boolean isMountPoint(Path p) {
    try {
      String target = p.toAbsolutePath().normalize().toString();
      for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
        String[] f = line.split(" ");
        if (f.length > 1 && f[1].replace("\\040", " ").equals(target)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
