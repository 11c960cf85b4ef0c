package org.gridledger.core.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's JNI library and then removes the copy it extracted.
 *
 * <p>Why: rocksdbjni copies its 17 MB native library out of the jar into {@code java.io.tmpdir}
 * under a random name at every start and leaves its removal to {@code deleteOnExit}, which runs
 * only on a normal JVM exit. A node stops through its shutdown hook and {@code Runtime.halt} (to
 * keep its exit status), and a killed one never exits normally, so every start of a node left a
 * copy behind: 3,858 of them (62 GB) had filled this project's disk before this class. Once the
 * library is mapped into the process the file is no longer needed (Linux keeps a mapped file's
 * contents until the last mapping goes), so it is unlinked right after loading; the process's own
 * memory map names it, which finds the random name.
 */
public final class RocksDbLibrary {
  private static final Path MAPS = Path.of("/proc/self/maps");

  private RocksDbLibrary() {}

  /** Loads the library (once per JVM; RocksDB itself keeps it loaded) and unlinks its copy. */
  public static void load() {
    RocksDB.loadLibrary();
    unlinkExtractedCopies(MAPS, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Deletes every {@code librocksdbjni*.so} in {@code tmpDir} that {@code maps} (a {@code
   * /proc/<pid>/maps} file) shows mapped; does nothing where there is no such file.
   *
   * @return the paths deleted
   */
  static List<Path> unlinkExtractedCopies(Path maps, Path tmpDir) {
    if (!Files.isReadable(maps)) {
      return List.of();
    }
    Path dir = tmpDir.toAbsolutePath().normalize();
    try (var lines = Files.lines(maps)) {
      List<Path> copies =
          lines
              .map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')).strip())
              .filter(p -> !p.isEmpty())
              .map(Path::of)
              .filter(p -> dir.equals(p.getParent()))
              .filter(
                  p -> {
                    String name = p.getFileName().toString();
                    return name.startsWith("librocksdbjni") && name.endsWith(".so");
                  })
              .distinct()
              .toList();
      for (Path copy : copies) {
        Files.deleteIfExists(copy);
      }
      return copies;
    } catch (IOException | RuntimeException e) {
      // Leaving the copy behind is what happened before; never fail a start over it.
      return List.of();
    }
  }
}
