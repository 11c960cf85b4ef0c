package org.gridledger.sdk.devnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@code gridledger dev} process for tests: {@code java -jar
 * ledger-node/app/target/gridledger.jar dev --rpc-port 0 --block-time 0 --data-dir <scratch>},
 * ready once it prints "Listening on &lt;url&gt;"; {@link #close()} stops it.
 *
 * <p>A small copy of what the contracts tests will get from the devrpc branch (not merged into this
 * branch yet); once both are in main, one shared starter should replace both.
 */
public final class DevnetProcess implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private final Process process;
  private final String url;
  private final List<String> output;

  private DevnetProcess(Process process, String url, List<String> output) {
    this.process = process;
    this.url = url;
    this.output = output;
  }

  /** Starts a devnet with its chain in a fresh directory under the module's target/. */
  public static DevnetProcess start() throws IOException, InterruptedException {
    Path jar =
        Path.of(
            System.getProperty("gridledger.app.jar", "../ledger-node/app/target/gridledger.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build with ./mvnw -pl client-sdk -am verify (the reactor builds it)");
    }
    Path scratch = Path.of(System.getProperty("gridledger.sdk.scratch", "target/test-scratch"));
    Path dataDir =
        scratch.resolve(
            "devnet-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    Files.createDirectories(scratch);
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                javaBin,
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
            .redirectErrorStream(true);
    Process process = pb.start();
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
                  new IllegalStateException("gridledger dev exited: " + String.join("\n", output)));
            },
            "gridledger-dev-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String url = listening.get(90, TimeUnit.SECONDS);
      return new DevnetProcess(process, url, output);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "gridledger dev did not start: " + String.join("\n", output), e);
    }
  }

  /** The HTTP JSON-RPC URL (the same port serves WebSocket). */
  public String url() {
    return url;
  }

  /** What the process printed so far. */
  public List<String> output() {
    return List.copyOf(output);
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
