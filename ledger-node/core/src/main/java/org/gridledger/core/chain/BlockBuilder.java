package org.gridledger.core.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.BlockRoots;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Assembles a valid child of a stored block from candidate transactions: runs them in the given
 * order, leaves out those that may not be included (reporting why), and fills in every derived
 * header field (number, base fee, excess blob gas, gas and blob gas used, roots, bloom). The block
 * is not stored; import it with {@link Blockchain#importBlock}. No withdrawals: Gridledger has no
 * beacon chain.
 *
 * <p>One block at a time: a builder owns a {@link BlockExecutor}.
 */
public final class BlockBuilder {
  private final Blockchain chain;
  private final BlockExecutor executor;

  public BlockBuilder(Blockchain chain) {
    this.chain = chain;
    this.executor = new BlockExecutor(chain.config());
  }

  /**
   * What the producer chooses for a block.
   *
   * @param prevRandao the header's {@code mixHash} (PREVRANDAO, EIP-4399)
   * @param parentBeaconBlockRoot EIP-4788 root passed to the beacon roots contract
   * @param extraData at most 32 bytes
   */
  public record Attributes(
      Address coinbase,
      long timestamp,
      long gasLimit,
      Hash prevRandao,
      Hash parentBeaconBlockRoot,
      byte[] extraData) {
    public Attributes {
      Objects.requireNonNull(coinbase, "coinbase");
      Objects.requireNonNull(prevRandao, "prevRandao");
      Objects.requireNonNull(parentBeaconBlockRoot, "parentBeaconBlockRoot");
      extraData = extraData.clone();
    }

    @Override
    public byte[] extraData() {
      return extraData.clone();
    }
  }

  /** A candidate left out, with the rule it broke at its place in the block. */
  public record Skipped(Transaction transaction, InvalidReason reason, String detail) {}

  /** The assembled block, the receipts of its transactions, and the candidates left out. */
  public record Built(Block block, List<Receipt> receipts, List<Skipped> skipped) {
    public Built {
      receipts = List.copyOf(receipts);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Builds a child of the stored block {@code parentHash} holding the candidates that fit, in
   * order.
   *
   * @throws IllegalArgumentException if {@code parentHash} is not stored
   */
  public Built build(Hash parentHash, Attributes attributes, List<Transaction> candidates) {
    return build(parentHash, attributes, candidates, StateChanges.NONE);
  }

  /**
   * As {@link #build(Hash, Attributes, List)} on the parent's state with {@code edits} applied
   * first (development chains; import the block with {@link Blockchain#importBlockWithEdits}).
   */
  public Built build(
      Hash parentHash, Attributes attributes, List<Transaction> candidates, StateChanges edits) {
    BlockHeader parent =
        chain
            .blocks()
            .header(parentHash)
            .orElseThrow(() -> new IllegalArgumentException("unknown parent " + parentHash));
    BigInteger baseFee = chain.config().nextBaseFee(parent);
    long excessBlobGas = FeeRules.nextExcessBlobGas(parent);
    BlockHeader template =
        header(parent, parentHash, attributes, baseFee, excessBlobGas, placeholders());
    WorldState state = chain.stateAfter(parent, parentHash);
    if (!edits.isEmpty()) {
      state.apply(edits);
    }
    BlockExecutor.Run run = executor.begin(template, state);
    List<Transaction> included = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Transaction tx : candidates) {
      switch (run.apply(tx)) {
        case TransactionOutcome.Included in -> included.add(tx);
        case TransactionOutcome.Rejected r -> skipped.add(new Skipped(tx, r.reason(), r.detail()));
      }
    }
    BlockExecutionResult result = run.finish(List.of());
    for (StateChanges changes : result.stateChanges()) {
      state.apply(changes);
    }
    Roots roots =
        new Roots(
            state.rootHash(),
            BlockRoots.transactionsRoot(included),
            BlockRoots.receiptsRoot(result.receipts()),
            result.logsBloom().toArray(),
            result.gasUsed(),
            result.blobGasUsed());
    BlockHeader header = header(parent, parentHash, attributes, baseFee, excessBlobGas, roots);
    Block block = new Block(header, new BlockBody(included, List.of(), List.of()));
    return new Built(block, result.receipts(), skipped);
  }

  private record Roots(
      Hash stateRoot,
      Hash transactionsRoot,
      Hash receiptsRoot,
      byte[] logsBloom,
      long gasUsed,
      long blobGasUsed) {}

  private static Roots placeholders() {
    return new Roots(
        Keccak.EMPTY_TRIE,
        Keccak.EMPTY_TRIE,
        Keccak.EMPTY_TRIE,
        new byte[BlockHeader.BLOOM_SIZE],
        0,
        0);
  }

  private static BlockHeader header(
      BlockHeader parent,
      Hash parentHash,
      Attributes a,
      BigInteger baseFee,
      long excessBlobGas,
      Roots roots) {
    return new BlockHeader(
        parentHash,
        Keccak.EMPTY_LIST,
        a.coinbase(),
        roots.stateRoot(),
        roots.transactionsRoot(),
        roots.receiptsRoot(),
        roots.logsBloom(),
        BigInteger.ZERO,
        parent.number() + 1,
        a.gasLimit(),
        roots.gasUsed(),
        a.timestamp(),
        a.extraData(),
        a.prevRandao(),
        new byte[BlockHeader.NONCE_SIZE],
        baseFee,
        Keccak.EMPTY_TRIE,
        roots.blobGasUsed(),
        excessBlobGas,
        a.parentBeaconBlockRoot());
  }
}
