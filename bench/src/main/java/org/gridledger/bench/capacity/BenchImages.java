package org.gridledger.bench.capacity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridledger.capacity.image.Digest;
import org.gridledger.capacity.image.ImageConfig;
import org.gridledger.capacity.image.OciLayoutWriter;
import org.gridledger.capacity.image.TarWriter;

/**
 * The benchmark's two images, written into an OCI layout directory with the agent's own {@link
 * OciLayoutWriter}: Debian's static busybox with a few applets, serving {@code /www} with {@code
 * httpd}, or spinning a shell loop (one core of CPU, no I/O).
 */
final class BenchImages {
  static final Path BUSYBOX = Path.of("/usr/bin/busybox");
  static final int HTTPD_PORT = 8080;
  static final String INDEX_HTML = "<h1>capacity bench</h1>\n";

  private BenchImages() {}

  /** busybox httpd on {@link #HTTPD_PORT}, serving {@link #INDEX_HTML}. */
  static Digest httpd(Path layout) throws IOException {
    return image(layout, "httpd", List.of("httpd", "-f", "-p", "" + HTTPD_PORT, "-h", "/www"));
  }

  /** A shell busy loop: it wants one core, as long as it runs. */
  static Digest busy(Path layout) throws IOException {
    return image(layout, "busy", List.of("sh", "-c", "while :; do :; done"));
  }

  private static Digest image(Path layout, String ref, List<String> cmd) throws IOException {
    if (!Files.isExecutable(BUSYBOX)) {
      throw new IllegalStateException(
          BUSYBOX + " missing: scripts/ensure-os-packages.sh busybox-static installs it");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(bytes);
    for (String d : List.of("bin", "etc", "www", "tmp", "data", "run", "proc", "dev")) {
      tar.directory(d, d.equals("tmp") ? 01777 : 0755, 0, 0);
    }
    tar.file("bin/busybox", 0755, 0, 0, Files.readAllBytes(BUSYBOX));
    for (String applet : List.of("sh", "httpd", "sleep", "cat", "true")) {
      tar.symlink("bin/" + applet, "busybox", 0, 0);
    }
    tar.file("www/index.html", 0644, 0, 0, INDEX_HTML.getBytes(StandardCharsets.UTF_8));
    tar.file(
        "etc/passwd", 0644, 0, 0, "root:x:0:0:root:/:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    tar.finish();
    return new OciLayoutWriter(layout)
        .image(
            ref, new ImageConfig(List.of(), List.of(), cmd, "/", ""), List.of(bytes.toByteArray()));
  }
}
