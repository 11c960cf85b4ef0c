package org.gridledger.app.bft;

import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.engine.BlockCreator;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds proposals with {@link BlockBuilder} from the pool's pending transactions: the parent's
 * commit certificate goes into the extra data (decision 0015); timestamps are the clock's second
 * but at least the parent's plus one; PREVRANDAO is Keccak-256 of the parent hash, as in the
 * single-validator producer.
 *
 * <p>Epoch-end blocks carry an empty validator list (the set continues): reading {@code
 * validatorSetOf(e + 1)} from the post-state is not implemented yet (docs/consensus.md, status).
 */
final class PoolBlockCreator implements BlockCreator {
  private static final Logger LOG = LoggerFactory.getLogger(PoolBlockCreator.class);
  private static final long MIN_TX_GAS = 21_000;

  private final Blockchain chain;
  private final TransactionPool pool;
  private final BlockBuilder builder;
  private final BuiltBlocks built;
  private final Address coinbase;
  private final Clock clock;

  PoolBlockCreator(
      Blockchain chain,
      TransactionPool pool,
      BlockBuilder builder,
      BuiltBlocks built,
      Address coinbase,
      Clock clock) {
    this.chain = chain;
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
    List<BlockBuilder.Candidate> candidates =
        pool.pending(baseFee).stream()
            .limit(parent.gasLimit() / MIN_TX_GAS)
            .map(p -> new BlockBuilder.Candidate(p.transaction(), p.sender()))
            .toList();
    long timestamp = Math.max(clock.instant().getEpochSecond(), parent.timestamp() + 1);
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
    BlockBuilder.Built result = builder.buildFrom(parentHash, attributes, candidates);
    for (BlockBuilder.Skipped s : result.skipped()) {
      LOG.debug("left out {}: {} {}", s.transaction().hash(), s.reason(), s.detail());
    }
    built.put(result);
    return Optional.of(result.block());
  }
}
