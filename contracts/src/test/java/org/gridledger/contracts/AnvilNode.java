package org.gridledger.contracts;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real anvil process (the npm package pinned in contracts/package.json) on a free loopback port.
 *
 * <p>Blocks are mined per transaction, with base fee and gas price zero so that account balances
 * change by transferred value only. {@link #close()} ends the process and its children (the npm
 * launcher spawns the platform binary).
 */
final class AnvilNode implements ChainNode {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** anvil's and hardhat's default; the suite reads the chain id from the node. */
  static final long CHAIN_ID = 31337;

  private final Process process;
  private final String url;
  private final Path log;

  private AnvilNode(Process process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /**
   * Starts anvil from {@code <contractsDir>/node_modules/.bin/anvil} and waits until it answers.
   */
  static AnvilNode start(Path contractsDir) throws IOException, InterruptedException {
    return start(contractsDir, List.of("--gas-limit", "60000000"));
  }

  /** Starts anvil with extra command-line options (for example no block gas limit). */
  static AnvilNode start(Path contractsDir, List<String> extraOptions)
      throws IOException, InterruptedException {
    Path anvil = contractsDir.resolve("node_modules/.bin/anvil");
    if (!Files.isExecutable(anvil)) {
      throw new IllegalStateException(
          anvil + " is missing: the Maven build runs `npm ci` in contracts/ (needs node and npm)");
    }
    int port = freePort();
    Path logDir = contractsDir.resolve("target/anvil");
    Files.createDirectories(logDir);
    Path log = logDir.resolve("anvil-" + port + ".log");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                anvil.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--hardfork",
                "cancun",
                "--chain-id",
                Long.toString(CHAIN_ID),
                "--accounts",
                "1",
                "--block-base-fee-per-gas",
                "0",
                "--gas-price",
                "0"));
    command.addAll(extraOptions);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    AnvilNode node = new AnvilNode(process, "http://127.0.0.1:" + port, log);
    node.awaitReady();
    return node;
  }

  @Override
  public String url() {
    return url;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
            .build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "anvil exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("result")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("anvil did not answer within " + STARTUP_TIMEOUT);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
