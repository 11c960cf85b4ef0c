package org.gridledger.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gridledger dev} as a real process: {@code java -jar ledger-node/app/target/gridledger.jar
 * dev} with a block per transaction, base fee zero (so gas price zero is included and balances
 * change by transferred value only, as on anvil) and a free RPC port, read from the "Listening on"
 * line it prints. The chain lives in a temporary directory the node deletes when it stops.
 */
final class GridledgerNode implements ChainNode {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("^Listening on (http://\\S+)$");

  private final Process process;
  private final String url;

  private GridledgerNode(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** The fat jar the reactor builds before this module (test dependency on gridledger-app). */
  static Path jar(Path contractsDir) {
    String configured = System.getProperty("gridledger.jar");
    Path jar =
        configured != null
            ? Path.of(configured)
            : contractsDir.resolve("../ledger-node/app/target/gridledger.jar").normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (./mvnw -pl contracts -am verify builds it)");
    }
    return jar;
  }

  /** Starts the devnet with the suite's options plus {@code extraOptions}. */
  static GridledgerNode start(Path contractsDir, List<String> extraOptions)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path logDir = contractsDir.resolve("target/gridledger");
    Files.createDirectories(logDir);
    Path log = Files.createTempFile(logDir, "gridledger-dev-", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-jar",
                jar(contractsDir).toString(),
                "dev",
                "--block-time",
                "0",
                "--rpc-port",
                "0",
                "--base-fee",
                "0"));
    if (!extraOptions.contains("--gas-limit")) {
      command.addAll(List.of("--gas-limit", "60000000"));
    }
    command.addAll(extraOptions);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (String line : Files.readAllLines(log)) {
        Matcher m = LISTENING.matcher(line.strip());
        if (m.matches()) {
          return new GridledgerNode(process, m.group(1));
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "gridledger dev exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    new GridledgerNode(process, "").close();
    throw new IllegalStateException(
        "gridledger dev printed no 'Listening on' line within " + STARTUP_TIMEOUT + ": " + log);
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public void close() {
    // SIGTERM: the node's shutdown hook stops it and deletes its temporary data directory.
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
