package org.gridledger.capacity;

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

/** Test images built by our own {@link OciLayoutWriter} from Debian's busybox-static. */
public final class TestImages {
  public static final Path BUSYBOX = Path.of("/usr/bin/busybox");
  public static final String INDEX_HTML = "<h1>hello from gridledger</h1>\n";

  static final List<String> APPLETS =
      List.of(
          "sh",
          "httpd",
          "dd",
          "sleep",
          "cat",
          "ls",
          "id",
          "echo",
          "wget",
          "nc",
          "head",
          "test",
          "[",
          "true",
          "false",
          "yes",
          "seq",
          "find",
          "grep",
          "mkdir",
          "touch",
          "stat",
          "rm",
          "ps",
          "kill",
          "wc",
          "df",
          "hostname",
          "ip",
          "ifconfig",
          "mount",
          "cp",
          "chmod",
          "sync",
          "timeout");

  private TestImages() {}

  /**
   * A one-layer image: /bin/busybox with applet symlinks, /www/index.html, /etc/passwd; entrypoint
   * none, cmd {@code sh}. Returns its manifest digest (ref name {@code busybox}).
   */
  public static Digest busybox(Path layoutDir) throws IOException {
    return busybox(layoutDir, "busybox", List.of("sh"));
  }

  /**
   * The same image serving /www with busybox httpd on port {@link #HTTPD_PORT} by default (cmd
   * {@code httpd -f -p 8080 -h /www}), ref name {@code httpd}.
   */
  public static Digest busyboxHttpd(Path layoutDir) throws IOException {
    return busybox(layoutDir, "httpd", List.of("httpd", "-f", "-p", "" + HTTPD_PORT, "-h", "/www"));
  }

  /** The same image running {@code cmd} by default, under ref name {@code refName}. */
  public static Digest busyboxRunning(Path layoutDir, String refName, List<String> cmd)
      throws IOException {
    return busybox(layoutDir, refName, cmd);
  }

  /** The port {@link #busyboxHttpd} listens on inside the workload. */
  public static final int HTTPD_PORT = 8080;

  private static Digest busybox(Path layoutDir, String refName, List<String> cmd)
      throws IOException {
    if (!Files.isExecutable(BUSYBOX)) {
      throw new IllegalStateException(
          BUSYBOX
              + " missing: install busybox-static (scripts/ensure-os-packages.sh busybox-static)");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(bytes);
    for (String d : List.of("bin", "etc", "www", "tmp", "data", "run", "proc", "dev")) {
      tar.directory(d, d.equals("tmp") ? 01777 : 0755, 0, 0);
    }
    tar.file("bin/busybox", 0755, 0, 0, Files.readAllBytes(BUSYBOX));
    for (String applet : APPLETS) {
      tar.symlink("bin/" + applet, "busybox", 0, 0);
    }
    tar.file("www/index.html", 0644, 0, 0, INDEX_HTML.getBytes(StandardCharsets.UTF_8));
    tar.file(
        "etc/passwd",
        0644,
        0,
        0,
        "root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"
            .getBytes(StandardCharsets.UTF_8));
    tar.finish();
    return new OciLayoutWriter(layoutDir)
        .image(
            refName,
            new ImageConfig(List.of("GREETING=hi"), List.of(), cmd, "/", ""),
            List.of(bytes.toByteArray()));
  }
}
