package org.gridledger.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/** Creates JUnit temporary directories under this module's {@code target/tmp}, mode 0711. */
public final class TargetTempDirFactory implements TempDirFactory {
  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
      throws IOException {
    Path base = Path.of("target", "tmp").toAbsolutePath();
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base, "junit-");
    // Traversable (not listable) by others: a workload's user-namespace root must reach its bundle.
    Files.setAttribute(dir, "unix:mode", 0711);
    return dir;
  }
}
