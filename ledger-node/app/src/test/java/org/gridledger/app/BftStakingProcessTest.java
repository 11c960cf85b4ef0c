package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 9, "a new validator can join a running network by staking, without restarting others; one
 * can leave by unbonding", with real processes: four {@code gridledger node} validators of a
 * genesis built by {@code gridledger genesis build} from {@code bft-staking.yaml} (10-block epochs,
 * room for five validators) and a fifth process started as a follower with a {@code
 * --validator-key-file} whose signer is not in the set. Its operator (dev account 5) registers it
 * in {@code Staking} with a signed transaction sent to the fifth node's JSON-RPC; at the next epoch
 * end the header lists it, and after that it proposes blocks and its seals certify blocks. Then the
 * operator unbonds all its stake: the following epoch end drops it, its seals stop, and the four
 * (never restarted) keep finalizing. Every certificate is checked against the set its epoch-end
 * header names.
 */
class BftStakingProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 15);
  private static final Address STAKING =
      Address.fromHex("0x0000000000000000000000000000000000001006");
  private static final long EPOCH = 10;
  private static final BigInteger STAKE = BigInteger.TEN.pow(21); // 1000 ether, like the others

  private final Path dir = Path.of("target", "bft-staking-test", Long.toString(System.nanoTime()));
  private final List<Process> processes = new ArrayList<>();
  private final VoteVerifier verifier = new VoteVerifier(DevnetGenesis.CHAIN_ID);

  record Node(Process process, NodeClient rpc, String enode, Path log) {}

  private Path buildGenesis() throws IOException {
    Files.createDirectories(dir);
    Path yaml = dir.resolve("bft-staking.yaml");
    try (var in = BftStakingProcessTest.class.getResourceAsStream("/bft-staking.yaml")) {
      Files.write(yaml, in.readAllBytes());
    }
    Path json = dir.resolve("bft-staking.json");
    int exit =
        new CommandLine(new GridledgerCommand())
            .execute("genesis", "build", "--config", yaml.toString(), "--out", json.toString());
    assertThat(exit).isZero();
    return json;
  }

  private Node start(Path genesis, String name, PrivateKey validator, List<String> bootnodes)
      throws IOException, InterruptedException {
    Path nodeDir = dir.resolve(name);
    NodeLauncher.Started s =
        NodeLauncher.start(
            NodeLauncher.command(
                NodeLauncher.SMALL_JVM, genesis, nodeDir, 0, Optional.of(validator), bootnodes),
            nodeDir.resolve("node.log"));
    processes.add(s.process());
    return new Node(s.process(), s.rpc(), s.enode(), s.log());
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

  @Test
  void aFifthValidatorJoinsByStakingAndLeavesByUnbondingWithoutRestarts() throws Exception {
    Path genesis = buildGenesis();
    List<Node> four = new ArrayList<>();
    List<String> enodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Node v = start(genesis, "validator" + i, KEYS.get(10 + i), List.copyOf(enodes));
      four.add(v);
      enodes.add(v.enode());
    }
    PrivateKey signer = KEYS.get(14);
    Node fifth = start(genesis, "validator4", signer, List.copyOf(enodes));
    List<Node> all = new ArrayList<>(four);
    all.add(fifth);
    await("block 2 on all five", () -> minHead(all) >= 2);

    // The operator stakes the new signer over JSON-RPC (a signed transaction, as a wallet would).
    PrivateKey operator = KEYS.get(5);
    byte[] register =
        concat(
            selector("registerCandidate(address,uint16)"),
            word(signer.address()),
            word(BigInteger.valueOf(500)));
    long staked = includedIn(fifth, send(fifth, operator, 0, register, STAKE));
    long joinEpochEnd = nextEpochEnd(staked);
    await("epoch end " + joinEpochEnd + " on all five", () -> minHead(all) >= joinEpochEnd);
    ValidatorSet joined = setNamedBy(four.getFirst(), joinEpochEnd);
    assertThat(joined.size()).isEqualTo(5);
    assertThat(joined.contains(signer.address())).isTrue();
    assertThat(joined.weightOf(signer.address())).isEqualTo(STAKE);

    // In the new epoch it votes: its seals certify blocks and it proposes (the coinbase is the
    // proposer's signer).
    long joinedUntil = joinEpochEnd + EPOCH;
    await("epoch end " + joinedUntil, () -> minHead(all) >= joinedUntil + 1);
    int sealed = 0;
    int proposed = 0;
    for (long n = joinEpochEnd + 1; n <= joinedUntil; n++) {
      Set<Address> signers = certifiedBy(four.getFirst(), n, joined);
      if (signers.contains(signer.address())) {
        sealed++;
      }
      if (miner(four.get(1), n).equals(signer.address())) {
        proposed++;
      }
    }
    // The same, as its operator sees it over the bft_* JSON-RPC methods.
    JsonNode status = fifth.rpc().result("bft_status", "[]");
    assertThat(status.get("isValidator").asBoolean()).isTrue();
    assertThat(status.get("signer").asText()).isEqualToIgnoringCase(signer.address().toString());
    JsonNode named =
        four.get(1)
            .rpc()
            .result("bft_getValidators", "[\"0x" + Long.toHexString(joinEpochEnd) + "\"]");
    assertThat(named.get("nextValidators").toString())
        .containsIgnoringCase(signer.address().toString());
    assertThat(sealed)
        .as("blocks of epoch %d sealed by the new validator", joinedUntil / EPOCH)
        .isPositive();
    assertThat(proposed).as("blocks proposed by the new validator").isPositive();

    // It unbonds all its stake and leaves at the epoch end after that.
    long candidateId =
        new BigInteger(
                1,
                Hex.decode(
                    call(
                        fifth, concat(selector("candidateOf(address)"), word(operator.address())))))
            .longValueExact();
    assertThat(candidateId).isEqualTo(5);
    byte[] undelegate =
        concat(
            selector("undelegate(uint32,uint256)"),
            word(BigInteger.valueOf(candidateId)),
            word(STAKE));
    long unbonded =
        includedIn(four.get(2), send(four.get(2), operator, 1, undelegate, BigInteger.ZERO));
    long leaveEpochEnd = nextEpochEnd(unbonded);
    await("epoch end " + leaveEpochEnd, () -> minHead(all) >= leaveEpochEnd);
    ValidatorSet left = setNamedBy(fifth, leaveEpochEnd);
    assertThat(left.size()).isEqualTo(4);
    assertThat(left.contains(signer.address())).isFalse();

    // The four go on finalizing a whole epoch without it; the fifth follows as a full node.
    long after = leaveEpochEnd + EPOCH + 1;
    await("block " + after + " on all five", () -> minHead(all) >= after + 1);
    for (long n = leaveEpochEnd + 1; n <= after; n++) {
      assertThat(certifiedBy(four.get(3), n, left)).doesNotContain(signer.address());
      assertThat(miner(four.get(3), n)).isNotEqualTo(signer.address());
    }
    assertThat(fifth.rpc().result("bft_status", "[]").get("isValidator").asBoolean()).isFalse();
    // Every block of the run is certified by the set in force at its height, on every node alike.
    ValidatorSet genesisSet = setNamedBy(four.getFirst(), 0);
    for (long n = 1; n <= after; n++) {
      ValidatorSet inForce = n <= joinEpochEnd ? genesisSet : n <= leaveEpochEnd ? joined : left;
      if (n <= joinEpochEnd || n > leaveEpochEnd) {
        assertThat(inForce.size()).isEqualTo(4);
      }
      certifiedBy(fifth, n, inForce);
      String hash = hashAt(four.getFirst(), n);
      for (Node node : all) {
        assertThat(hashAt(node, n)).as("block %d", n).isEqualTo(hash);
      }
    }
    // Nobody was restarted: the four processes are the ones started first, each started once.
    for (Node v : four) {
      assertThat(v.process().isAlive()).isTrue();
      assertThat(
              Files.readAllLines(v.log(), StandardCharsets.UTF_8).stream()
                  .filter(l -> l.contains("BFT node started"))
                  .count())
          .isEqualTo(1);
    }
  }

  // ------------------------------------------------------------------ chain reads

  /** The first epoch-end block after {@code number}: the first whose election sees its state. */
  private static long nextEpochEnd(long number) {
    return (number / EPOCH + 1) * EPOCH - 1;
  }

  /** The set the extra data of block {@code number} names (genesis or an epoch end). */
  private static ValidatorSet setNamedBy(Node n, long number) throws Exception {
    List<Validator> validators = extra(n, number).validators();
    assertThat(validators).as("validators named by block %d", number).isNotEmpty();
    return new ValidatorSet(validators);
  }

  /**
   * The signers of block {@code number}'s commit certificate, carried by its child; asserts that
   * the certificate proves finality under {@code set}.
   */
  private Set<Address> certifiedBy(Node n, long number, ValidatorSet set) throws Exception {
    Hash hash = Hash.fromHex(hashAt(n, number));
    var certificate = extra(n, number + 1).parentCertificate();
    assertThat(new FinalityVerifier(verifier).verify(number, hash, certificate, set).isFinal())
        .as("block %d final under %s", number, set)
        .isTrue();
    Set<Address> signers = new HashSet<>();
    for (SignedVote v : certificate.votes(number, hash)) {
      signers.add(verifier.signer(v).orElseThrow());
    }
    return signers;
  }

  private static BftExtraData extra(Node n, long number) throws Exception {
    return BftExtraData.decode(Hex.decode(block(n, number).get("extraData").asText()));
  }

  private static Address miner(Node n, long number) throws Exception {
    return Address.fromHex(block(n, number).get("miner").asText());
  }

  private static String hashAt(Node n, long number) throws Exception {
    return block(n, number).get("hash").asText();
  }

  private static JsonNode block(Node n, long number) throws Exception {
    JsonNode b =
        n.rpc().result("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    assertThat(b.isNull()).as("block %d", number).isFalse();
    return b;
  }

  private static long head(Node n) throws IOException, InterruptedException {
    return Long.decode(n.rpc().result("eth_blockNumber", "[]").asText());
  }

  private static long minHead(List<Node> nodes) throws IOException, InterruptedException {
    long min = Long.MAX_VALUE;
    for (Node n : nodes) {
      min = Math.min(min, head(n));
    }
    return min;
  }

  // ------------------------------------------------------------------ transactions

  private static String send(Node n, PrivateKey from, long nonce, byte[] data, BigInteger value)
      throws IOException, InterruptedException {
    Transaction tx =
        new DynamicFeeTransaction(
                UInt256.of(DevnetGenesis.CHAIN_ID),
                nonce,
                UInt256.of(1_000_000_000L),
                UInt256.of(100_000_000_000L),
                500_000,
                Optional.of(STAKING),
                UInt256.of(value),
                data,
                List.of(),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(from);
    return n.rpc()
        .result("eth_sendRawTransaction", "[\"" + Hex.encode(tx.encode()) + "\"]")
        .asText();
  }

  /** Waits for the receipt, asserts success and returns the block number. */
  private static long includedIn(Node n, String txHash) throws Exception {
    JsonNode[] receipt = new JsonNode[1];
    await(
        "receipt of " + txHash,
        () -> {
          receipt[0] = n.rpc().result("eth_getTransactionReceipt", "[\"" + txHash + "\"]");
          return !receipt[0].isNull();
        });
    assertThat(receipt[0].get("status").asText()).as("status of %s", txHash).isEqualTo("0x1");
    return Long.decode(receipt[0].get("blockNumber").asText());
  }

  private static String call(Node n, byte[] data) throws IOException, InterruptedException {
    return n.rpc()
        .result(
            "eth_call",
            "[{\"to\":\"" + STAKING + "\",\"data\":\"" + Hex.encode(data) + "\"}, \"latest\"]")
        .asText();
  }

  private static byte[] selector(String signature) {
    byte[] h = Keccak.hash(signature.getBytes(StandardCharsets.US_ASCII));
    return new byte[] {h[0], h[1], h[2], h[3]};
  }

  private static byte[] word(Address a) {
    byte[] w = new byte[32];
    System.arraycopy(a.toArray(), 0, w, 12, 20);
    return w;
  }

  private static byte[] word(BigInteger v) {
    return UInt256.of(v).toBytes32();
  }

  private static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(250);
    }
  }
}
