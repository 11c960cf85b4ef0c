package org.gridledger.capacity.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.gridledger.sdk.Capacity;

/**
 * What the node offers: detected from the machine (logical cores, MemTotal of /proc/meminfo, the
 * size of the file system holding the storage directory), each overridable to give the grid only
 * part of a machine.
 */
public final class HostCapacity {
  private HostCapacity() {}

  /** The machine's capacity, with each override that is present replacing the detected value. */
  public static Capacity detect(
      Path storageDir, OptionalLong cores, OptionalLong memoryBytes, OptionalLong diskBytes)
      throws IOException {
    long cru = cores.isPresent() ? cores.getAsLong() : Runtime.getRuntime().availableProcessors();
    long mru =
        memoryBytes.isPresent() ? memoryBytes.getAsLong() : memTotal(Path.of("/proc/meminfo"));
    Files.createDirectories(storageDir);
    long sru =
        diskBytes.isPresent()
            ? diskBytes.getAsLong()
            : Files.getFileStore(storageDir).getTotalSpace();
    return new Capacity(cru, mru, sru, 0);
  }

  /** MemTotal in bytes from a /proc/meminfo text. */
  static long memTotal(Path meminfo) throws IOException {
    for (String line : Files.readAllLines(meminfo)) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
      }
    }
    throw new IOException(meminfo + " has no MemTotal line");
  }
}
