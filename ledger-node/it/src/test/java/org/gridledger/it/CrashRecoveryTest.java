package org.gridledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.types.Hash;
import org.gridledger.genesis.GridDevnet;
import org.gridledger.testsupport.DevNode;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * kill -9 at random moments while transactions stream in: {@code gridledger dev --data-dir D
 * --block-time 200ms} as a real process receives signed transactions (web3j-signed transfers and
 * ClientProbe increments from four senders) over JSON-RPC, is SIGKILLed mid-stream and restarted on
 * the same directory, {@value #KILLS} times. After each restart every receipt the node had returned
 * is still there unchanged and the head has not moved back; at the end the stored canonical chain
 * is re-executed from genesis into a fresh in-memory chain, comparing state roots block by block.
 *
 * <p>The kill moments come from a seeded random; the seed is printed and {@code
 * -Dgridledger.it.crash.seed=N} repeats a run.
 */
class CrashRecoveryTest {
  static final int KILLS = 10;
  private static final BigInteger MAX_FEE = BigInteger.valueOf(20_000_000_000L);
  private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);
  private static final long CHAIN_ID = DevnetGenesis.CHAIN_ID;

  /** What a returned receipt said; it must never change once returned. */
  record SeenReceipt(String blockHash, long blockNumber, String status, String gasUsed) {
    static SeenReceipt of(JsonNode receipt) {
      return new SeenReceipt(
          receipt.get("blockHash").asText(),
          JsonRpc.quantity(receipt.get("blockNumber")).longValueExact(),
          receipt.get("status").asText(),
          receipt.get("gasUsed").asText());
    }
  }

  private final Path dir =
      Path.of("target", "crash-recovery-test", Long.toString(System.nanoTime()));

  @Test
  void sigkillMidStreamKeepsEveryReturnedReceiptAndTheChainReplaysFromGenesis() throws Exception {
    long seed = Long.getLong("gridledger.it.crash.seed", System.nanoTime());
    System.out.println(
        "CrashRecoveryTest seed " + seed + " (-Dgridledger.it.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Files.createDirectories(dir);
    Path dataDir = dir.resolve("data");
    List<Credentials> senders = new ArrayList<>();
    for (int i = 5; i < 9; i++) {
      senders.add(DevAccounts.credentials(i));
    }
    ProbeContract probe = ProbeContract.load();
    Map<String, SeenReceipt> seen = new LinkedHashMap<>();
    long lastSeenHead = 0;
    String probeAddress = null;
    int kills = 0;

    for (int cycle = 0; cycle <= KILLS; cycle++) {
      DevNode node =
          DevNode.start(
              dir.resolve("dev-" + cycle + ".log"),
              "--data-dir",
              dataDir.toString(),
              "--block-time",
              "200ms");
      JsonRpc rpc = new JsonRpc(node.rpcUrl(), Duration.ofSeconds(30));
      try {
        // Everything returned before the kill survived it, unchanged.
        long head = JsonRpc.quantity(rpc.call("eth_blockNumber")).longValueExact();
        assertThat(head).as("head after restart %d", cycle).isGreaterThanOrEqualTo(lastSeenHead);
        for (Map.Entry<String, SeenReceipt> e : seen.entrySet()) {
          JsonNode receipt = rpc.call("eth_getTransactionReceipt", e.getKey());
          assertThat(receipt.isNull())
              .as("receipt of %s after restart %d", e.getKey(), cycle)
              .isFalse();
          assertThat(SeenReceipt.of(receipt))
              .as("receipt of %s", e.getKey())
              .isEqualTo(e.getValue());
        }
        if (cycle == KILLS) {
          break; // The final start only checks; it is stopped below and the chain replayed.
        }
        if (probeAddress == null) {
          probeAddress = deployProbe(rpc, probe, senders.get(0), seen);
        }

        Map<Credentials, BigInteger> nonces = new HashMap<>();
        for (Credentials s : senders) {
          nonces.put(
              s, JsonRpc.quantity(rpc.call("eth_getTransactionCount", s.getAddress(), "latest")));
        }
        long killAt = System.nanoTime() + Duration.ofMillis(300 + random.nextInt(1200)).toNanos();
        List<String> unanswered = new ArrayList<>();
        int sent = 0;
        while (System.nanoTime() < killAt) {
          Credentials from = senders.get(random.nextInt(senders.size()));
          BigInteger nonce = nonces.get(from);
          RawTransaction tx =
              random.nextInt(3) == 0
                  ? RawTransaction.createTransaction(
                      CHAIN_ID,
                      nonce,
                      BigInteger.valueOf(150_000),
                      probeAddress,
                      BigInteger.ZERO,
                      FunctionEncoder.encode(
                          new Function(
                              "increment",
                              List.of(
                                  new Uint256(1 + random.nextInt(100)),
                                  new Utf8String("crash cycle " + cycle)),
                              List.of())),
                      TIP,
                      MAX_FEE)
                  : RawTransaction.createTransaction(
                      CHAIN_ID,
                      nonce,
                      BigInteger.valueOf(21_000),
                      Numeric.toHexStringWithPrefixZeroPadded(
                          BigInteger.valueOf(0x1000 + random.nextInt(50)), 40),
                      BigInteger.valueOf(1 + random.nextInt(1_000_000)),
                      "",
                      TIP,
                      MAX_FEE);
          String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, from));
          unanswered.add(rpc.call("eth_sendRawTransaction", raw).asText());
          nonces.put(from, nonce.add(BigInteger.ONE));
          sent++;
          // Collect the receipts the node returns while the stream goes on.
          for (var it = unanswered.iterator(); it.hasNext(); ) {
            String hash = it.next();
            JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
            if (!receipt.isNull()) {
              seen.put(hash, SeenReceipt.of(receipt));
              it.remove();
            }
          }
          lastSeenHead =
              Math.max(
                  lastSeenHead, JsonRpc.quantity(rpc.call("eth_blockNumber")).longValueExact());
          Thread.sleep(random.nextInt(25));
        }
        assertThat(sent).as("transactions sent in cycle %d", cycle).isPositive();
      } finally {
        int exit = node.kill();
        if (cycle < KILLS) {
          assertThat(exit)
              .as("exit status after destroyForcibly (SIGKILL)")
              .isEqualTo(DevNode.SIGKILL_EXIT);
          kills++;
        }
      }
    }
    assertThat(kills).isEqualTo(KILLS);
    long maxReceiptBlock =
        seen.values().stream().mapToLong(SeenReceipt::blockNumber).max().orElse(0);
    assertThat(maxReceiptBlock).as("receipts were returned").isPositive();
    assertThat(seen.size()).isGreaterThan(KILLS);

    // Replay: the stored canonical chain re-executed from genesis gives the same roots.
    // gridledger dev starts from the grid devnet (contracts predeployed), not the bare one.
    GenesisJson.Loaded devnet = GridDevnet.load();
    try (RocksDbStorage db = new RocksDbStorage(dataDir.resolve("db"))) {
      Blockchain stored = Blockchain.open(db, devnet.config());
      assertThat(stored.head().number())
          .isGreaterThanOrEqualTo(Math.max(lastSeenHead, maxReceiptBlock));
      Blockchain fresh =
          Blockchain.initialize(new InMemoryKeyValueStore(), devnet.config(), devnet.genesis());
      assertThat(fresh.headHash()).isEqualTo(stored.blocks().canonicalHash(0).orElseThrow());
      for (long n = 1; n <= stored.head().number(); n++) {
        Hash hash = stored.blocks().canonicalHash(n).orElseThrow();
        Block block = stored.blocks().block(hash).orElseThrow();
        ImportResult result = fresh.importBlock(block);
        assertThat(result).as("replay of block %d", n).isInstanceOf(ImportResult.Imported.class);
        BlockHeader replayed = fresh.head();
        assertThat(fresh.headHash()).isEqualTo(hash);
        assertThat(replayed.stateRoot())
            .as("state root of block %d", n)
            .isEqualTo(block.header().stateRoot());
        List<Receipt> storedReceipts = stored.blocks().receipts(hash).orElseThrow();
        assertThat(fresh.blocks().receipts(hash).orElseThrow())
            .as("receipts of block %d", n)
            .isEqualTo(storedReceipts);
      }
      assertThat(fresh.head().stateRoot()).isEqualTo(stored.head().stateRoot());
      System.out.printf(
          "CrashRecoveryTest: %d kills, %d receipts kept, %d blocks replayed%n",
          kills, seen.size(), stored.head().number());
      // Every receipt returned over RPC is in a canonical block of the stored chain.
      for (SeenReceipt r : seen.values()) {
        assertThat(stored.blocks().canonicalHash(r.blockNumber()).orElseThrow().toHex())
            .isEqualTo(r.blockHash());
      }
    }
  }

  /** Deploys ClientProbe from {@code from} and waits for its receipt; returns its address. */
  private static String deployProbe(
      JsonRpc rpc, ProbeContract probe, Credentials from, Map<String, SeenReceipt> seen)
      throws Exception {
    BigInteger nonce =
        JsonRpc.quantity(rpc.call("eth_getTransactionCount", from.getAddress(), "latest"));
    RawTransaction tx =
        RawTransaction.createTransaction(
            CHAIN_ID,
            nonce,
            BigInteger.valueOf(1_000_000),
            "",
            BigInteger.ZERO,
            probe.bytecode() + FunctionEncoder.encodeConstructor(List.of(new Uint256(5))),
            TIP,
            MAX_FEE);
    String hash =
        rpc.call(
                "eth_sendRawTransaction",
                Numeric.toHexString(TransactionEncoder.signMessage(tx, from)))
            .asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
      if (!receipt.isNull()) {
        assertThat(receipt.get("status").asText()).isEqualTo("0x1");
        seen.put(hash, SeenReceipt.of(receipt));
        return receipt.get("contractAddress").asText();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no receipt for the ClientProbe deployment " + hash);
  }
}
