package org.gridledger.app.bft;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.network.node.EnodeUrl;

/**
 * Chains of genesis/devnet-bft.json built without consensus: each block is built by the node's own
 * block creator and certified by COMMIT seals of the given signers (the four genesis validators are
 * test-mnemonic indices 10-13), so a syncing node can check every certificate.
 */
public final class CertifiedChains {
  static final Path REPO = Path.of(System.getProperty("gridledger.repo.root", "../.."));
  static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);
  static final List<PrivateKey> VALIDATORS = KEYS.subList(10, 14);
  static final long CHAIN_ID = 1337;

  private CertifiedChains() {}

  static Blockchain newChain() {
    GenesisJson.Loaded genesis = GenesisJson.read(REPO.resolve("genesis/devnet-bft.json"));
    return Blockchain.initialize(new InMemoryKeyValueStore(), genesis.config(), genesis.genesis());
  }

  /**
   * Starts one follower (no validator key, no discovery) per node key on a new chain each, in a
   * line: each dials the one started before it. Adds the nodes to {@code started} (for the caller
   * to close) and returns them with their chains and pools, in order.
   */
  static List<Follower> startFollowerLine(
      Path dir, List<PrivateKey> nodeKeys, List<BftNode> started) {
    List<Follower> followers = new ArrayList<>();
    List<EnodeUrl> bootnodes = List.of();
    for (int i = 0; i < nodeKeys.size(); i++) {
      Blockchain chain = newChain();
      InMemoryTransactionPool pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
      BftNode node =
          BftNode.start(
              new BftNode.Config(
                  dir.resolve("n" + i),
                  nodeKeys.get(i),
                  Optional.empty(),
                  "127.0.0.1",
                  0,
                  bootnodes,
                  Address.ZERO,
                  Optional.empty(),
                  false, // no discovery: only the line's links
                  BftNode.DEFAULT_MAX_PEERS),
              chain,
              pool,
              b -> {});
      started.add(node);
      followers.add(new Follower(node, chain, pool));
      bootnodes = List.of(node.enode());
    }
    return followers;
  }

  /** A node of {@link #startFollowerLine}. */
  record Follower(BftNode node, Blockchain chain, InMemoryTransactionPool pool) {}

  /** Polls {@code done} every 50 ms; fails naming {@code what} if it is not true within 15 s. */
  static void waitUntil(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * An EIP-1559 transfer of 1 wei from test account 0 to 0xbeef with {@code data}, nonce {@code
   * nonce}, 100,000 gas (enough for a few hundred bytes of data) at fees any devnet-bft block
   * takes.
   */
  static Transaction signedTransfer(long nonce, byte[] data) {
    return CertifiedChainBuilder.transfer(
        KEYS.get(0), CHAIN_ID, nonce, Address.ofLow(0xbeef), 1, data, 100_000);
  }

  /** COMMIT seals of {@code signers} for {@code block} at round 0, in ascending signer order. */
  static CommitCertificate certify(Block block, List<PrivateKey> signers) {
    return certify(block, signers, CHAIN_ID);
  }

  static CommitCertificate certify(Block block, List<PrivateKey> signers, long chainId) {
    List<PrivateKey> sorted =
        signers.stream().sorted((a, b) -> a.address().compareTo(b.address())).toList();
    List<CommitCertificate.SignerVote> votes = new ArrayList<>();
    for (PrivateKey k : sorted) {
      votes.add(
          new CommitCertificate.SignerVote(
              k.address(),
              SignedVote.sign(
                  new Vote(VoteType.COMMIT, block.number(), 0, block.hash()), chainId, k)));
    }
    return CommitCertificate.of(0, votes);
  }

  /**
   * A chain of {@code count} blocks certified by {@code signers}, every {@code txEvery}-th block
   * (0: none) carrying {@code txPerBlock} transfers from test accounts 0-9; certificates stored
   * under {@code dir}.
   */
  static Blockchain build(
      int count, List<PrivateKey> signers, int txEvery, int txPerBlock, Path dir) {
    Blockchain source = newChain();
    CertifiedChainBuilder.build(
        source,
        dir,
        signers,
        KEYS.subList(0, 10),
        count,
        txEvery,
        txPerBlock,
        Clock.systemUTC().instant().getEpochSecond() - count - 60,
        b -> {});
    return source;
  }

  /**
   * Builds {@code count} blocks on genesis certified by the four genesis validators, every {@code
   * txEvery}-th with {@code txPerBlock} transfers from test accounts 0-9 ({@link
   * CertifiedChainBuilder}).
   *
   * @return the transactions included
   */
  public static long extendWithValidators(
      Blockchain chain,
      int count,
      int txEvery,
      int txPerBlock,
      Path certificateDir,
      long firstTimestamp) {
    return CertifiedChainBuilder.build(
            chain,
            certificateDir,
            VALIDATORS,
            KEYS.subList(0, 10),
            count,
            txEvery,
            txPerBlock,
            firstTimestamp,
            b -> {})
        .transactions();
  }

  static org.gridledger.core.tx.Transaction transferTx(
      PrivateKey key, long nonce, Address to, long value) {
    return transferTx(key, CHAIN_ID, nonce, to, value);
  }

  static org.gridledger.core.tx.Transaction transferTx(
      PrivateKey key, long chainId, long nonce, Address to, long value) {
    return CertifiedChainBuilder.transfer(key, chainId, nonce, to, value);
  }
}
