package org.gridledger.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hex;

/**
 * {@code gridledger node} as a real child process, for the BFT process tests: the main class in a
 * child JVM with the test's class path, RPC on an OS-chosen port, output to a log file, the
 * validator key (if any) in a file of the node's directory as an operator would keep it.
 */
final class NodeLauncher {
  static final Pattern ENODE = Pattern.compile("Enode +(enode://\\S+)");

  /** Small node JVMs: several share the two cores of a test machine. */
  static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  /** A started node: its process, RPC client, enode URL and log. */
  record Started(Process process, NodeClient rpc, String enode, Path log) {}

  private NodeLauncher() {}

  /**
   * The command line of a node whose files live in {@code home} ({@code data/}, {@code
   * validator.key}).
   *
   * @param p2pPort 0 lets the OS choose (a restarted node passes its first port to keep its enode)
   */
  static List<String> command(
      List<String> jvmOptions,
      Path genesis,
      Path home,
      int p2pPort,
      Optional<PrivateKey> validator,
      List<String> bootnodes)
      throws IOException {
    Files.createDirectories(home);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            GridledgerCommand.class.getName(),
            "node",
            "--genesis",
            genesis.toString(),
            "--data-dir",
            home.resolve("data").toString(),
            "--rpc-port",
            "0",
            "--p2p-port",
            Integer.toString(p2pPort)));
    if (validator.isPresent()) {
      Path key = home.resolve("validator.key");
      Files.writeString(key, Hex.encode(validator.get().toBytes()) + "\n");
      command.addAll(List.of("--validator-key-file", key.toString()));
    }
    if (!bootnodes.isEmpty()) {
      command.addAll(List.of("--bootnodes", String.join(",", bootnodes)));
    }
    return command;
  }

  /**
   * A small node of {@code genesis/devnet-bft.json} in {@code home}, its log named by start time.
   */
  static Started startOnDevnetBft(Path home, Optional<PrivateKey> validator, List<String> bootnodes)
      throws IOException, InterruptedException {
    return start(
        command(
            SMALL_JVM,
            GenesisCommandTest.REPO.resolve("genesis/devnet-bft.json"),
            home,
            0,
            validator,
            bootnodes),
        home.resolve("node-" + System.nanoTime() + ".log"));
  }

  /** Runs {@code command} with its output in {@code log} and waits for its RPC URL and enode. */
  static Started start(List<String> command, Path log) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String url = DevProcessTest.awaitLine(log, DevProcessTest.LISTENING).group(1);
      String enode = DevProcessTest.awaitLine(log, ENODE).group(1);
      return new Started(p, new NodeClient(url), enode, log);
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
  }
}
