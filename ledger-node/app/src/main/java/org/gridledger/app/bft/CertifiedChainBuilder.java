package org.gridledger.app.bft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;

/**
 * Builds final blocks of a BFT chain without running consensus, for sync tests and benchmarks on
 * chains whose validator keys are public (the devnet's): each block is built by the node's own
 * block creator (epoch-end elections included) and certified by COMMIT seals of the given signers
 * at round 0, exactly the certificate a round-0 decision of those validators carries; the head's
 * certificate is stored in {@code dataDir} as a node keeps it. A node started on the result
 * continues the chain with real consensus. Timestamps step one second per block from {@code
 * firstTimestamp}, so that a long chain built in minutes does not end in the future.
 */
public final class CertifiedChainBuilder {
  /**
   * What was built.
   *
   * @param blocks blocks appended
   * @param transactions transfers they carry
   */
  public record Result(long blocks, long transactions) {}

  private CertifiedChainBuilder() {}

  /**
   * Appends {@code count} blocks to {@code chain}, which must be at its genesis.
   *
   * @param signers the keys of the validator set in force (its whole weight signs)
   * @param senders funded accounts; every {@code txEvery}-th block (0: none) carries {@code
   *     txPerBlock} transfers from them in turn
   * @param onBlock sees each final block (exporting it, for instance)
   */
  public static Result build(
      Blockchain chain,
      Path dataDir,
      List<PrivateKey> signers,
      List<PrivateKey> senders,
      int count,
      int txEvery,
      int txPerBlock,
      long firstTimestamp,
      Consumer<Block> onBlock) {
    if (txEvery > 0 && senders.isEmpty()) {
      throw new IllegalArgumentException("transfers need senders");
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long chainId = chain.config().chainId();
    InMemoryTransactionPool pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    BuiltBlocks built = new BuiltBlocks();
    PoolBlockCreator creator =
        new PoolBlockCreator(
            chain,
            pool,
            new BlockBuilder(chain),
            built,
            new ElectedValidators(chain.config().bftParams().staking(), chainId),
            chain.config().bftParams().epochLength(),
            Address.ZERO,
            steppingClock(firstTimestamp));
    ChainCommitter committer =
        new ChainCommitter(chain, built, new HeadCertificateStore(dataDir), b -> pool.onNewHead());
    List<PrivateKey> sortedSigners =
        signers.stream().sorted((a, b) -> a.address().compareTo(b.address())).toList();
    // Genesis may have used the senders already (the devnet's operators stake at build time).
    BlockHeader start = chain.head();
    var state = chain.stateAfter(start, start.hash());
    long[] nonces = new long[senders.size()];
    for (int s = 0; s < senders.size(); s++) {
      AccountInfo account = state.account(senders.get(s).address());
      nonces[s] = account == null ? 0 : account.nonce();
    }
    if (start.number() != 0) {
      throw new IllegalArgumentException("builds on genesis only (its certificate is empty)");
    }
    CommitCertificate parentCertificate = CommitCertificate.EMPTY;
    long transactions = 0;
    for (int i = 0; i < count; i++) {
      if (txEvery > 0 && (i + 1) % txEvery == 0) {
        for (int t = 0; t < txPerBlock; t++) {
          int from = t % senders.size();
          pool.add(
              transfer(
                  senders.get(from), chainId, nonces[from]++, Address.ofLow(0x1000 + t), i + 1));
        }
      }
      BlockHeader head = chain.head();
      Block b =
          creator
              .build(new Action.BuildBlock(head.number() + 1, 0, head, parentCertificate))
              .orElseThrow(() -> new IllegalStateException("block " + (head.number() + 1)));
      parentCertificate = certify(b, sortedSigners, chainId);
      committer.commit(b, parentCertificate);
      if (!chain.headHash().equals(b.hash())) {
        throw new IllegalStateException("block " + b.number() + " did not import");
      }
      transactions += b.body().transactions().size();
      onBlock.accept(b);
    }
    return new Result(count, transactions);
  }

  /** COMMIT seals of {@code signers} (ascending by address) for {@code block} at round 0. */
  public static CommitCertificate certify(Block block, List<PrivateKey> signers, long chainId) {
    List<CommitCertificate.SignerVote> votes = new ArrayList<>();
    for (PrivateKey k : signers) {
      votes.add(
          new CommitCertificate.SignerVote(
              k.address(),
              SignedVote.sign(
                  new Vote(VoteType.COMMIT, block.number(), 0, block.hash()), chainId, k)));
    }
    return CommitCertificate.of(0, votes);
  }

  /** A plain EIP-1559 value transfer (1 gwei tip, 100 gwei cap). */
  public static Transaction transfer(
      PrivateKey key, long chainId, long nonce, Address to, long value) {
    return transfer(key, chainId, nonce, to, value, new byte[0], 21_000);
  }

  /** An EIP-1559 transfer carrying {@code data}, at the fees of {@link #transfer}. */
  public static Transaction transfer(
      PrivateKey key, long chainId, long nonce, Address to, long value, byte[] data, long gas) {
    return new DynamicFeeTransaction(
            UInt256.of(chainId),
            nonce,
            UInt256.of(1_000_000_000L),
            UInt256.of(100_000_000_000L),
            gas,
            Optional.of(to),
            UInt256.of(value),
            data,
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(key);
  }

  private static Clock steppingClock(long firstTimestamp) {
    long[] next = {firstTimestamp};
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochSecond(next[0]++);
      }
    };
  }
}
