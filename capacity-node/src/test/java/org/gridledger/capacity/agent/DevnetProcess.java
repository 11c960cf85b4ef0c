package org.gridledger.capacity.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code gridledger dev} process for these tests ({@code --rpc-port 0 --block-time 0}),
 * ready once it prints "Listening on &lt;url&gt;". The client-sdk module has the same starter in
 * its test sources, which are not published as a test-jar; this is the small local one the task
 * allows until one shared starter exists.
 */
final class DevnetProcess implements AutoCloseable {
  private final Process process;
  private final String url;

  private DevnetProcess(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  static DevnetProcess start(Path dataDir) throws IOException {
    Path jar =
        Path.of(
            System.getProperty("gridledger.app.jar", "../ledger-node/app/target/gridledger.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build with -pl capacity-node -am");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "dev",
                "--rpc-port",
                "0",
                "--block-time",
                "0",
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> listening = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                  if (line.startsWith("Listening on ")) {
                    listening.complete(line.substring("Listening on ".length()).trim());
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              listening.completeExceptionally(
                  new IllegalStateException("gridledger dev exited: " + output));
            });
    try {
      return new DevnetProcess(p, listening.get(90, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("gridledger dev did not start: " + output, e);
    }
  }

  String url() {
    return url;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
