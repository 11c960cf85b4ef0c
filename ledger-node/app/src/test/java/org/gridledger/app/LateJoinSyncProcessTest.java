package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridledger.app.bft.CertifiedChains;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.crypto.PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 9's late join, with real processes: four {@code gridledger node} validators of a chain
 * built by {@code gridledger genesis build} from src/test/resources/genesis/late-join.yaml (100 ms
 * block period) already hold {@code N} finalized blocks, and keep finalizing; a fresh full node
 * given only the first validator as bootnode catches up without manual steps; its head block hash
 * and state root then equal the validators'. Prints blocks/s and tx/s replayed.
 *
 * <p>The first {@code N} blocks are not produced by {@code N} consensus rounds (four JVMs on two
 * shared cores finalize a few blocks per second, so 10,000 would take the better part of an hour):
 * the test builds them with the node's own block creator and certifies each with COMMIT seals of
 * the four genesis validators' keys, exactly the certificates consensus would produce, into the
 * first validator's data directory (RocksDB and head certificate), and copies that directory to the
 * other three. Everything after block {@code N} is real consensus between the four processes.
 *
 * <p>{@link #aFreshNodeCatchesUpWithAThousandBlocks} (1,000 blocks) runs in {@code make test};
 * {@link #aFreshNodeCatchesUpWithTenThousandBlocks} is in the surefire group {@code long}, left out
 * by default and run with {@code -Dgridledger.excludedGroups=none -Dgroups=long}.
 */
class LateJoinSyncProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);

  private final Path dir = Path.of("target", "late-join-test", Long.toString(System.nanoTime()));
  private final List<Process> processes = new ArrayList<>();

  record Node(Process process, NodeClient rpc, String enode, Path log) {}

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFreshNodeCatchesUpWithAThousandBlocks() throws Exception {
    lateJoin(1_000, Duration.ofSeconds(120));
  }

  @Test
  @Tag("long")
  void aFreshNodeCatchesUpWithTenThousandBlocks() throws Exception {
    lateJoin(10_000, Duration.ofSeconds(900));
  }

  private void lateJoin(int blocks, Duration catchUpLimit) throws Exception {
    Files.createDirectories(dir);
    Path genesis = dir.resolve("late-join.json");
    int exit =
        new CommandLine(new GridledgerCommand())
            .execute(
                "genesis",
                "build",
                "--config",
                GenesisCommandTest.REPO
                    .resolve("ledger-node/app/src/test/resources/genesis/late-join.yaml")
                    .toString(),
                "--out",
                genesis.toString());
    assertThat(exit).isZero();

    // The first N finalized blocks, into validator 0's data directory.
    Path first = dir.resolve("validator0").resolve("data");
    long t0 = System.nanoTime();
    long txs;
    GenesisJson.Loaded loaded = GenesisJson.read(genesis);
    try (RocksDbStorage db = new RocksDbStorage(first.resolve("db"))) {
      Blockchain chain = Blockchain.initialize(db, loaded.config(), loaded.genesis());
      long start = System.currentTimeMillis() / 1000 - blocks - 60;
      txs = CertifiedChains.extendWithValidators(chain, blocks, 4, 10, first, start);
    }
    assertThat(txs).as("every 4th block carries all 10 transfers").isEqualTo(blocks / 4 * 10L);
    System.out.printf(
        "late join: built %d certified blocks with %d transfers in %.1f s%n",
        blocks, txs, (System.nanoTime() - t0) / 1e9);
    for (int i = 1; i < 4; i++) {
      copy(first, dir.resolve("validator" + i).resolve("data"));
    }

    List<Node> validators = new ArrayList<>();
    List<String> enodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Node v = start(genesis, "validator" + i, KEYS.get(10 + i), List.copyOf(enodes));
      validators.add(v);
      enodes.add(v.enode());
    }
    await(
        "the validators finalize beyond the built chain",
        () -> head(validators.get(0)) > blocks + 2,
        WAIT);

    long syncStart = System.nanoTime();
    Node full = start(genesis, "full", null, List.of(enodes.getFirst()));
    await("the fresh node reaches block " + blocks, () -> head(full) >= blocks, catchUpLimit);
    double seconds = (System.nanoTime() - syncStart) / 1e9;
    System.out.printf(
        "late join: fresh node replayed %d blocks (%d tx) in %.1f s (process start included):"
            + " %.0f blocks/s, %.0f tx/s%n",
        blocks, txs, seconds, blocks / seconds, txs / seconds);

    // It follows the head: the same block hash and state root as every validator at its head.
    long target = head(validators.get(0)) + 2;
    await("the fresh node follows the head to " + target, () -> head(full) >= target, WAIT);
    JsonNode mine = block(full, target);
    for (Node v : validators) {
      JsonNode theirs = block(v, target);
      assertThat(mine.get("hash").asText()).isEqualTo(theirs.get("hash").asText());
      assertThat(mine.get("stateRoot").asText()).isEqualTo(theirs.get("stateRoot").asText());
    }
    // late-join.yaml's 100 ms block period is below a second: live blocks may share a timestamp
    // (decision 0018), never go back, and stay with the clock instead of running ahead of it.
    long previous = Long.decode(block(full, blocks).get("timestamp").asText());
    Set<Long> liveSeconds = new HashSet<>();
    for (long n = blocks + 1; n <= target; n++) {
      long ts = Long.decode(block(full, n).get("timestamp").asText());
      assertThat(ts).as("timestamp of block %d", n).isGreaterThanOrEqualTo(previous);
      liveSeconds.add(ts);
      previous = ts;
    }
    assertThat(previous).isLessThanOrEqualTo(System.currentTimeMillis() / 1000 + 1);
    System.out.printf(
        "late join: %d live blocks in %d distinct seconds%n", target - blocks, liveSeconds.size());
    JsonNode built = block(full, blocks / 2);
    assertThat(built.get("hash").asText())
        .isEqualTo(block(validators.get(3), blocks / 2).get("hash").asText());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target);
        }
      }
    }
  }

  private Node start(Path genesis, String name, PrivateKey validator, List<String> bootnodes)
      throws IOException, InterruptedException {
    Path nodeDir = dir.resolve(name);
    NodeLauncher.Started s =
        NodeLauncher.start(
            NodeLauncher.command(
                List.of("-Xmx384m"),
                genesis,
                nodeDir,
                0,
                Optional.ofNullable(validator),
                bootnodes),
            nodeDir.resolve("node-" + System.nanoTime() + ".log"));
    processes.add(s.process());
    return new Node(s.process(), s.rpc(), s.enode(), s.log());
  }

  private static long head(Node n) throws IOException, InterruptedException {
    return Long.decode(n.rpc().result("eth_blockNumber", "[]").asText());
  }

  private static JsonNode block(Node n, long number) throws IOException, InterruptedException {
    return n.rpc()
        .result("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
  }

  interface Check {
    boolean holds() throws IOException, InterruptedException;
  }

  private static void await(String what, Check check, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
