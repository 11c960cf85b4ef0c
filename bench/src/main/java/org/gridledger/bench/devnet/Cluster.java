package org.gridledger.bench.devnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridledger.bench.load.JsonRpc;
import org.gridledger.bench.load.NodeProcess;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;

/**
 * The nodes of one setup as real processes: the BFT devnet (four validators and one full node of
 * {@code gridledger node}, as {@code scripts/devnet.sh} starts them) or a single {@code gridledger
 * dev} node with one-second blocks on the same genesis. Load goes to {@link #nodes()}; inclusion is
 * watched on {@link #watched()}, the full node on the devnet, which only stores finalized blocks.
 */
final class Cluster implements AutoCloseable {
  private final String name;
  private final List<NodeProcess> nodes;
  private final NodeProcess watched;

  private Cluster(String name, List<NodeProcess> nodes, NodeProcess watched) {
    this.name = name;
    this.nodes = List.copyOf(nodes);
    this.watched = watched;
  }

  String name() {
    return name;
  }

  List<NodeProcess> nodes() {
    return nodes;
  }

  NodeProcess watched() {
    return watched;
  }

  /**
   * Starts validator 0..3 (signers: test-mnemonic accounts 10-13, evidence paid by accounts 1-4;
   * each dials the ones started before it) and then the full node dialling all four, and waits
   * until the full node has stored block 2.
   */
  static Cluster devnet(Path jar, List<String> jvmArgs, Path genesis, Path work)
      throws IOException, InterruptedException {
    List<PrivateKey> keys = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);
    List<NodeProcess> started = new ArrayList<>();
    List<String> enodes = new ArrayList<>();
    try {
      for (int i = 0; i <= 4; i++) {
        String nodeName = i < 4 ? "validator" + i : "full";
        Path dir = work.resolve(nodeName);
        Files.createDirectories(dir);
        int port = NodeProcess.freePort();
        List<String> cmd = java(jvmArgs, jar);
        cmd.addAll(
            List.of(
                "node",
                "--genesis",
                genesis.toString(),
                "--data-dir",
                dir.resolve("data").toString(),
                "--rpc-port",
                Integer.toString(port),
                "--p2p-port",
                "0"));
        if (i < 4) {
          cmd.addAll(
              List.of(
                  "--validator-key-file",
                  writeKey(dir.resolve("validator.key"), keys.get(10 + i)).toString(),
                  "--evidence-key-file",
                  writeKey(dir.resolve("operator.key"), keys.get(1 + i)).toString()));
        }
        if (!enodes.isEmpty()) {
          cmd.addAll(List.of("--bootnodes", String.join(",", enodes)));
        }
        cmd.addAll(nodeArgs());
        Path log = work.resolve(nodeName + ".log");
        NodeProcess node = NodeProcess.start(nodeName, cmd, port, dir.resolve("data"), log);
        started.add(node);
        enodes.add(awaitEnode(log, node));
      }
      NodeProcess full = started.getLast();
      awaitBlock(new JsonRpc(full.http()), 2, 120);
      return new Cluster("devnet", started, full);
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.forEach(NodeProcess::close);
      throw e;
    }
  }

  /** Starts {@code gridledger dev --genesis <genesis> --block-time 1}. */
  static Cluster dev(Path jar, List<String> jvmArgs, Path genesis, Path work)
      throws IOException, InterruptedException {
    Path dir = work.resolve("dev");
    int port = NodeProcess.freePort();
    List<String> cmd = java(jvmArgs, jar);
    cmd.addAll(
        List.of(
            "dev",
            "--genesis",
            genesis.toString(),
            "--block-time",
            "1",
            "--data-dir",
            dir.resolve("data").toString(),
            "--rpc-port",
            Integer.toString(port)));
    NodeProcess node =
        NodeProcess.start("dev", cmd, port, dir.resolve("data"), work.resolve("dev.log"));
    try {
      awaitBlock(new JsonRpc(node.http()), 1, 60);
    } catch (IOException | InterruptedException | RuntimeException e) {
      node.close();
      throw e;
    }
    return new Cluster("dev", List.of(node), node);
  }

  /** Extra {@code gridledger node} options, e.g. {@code --log-level debug}. */
  private static List<String> nodeArgs() {
    String extra = System.getProperty("gridledger.devnet.nodeArgs", "").trim();
    return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
  }

  private static List<String> java(List<String> jvmArgs, Path jar) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString()));
    return cmd;
  }

  private static Path writeKey(Path file, PrivateKey key) throws IOException {
    Files.writeString(file, HexFormat.of().formatHex(key.toBytes()) + "\n");
    return file;
  }

  /** The {@code enode://} URL the node prints on its "Enode" line. */
  private static String awaitEnode(Path log, NodeProcess node)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("Enode ")) {
          return line.substring(line.lastIndexOf(' ') + 1);
        }
      }
      if (!node.handle().isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new IOException(node.name() + " printed no Enode line (log: " + log + ")");
  }

  private static void awaitBlock(JsonRpc rpc, long number, int seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (Long.decode(rpc.call("eth_blockNumber").asText()) < number) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "no block " + number + " at " + rpc.endpoint() + " in " + seconds + " s");
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    for (NodeProcess n : nodes.reversed()) {
      n.close();
    }
  }
}
