package org.gridledger.app.bft;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.gridledger.consensus.engine.BlockValidator;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.BftExtraDataException;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a proposal by building the same block again: the header's chosen fields (coinbase,
 * timestamp, gas limit, PREVRANDAO, beacon root, extra data) and its transactions, in order, go
 * through {@link BlockBuilder}, which executes them on the parent's state and derives every other
 * field (base fee, roots, bloom, gas used). The proposal is valid only if the header checks pass,
 * every transaction is included and the rebuilt block has the proposal's hash, i.e. the same state,
 * transactions and receipts roots. The execution is kept for the commit ({@link BuiltBlocks}).
 *
 * <p>Also refused: a timestamp more than {@link #MAX_FUTURE_SECONDS} ahead of the local clock, and
 * a validator list in a block that is not an epoch end. Epoch-end lists are not yet compared with
 * {@code validatorSetOf(e + 1)} (this node's proposers write an empty list, which keeps the set).
 */
final class RebuildingBlockValidator implements BlockValidator {
  private static final Logger LOG = LoggerFactory.getLogger(RebuildingBlockValidator.class);

  /** How far ahead of the local clock a proposal's timestamp may be. */
  static final long MAX_FUTURE_SECONDS = 15;

  private final Blockchain chain;
  private final BlockBuilder builder;
  private final BuiltBlocks built;
  private final ElectedValidators elected;
  private final long epochLength;
  private final Clock clock;
  private final Function<Hash, Optional<Address>> knownSender;

  RebuildingBlockValidator(
      Blockchain chain,
      BlockBuilder builder,
      BuiltBlocks built,
      ElectedValidators elected,
      long epochLength,
      Clock clock) {
    this(chain, builder, built, elected, epochLength, clock, hash -> Optional.empty());
  }

  /**
   * @param knownSender the sender of a transaction already recovered by this node (the pool's), by
   *     transaction hash: the hash covers the signature, so the same hash has the same sender, and
   *     a proposal's transactions then cost no second EC recovery (about 0.15-0.4 ms each)
   */
  RebuildingBlockValidator(
      Blockchain chain,
      BlockBuilder builder,
      BuiltBlocks built,
      ElectedValidators elected,
      long epochLength,
      Clock clock,
      Function<Hash, Optional<Address>> knownSender) {
    this.knownSender = knownSender;
    this.chain = chain;
    this.elected = elected;
    this.builder = builder;
    this.built = built;
    this.epochLength = epochLength;
    this.clock = clock;
  }

  @Override
  public boolean validate(Block block) {
    BlockHeader header = block.header();
    Optional<BlockHeader> parent = chain.blocks().header(header.parentHash());
    if (parent.isEmpty()) {
      return refuse(block, "unknown parent");
    }
    Optional<ImportResult.Invalid> invalid =
        org.gridledger.core.chain.BlockValidator.validateHeader(
                header, parent.get(), chain.config())
            .or(() -> org.gridledger.core.chain.BlockValidator.validateBody(block.body()));
    if (invalid.isPresent()) {
      return refuse(block, invalid.get().toString());
    }
    if (header.timestamp() > clock.instant().getEpochSecond() + MAX_FUTURE_SECONDS) {
      return refuse(block, "timestamp " + header.timestamp() + " is in the future");
    }
    BftExtraData extra;
    try {
      extra = BftExtraData.of(header);
    } catch (BftExtraDataException e) {
      return refuse(block, "extra data: " + e.getMessage());
    }
    boolean epochEnd = header.number() % epochLength == epochLength - 1;
    if (!epochEnd && !extra.validators().isEmpty()) {
      return refuse(block, "a validator list outside an epoch end");
    }
    if ((block.body().withdrawals() != null && !block.body().withdrawals().isEmpty())
        || !block.body().ommers().isEmpty()) {
      return refuse(block, "withdrawals or ommers");
    }
    BlockBuilder.Attributes attributes =
        new BlockBuilder.Attributes(
            header.coinbase(),
            header.timestamp(),
            header.gasLimit(),
            header.mixHash(),
            Objects.requireNonNullElse(header.parentBeaconBlockRoot(), Hash.ZERO),
            header.extraData());
    BlockBuilder.Built rebuilt;
    long started = System.nanoTime();
    int known;
    try {
      List<BlockBuilder.Candidate> candidates = candidates(block.body().transactions());
      known = (int) candidates.stream().filter(c -> c.sender() != null).count();
      // The rest (not yet in this node's pool: gossip lags behind the proposer under load) are
      // recovered in parallel; a null sender means none recovers, which the build refuses.
      candidates =
          candidates.stream()
              .parallel()
              .map(
                  c ->
                      c.sender() != null
                          ? c
                          : new BlockBuilder.Candidate(
                              c.transaction(), c.transaction().sender().orElse(null)))
              .toList();
      rebuilt = builder.buildFrom(header.parentHash(), attributes, candidates);
    } catch (RuntimeException e) {
      return refuse(block, "building failed: " + e.getMessage());
    }
    if (!rebuilt.skipped().isEmpty()) {
      BlockBuilder.Skipped s = rebuilt.skipped().getFirst();
      return refuse(block, "transaction " + s.transaction().hash() + ": " + s.reason());
    }
    if (!rebuilt.block().hash().equals(block.hash())) {
      return refuse(block, "rebuilt as " + rebuilt.block().header());
    }
    if (epochEnd) {
      List<Validator> expected =
          elected.read(rebuilt.postState(), header, header.number() / epochLength + 1);
      if (!extra.validators().equals(expected)) {
        return refuse(
            block, "epoch-end list " + extra.validators() + ", the election chose " + expected);
      }
    }
    built.put(rebuilt);
    LOG.atDebug()
        .addKeyValue("height", header.number())
        .addKeyValue("txs", block.body().transactions().size())
        .addKeyValue("sendersFromPool", known)
        .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
        .log("proposal valid");
    return true;
  }

  /** The transactions with the senders this node already knows, null where it knows none. */
  private List<BlockBuilder.Candidate> candidates(List<Transaction> txs) {
    List<BlockBuilder.Candidate> out = new ArrayList<>(txs.size());
    for (Transaction tx : txs) {
      out.add(new BlockBuilder.Candidate(tx, knownSender.apply(tx.hash()).orElse(null)));
    }
    return out;
  }

  private static boolean refuse(Block block, String why) {
    LOG.atWarn()
        .addKeyValue("height", block.number())
        .addKeyValue("hash", block.hash())
        .log("proposal refused: " + why);
    return false;
  }
}
