package org.gridledger.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbLibraryTest {
  @Test
  void onlyTheMappedRocksDbCopiesInTheTempDirectoryAreDeleted(@TempDir Path dir) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path copy = Files.writeString(tmp.resolve("librocksdbjni123456.so"), "x");
    Path notMapped = Files.writeString(tmp.resolve("librocksdbjni999.so"), "x");
    Path otherLibrary = Files.writeString(tmp.resolve("libother.so"), "x");
    Path elsewhere = Files.writeString(dir.resolve("librocksdbjni777.so"), "x");
    Path maps =
        Files.write(
            dir.resolve("maps"),
            List.of(
                "7f0000000000-7f0000001000 r-xp 00000000 fd:00 123 " + copy,
                "7f0000001000-7f0000002000 r--p 00001000 fd:00 123 " + copy,
                "7f0000002000-7f0000003000 r-xp 00000000 fd:00 124 " + otherLibrary,
                "7f0000003000-7f0000004000 r-xp 00000000 fd:00 125 " + elsewhere,
                "7f0000004000-7f0000005000 rw-p 00000000 00:00 0 ",
                "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                  [stack]"));

    assertThat(RocksDbLibrary.unlinkExtractedCopies(maps, tmp)).containsExactly(copy);
    assertThat(copy).doesNotExist();
    assertThat(notMapped).exists();
    assertThat(otherLibrary).exists();
    assertThat(elsewhere).exists();
  }

  @Test
  void noMapsFileMeansNothingIsDeleted(@TempDir Path dir) {
    assertThat(RocksDbLibrary.unlinkExtractedCopies(dir.resolve("missing"), dir)).isEmpty();
  }

  @Test
  void afterLoadingThisProcessKeepsNoCopyInTheTempDirectory() throws Exception {
    RocksDbLibrary.load();
    List<String> mapped =
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(l -> l.contains("librocksdbjni"))
            .toList();
    assertThat(mapped).as("the library is loaded").isNotEmpty();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    for (String line : mapped) {
      String path = line.substring(line.indexOf('/')).strip();
      // Linux marks a mapped file that was unlinked with " (deleted)"
      if (!path.endsWith("(deleted)")) {
        assertThat(Path.of(path).getParent()).as(line).isNotEqualTo(tmp);
      }
    }
  }
}
