package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.devnet.HeaderSeal;
import org.gridledger.core.storage.RocksDbStorage;
import org.junit.jupiter.api.Test;

/**
 * Starts {@code gridledger dev} as a real process (the main class in a child JVM with the test
 * class path, since the shaded jar is only built after the tests), talks to it over HTTP, stops it
 * with SIGTERM and checks what it left in RocksDB.
 */
class DevProcessTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Pattern LISTENING = Pattern.compile("Listening on (http://\\S+)");
  static final Pattern SEALED = Pattern.compile("sealed block (\\d+)");

  /** Under target/ rather than the shared /tmp; left in place for inspection after a failure. */
  private final Path dir = Path.of("target", "dev-process-test", Long.toString(System.nanoTime()));

  @Test
  void devAnswersEthChainIdProducesBlocksAndStopsCleanlyOnSigterm() throws Exception {
    Files.createDirectories(dir);
    Path dataDir = dir.resolve("data");
    Path log = dir.resolve("dev.log");
    Process process = startDev(dataDir, log);
    try {
      String url = awaitLine(log, LISTENING).group(1);
      // Nothing a killed node would leave behind in the temporary directory: no Vert.x file cache,
      // no extracted RocksDB library (RocksDbLibrary unlinks it once loaded).
      try (var left = Files.list(dir.resolve("tmp"))) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.startsWith("vertx-cache") || name.startsWith("librocksdbjni"));
      }
      List<String> all = Files.readAllLines(log);
      assertThat(all).anyMatch(l -> l.contains("Chain id     1337"));
      assertThat(all).anyMatch(l -> l.contains("(0) 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));

      HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(WAIT)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_chainId\",\"params\":[]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x539\"}");

      // The grid contracts are predeployed and initialised: PricingPolicy.owner() (selector
      // 0x8da5cb5b) is dev account 0.
      assertThat(all)
          .anyMatch(l -> l.contains("PricingPolicy") && l.contains("0x" + "0".repeat(36) + "1004"));
      HttpResponse<String> owner =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(WAIT)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"eth_call\",\"params\":"
                              + "[{\"to\":\"0x0000000000000000000000000000000000001004\","
                              + "\"data\":\"0x8da5cb5b\"},\"latest\"]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(owner.body())
          .isEqualTo(
              "{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":\"0x"
                  + "000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266\"}");

      long sealed = 0;
      while (sealed < 3) {
        sealed = Long.parseLong(awaitLine(log, SEALED).group(1));
      }

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(Files.readAllLines(log)).contains("shutting down ...", "gridledger stopped");
      // A clean stop on SIGTERM exits with 0 (RunUntilShutdown), not the JVM's 128 + 15.
      assertThat(process.exitValue()).isEqualTo(0);
    } finally {
      process.destroyForcibly();
    }

    // RocksDB was closed (its lock released) and holds the sealed chain.
    try (RocksDbStorage db = new RocksDbStorage(dataDir.resolve("db"))) {
      Blockchain chain = Blockchain.open(db, DevnetGenesis.load().config());
      assertThat(chain.head().number()).isGreaterThanOrEqualTo(3);
      BlockHeader head = chain.head();
      assertThat(HeaderSeal.signer(head)).contains(DevnetGenesis.accountKeys().get(0).address());
    }
  }

  /**
   * {@code gridledger dev} on {@code dataDir} with 200 ms blocks, its output into {@code log}, its
   * {@code java.io.tmpdir} a {@code tmp} directory next to the log (to see what it leaves there).
   */
  static Process startDev(Path dataDir, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path tmp = Files.createDirectories(log.resolveSibling("tmp"));
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx512m",
            "-Djava.io.tmpdir=" + tmp.toAbsolutePath(),
            "-cp",
            System.getProperty("java.class.path"),
            GridledgerCommand.class.getName(),
            "dev",
            "--rpc-port",
            "0",
            "--block-time",
            "200ms",
            "--data-dir",
            dataDir.toString())
        .redirectErrorStream(true)
        // A file, not a pipe: the JDK may drop piped output a child writes while it exits.
        .redirectOutput(log.toFile())
        .start();
  }

  @Test
  void aNodeWhoseDataDirectoryIsDeletedStopsAndSaysWhy() throws Exception {
    Files.createDirectories(dir);
    Path dataDir = dir.resolve("data");
    Path log = dir.resolve("dev.log");
    Process process = startDev(dataDir, log);
    try {
      awaitLine(log, LISTENING);
      awaitLine(log, SEALED);
      NodeAssembly.deleteRecursively(dataDir);
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(process.exitValue()).isEqualTo(RunUntilShutdown.DATA_DIRECTORY_LOST);
      assertThat(Files.readAllLines(log))
          .anyMatch(
              l ->
                  l.startsWith("error: the data directory ")
                      && l.contains("was deleted while the node was running"))
          .contains("shutting down ...");
    } finally {
      process.destroyForcibly();
    }
  }

  /** Waits for a line of the child's log matching {@code pattern}; returns the latest match. */
  static Matcher awaitLine(Path log, Pattern pattern) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        Matcher m = pattern.matcher(lines.get(i));
        if (m.find()) {
          return m;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no line matching " + pattern + " in:\n" + String.join("\n", Files.readAllLines(log)));
  }
}
