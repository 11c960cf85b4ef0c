package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's network as real processes: four {@code gridledger node} validators of
 * genesis/devnet-bft.json (signers: test-mnemonic indices 10-13) and one full node, each its own
 * JVM with its own RocksDB, talking devp2p on 127.0.0.1 (OS-chosen ports, read from the printed
 * enode URLs). Blocks become final; a transfer sent to one node's JSON-RPC is included and all five
 * report the same block hashes; after {@code kill -9} of a validator the other three keep
 * finalizing; restarted on its data directory it catches up and proposes again.
 */
class BftProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);

  private final Path dir = Path.of("target", "bft-process-test", Long.toString(System.nanoTime()));
  private final List<Process> processes = new ArrayList<>();

  record Node(Process process, NodeClient rpc, String enode) {}

  private Node start(String name, PrivateKey validator, List<String> bootnodes)
      throws IOException, InterruptedException {
    NodeLauncher.Started s =
        NodeLauncher.startOnDevnetBft(dir.resolve(name), Optional.ofNullable(validator), bootnodes);
    processes.add(s.process());
    return new Node(s.process(), s.rpc(), s.enode());
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static long head(Node n) throws IOException, InterruptedException {
    return Long.decode(n.rpc().result("eth_blockNumber", "[]").asText());
  }

  private static String hashAt(Node n, long number) throws IOException, InterruptedException {
    JsonNode block =
        n.rpc().result("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    return block.isNull() ? null : block.get("hash").asText();
  }

  interface Check {
    boolean holds() throws IOException, InterruptedException;
  }

  private static void await(String what, Check check) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  private static boolean allAtLeast(List<Node> nodes, long height)
      throws IOException, InterruptedException {
    for (Node n : nodes) {
      if (head(n) < height) {
        return false;
      }
    }
    return true;
  }

  @Test
  void fourValidatorProcessesFinalizeSurviveAKillAndTheRestartedOneCatchesUp() throws Exception {
    List<Node> validators = new ArrayList<>();
    List<String> enodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Node v = start("validator" + i, KEYS.get(10 + i), List.copyOf(enodes));
      validators.add(v);
      enodes.add(v.enode());
    }
    Node full = start("full", null, List.copyOf(enodes));
    List<Node> all = new ArrayList<>(validators);
    all.add(full);
    await("block 2 on all five", () -> allAtLeast(all, 2));

    Transaction tx = NodeClient.transfer(KEYS.get(0), 0, Address.ofLow(0xBEEF), 777);
    String txHash =
        validators
            .get(2)
            .rpc()
            .result("eth_sendRawTransaction", "[\"" + Hex.encode(tx.encode()) + "\"]")
            .asText();
    await(
        "the transfer's receipt on all five",
        () -> {
          for (Node n : all) {
            if (n.rpc().result("eth_getTransactionReceipt", "[\"" + txHash + "\"]").isNull()) {
              return false;
            }
          }
          return true;
        });
    long common = Long.MAX_VALUE;
    for (Node n : all) {
      common = Math.min(common, head(n));
    }
    for (long h = 1; h <= common; h++) {
      String expected = hashAt(validators.get(0), h);
      for (Node n : all) {
        assertThat(hashAt(n, h)).as("block %d", h).isEqualTo(expected);
      }
    }

    // kill -9 one validator: the other three (3 of 4 equal weights > 2/3) keep finalizing.
    validators.get(3).process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    long killedAt = head(validators.get(0));
    List<Node> rest = List.of(validators.get(0), validators.get(1), validators.get(2), full);
    await("three validators finalize 3 more blocks", () -> allAtLeast(rest, killedAt + 3));

    // Restarted on its data directory, it catches up and agrees.
    Node restarted = start("validator3", KEYS.get(13), enodes.subList(0, 3));
    long target = head(validators.get(0)) + 1;
    await("the restarted validator at " + target, () -> head(restarted) >= target);
    assertThat(hashAt(restarted, target)).isEqualTo(hashAt(validators.get(0), target));
    assertThat(hashAt(restarted, killedAt + 2)).isEqualTo(hashAt(full, killedAt + 2));

    // It takes part again: a later block is its proposal (the coinbase is the proposer's signer).
    String signer = KEYS.get(13).address().toString().toLowerCase(Locale.ROOT);
    long[] next = {target + 1};
    await(
        "a block proposed by the restarted validator",
        () -> {
          while (head(validators.get(0)) >= next[0]) {
            JsonNode block =
                validators
                    .get(0)
                    .rpc()
                    .result(
                        "eth_getBlockByNumber", "[\"0x" + Long.toHexString(next[0]) + "\", false]");
            if (block.get("miner").asText().toLowerCase(Locale.ROOT).equals(signer)) {
              return true;
            }
            next[0]++;
          }
          return false;
        });
  }
}
