package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridledger.core.chain.TestChains.CONFIG;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.trie.KeyValueNodeStore;
import org.gridledger.core.trie.MerklePatriciaTrie;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kills a block-importing child JVM with SIGKILL at random moments, twelve times on the same
 * RocksDB directory, and checks after each kill that the store holds a whole chain: every block up
 * to the head complete and indexed, the head's state present (flat tables included) and equal to a
 * replay of the stored blocks from genesis.
 */
class BlockchainCrashTest {
  private static final int KILLS = 12;
  private static final String EOF = "<end of output>";

  private final Path dir =
      Path.of("target", "crash-test", Long.toHexString(System.nanoTime())).toAbsolutePath();

  @AfterEach
  void cleanUp() throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void killedImportsLeaveAWholeChain() throws Exception {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    long lastHead = 0;
    int advanced = 0;
    List<Long> heads = new ArrayList<>();
    for (int round = 0; round < KILLS; round++) {
      String context = "seed " + seed + ", round " + round;
      Process child = startChild();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      List<String> output = new ArrayList<>();
      Thread reader = Thread.ofVirtual().start(() -> drain(child, lines));
      String first = lines.poll(60, TimeUnit.SECONDS);
      assertThat(first).as(context + ": child's first line").isNotNull().startsWith("head ");
      output.add(first);
      // Kill at a random moment: after a random number of imports (the machine may be slow, so
      // count blocks rather than time) plus a random delay that often lands inside an import.
      int imports = 1 + random.nextInt(6);
      for (int i = 0; i < imports; i++) {
        String line = lines.poll(60, TimeUnit.SECONDS);
        assertThat(line).as(context + ": child output " + output).isNotNull();
        output.add(line);
        if (line.equals(EOF)) {
          break;
        }
      }
      Thread.sleep(random.nextInt(40));
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing flushed or closed
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      lines.drainTo(output);
      assertThat(output).as(context).noneMatch(l -> l.startsWith("FAILED"));
      long head = verifyStore(context);
      long reported =
          output.stream()
              .filter(l -> l.startsWith("imported "))
              .mapToLong(l -> Long.parseLong(l.substring("imported ".length())))
              .max()
              .orElse(lastHead);
      assertThat(head)
          .as(context + ": every block reported imported survives the kill")
          .isGreaterThanOrEqualTo(reported);
      if (head > lastHead) {
        advanced++;
      }
      lastHead = head;
      heads.add(head);
    }
    System.out.println("crash test heads after each kill: " + heads + " (seed " + seed + ")");
    assertThat(advanced).as("rounds that imported blocks").isEqualTo(KILLS);
  }

  /** Queues the child's output lines, then {@link #EOF} when it exits or is killed. */
  private static void drain(Process child, BlockingQueue<String> lines) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException closedByKill) {
      // destroyForcibly closes the stream under us: the end of the output.
    } finally {
      lines.add(EOF);
    }
  }

  private Process startChild() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            CrashImporter.class.getName(),
            dir.toString());
    pb.redirectErrorStream(true);
    return pb.start();
  }

  /** Checks the store after a kill; returns the head number. */
  private long verifyStore(String context) {
    try (RocksDbStorage rocks = new RocksDbStorage(dir)) {
      Blockchain chain = Blockchain.open(rocks, CONFIG);
      BlockHeader head = chain.head();
      Hash headHash = chain.headHash();
      // The flat tables were committed with the head's block: they describe its state.
      assertThat(WorldState.flatRoot(rocks)).as(context).isEqualTo(head.stateRoot());
      // Every node of the head's account trie is present.
      MerklePatriciaTrie accounts =
          new MerklePatriciaTrie(new KeyValueNodeStore(rocks), head.stateRoot());
      int count = 0;
      for (Optional<byte[]> k = accounts.firstKey(); k.isPresent(); k = accounts.nextKey(k.get())) {
        count++;
      }
      assertThat(accounts.rootHash()).isEqualTo(head.stateRoot());
      assertThat(count).as(context).isGreaterThanOrEqualTo(2);

      // Replay every stored block from genesis in memory: each is complete and valid, and the
      // replay ends in the same state and receipts.
      try (InMemoryKeyValueStore memory = new InMemoryKeyValueStore()) {
        Blockchain replay = Blockchain.initialize(memory, CONFIG, TestChains.genesis());
        assertThat(chain.blocks().canonicalHash(0)).contains(replay.headHash());
        for (long n = 1; n <= head.number(); n++) {
          Hash hash = chain.blocks().canonicalHash(n).orElseThrow();
          Block block = chain.blocks().block(hash).orElseThrow();
          assertThat(block.header().parentHash())
              .isEqualTo(chain.blocks().canonicalHash(n - 1).orElseThrow());
          assertThat(replay.importBlock(block))
              .as(context + ": block " + n)
              .isInstanceOf(ImportResult.Imported.class);
          List<Receipt> receipts = chain.blocks().receipts(hash).orElseThrow();
          assertThat(receipts).isEqualTo(replay.blocks().receipts(hash).orElseThrow());
          // A block is never stored without its senders.
          assertThat(chain.blocks().senders(hash))
              .as(context + ": senders of block " + n)
              .contains(
                  block.body().transactions().stream()
                      .map(tx -> tx.sender().orElseThrow())
                      .toList());
          for (Transaction tx : block.body().transactions()) {
            assertThat(chain.blocks().transactionLocation(tx.hash())).isPresent();
          }
        }
        assertThat(replay.headHash()).as(context).isEqualTo(headHash);
        assertThat(chain.blocks().canonicalHash(head.number() + 1)).isEmpty();
      }
      return head.number();
    }
  }
}
