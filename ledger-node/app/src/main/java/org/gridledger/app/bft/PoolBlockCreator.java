package org.gridledger.app.bft;

import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.engine.BlockCreator;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.gbft.GbftMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds proposals with {@link BlockBuilder} from the pool's pending transactions: the parent's
 * commit certificate goes into the extra data (decision 0015); timestamps are the clock's second
 * but at least the parent's plus one, or the parent's own below a one-second block period ({@link
 * org.gridledger.core.chain.ChainConfig#minTimestampStep()}); PREVRANDAO is Keccak-256 of the
 * parent hash, as in the single-validator producer.
 *
 * <p>The last block of an epoch names the set its election chose ({@link ElectedValidators}, read
 * from the build's post-state) in its extra data; that only changes the header, so the build's
 * execution is still the one imported. An empty election leaves the list empty (the set continues).
 *
 * <p>A proposal must fit in one consensus message ({@link GbftMessage#MAX_PAYLOAD}, 1 MiB), so the
 * transactions offered to the builder stop at {@link #MAX_PROPOSAL_TRANSACTION_BYTES}. Without that
 * bound, twelve transactions of 100 KB of call data (19 million gas, within the devnet's 30
 * million) made a proposal of 1.2 MB ({@code BlockSeamsTest}), which {@code GbftMessage} refuses to
 * carry: it would never reach the other validators, and as long as such transactions stayed in the
 * pools every proposer would build one like it.
 */
final class PoolBlockCreator implements BlockCreator {
  private static final Logger LOG = LoggerFactory.getLogger(PoolBlockCreator.class);
  private static final long MIN_TX_GAS = 21_000;

  /**
   * Encoded transaction bytes offered to one proposal at most: a consensus payload's 1 MiB less 64
   * KiB for the rest of the proposal (header with the parent certificate, the proposer's vote, a
   * round change justification). Each transaction counts 4 bytes more than its encoding, for the
   * RLP string header that wraps it in the block body.
   */
  static final long MAX_PROPOSAL_TRANSACTION_BYTES = GbftMessage.MAX_PAYLOAD - 64 * 1024;

  private final Blockchain chain;
  private final TransactionPool pool;
  private final BlockBuilder builder;
  private final BuiltBlocks built;
  private final ElectedValidators elected;
  private final long epochLength;
  private final Address coinbase;
  private final Clock clock;
  private final long buildBudgetNanos;

  PoolBlockCreator(
      Blockchain chain,
      TransactionPool pool,
      BlockBuilder builder,
      BuiltBlocks built,
      ElectedValidators elected,
      long epochLength,
      Address coinbase,
      Clock clock) {
    this(chain, pool, builder, built, elected, epochLength, coinbase, clock, Long.MAX_VALUE);
  }

  /**
   * @param buildBudgetNanos how long executing the pool's transactions into a proposal may take;
   *     the rest stay in the pool for the next block (see {@link BlockBuilder#buildFrom(Hash,
   *     BlockBuilder.Attributes, List, long)})
   */
  PoolBlockCreator(
      Blockchain chain,
      TransactionPool pool,
      BlockBuilder builder,
      BuiltBlocks built,
      ElectedValidators elected,
      long epochLength,
      Address coinbase,
      Clock clock,
      long buildBudgetNanos) {
    this.buildBudgetNanos = buildBudgetNanos;
    this.chain = chain;
    this.elected = elected;
    this.epochLength = epochLength;
    this.pool = pool;
    this.builder = builder;
    this.built = built;
    this.coinbase = coinbase;
    this.clock = clock;
  }

  @Override
  public Optional<Block> build(Action.BuildBlock request) {
    BlockHeader parent = request.parent();
    Hash parentHash = parent.hash();
    if (!chain.blocks().contains(parentHash)) {
      return Optional.empty();
    }
    BigInteger baseFee = chain.config().nextBaseFee(parent);
    List<BlockBuilder.Candidate> candidates = new ArrayList<>();
    long maxCount = parent.gasLimit() / MIN_TX_GAS;
    long bytes = 0;
    for (PooledTransaction p : pool.pending(baseFee)) {
      bytes += p.transaction().encodedSize() + 4;
      if (candidates.size() >= maxCount || bytes > MAX_PROPOSAL_TRANSACTION_BYTES) {
        break; // the rest waits for the next block
      }
      candidates.add(new BlockBuilder.Candidate(p.transaction(), p.sender()));
    }
    long timestamp =
        Math.max(
            clock.instant().getEpochSecond(),
            parent.timestamp() + chain.config().minTimestampStep());
    byte[] extra =
        new BftExtraData(new byte[BftExtraData.VANITY_SIZE], List.of(), request.parentCertificate())
            .encode();
    BlockBuilder.Attributes attributes =
        new BlockBuilder.Attributes(
            coinbase,
            timestamp,
            parent.gasLimit(),
            Keccak.of(parentHash.toArray()),
            Hash.ZERO,
            extra);
    long started = System.nanoTime();
    BlockBuilder.Built result =
        builder.buildFrom(parentHash, attributes, candidates, buildBudgetNanos);
    LOG.atDebug()
        .addKeyValue("height", parent.number() + 1)
        .addKeyValue("round", request.round())
        .addKeyValue("candidates", candidates.size())
        .addKeyValue("txs", result.block().body().transactions().size())
        .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
        .log("proposal built");
    for (BlockBuilder.Skipped s : result.skipped()) {
      LOG.debug("left out {}: {} {}", s.transaction().hash(), s.reason(), s.detail());
    }
    Block block = result.block();
    if (block.number() % epochLength == epochLength - 1) {
      List<Validator> next =
          elected.read(result.postState(), block.header(), block.number() / epochLength + 1);
      if (!next.isEmpty()) {
        BlockHeader named =
            new BftExtraData(new byte[BftExtraData.VANITY_SIZE], next, request.parentCertificate())
                .applyTo(block.header());
        block = new Block(named, block.body());
      }
    }
    built.put(block.hash(), result);
    return Optional.of(block);
  }
}
