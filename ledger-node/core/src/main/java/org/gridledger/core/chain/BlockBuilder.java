package org.gridledger.core.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.BlockRoots;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.state.StateReader;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Assembles a valid child of a stored block from candidate transactions: runs them in the given
 * order, leaves out those that may not be included (reporting why), and fills in every derived
 * header field (number, base fee, excess blob gas, gas and blob gas used, roots, bloom). The block
 * is not stored; import it with {@link Blockchain#importBuilt}, which commits the state this build
 * computed instead of executing the block a second time (or with {@link Blockchain#importBlock},
 * which executes it again). No withdrawals: Gridledger has no beacon chain.
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

  /**
   * A transaction offered for the block with its sender, already recovered by whoever checked it
   * (the transaction pool), so that building does not repeat the EC recovery (about 0.15 ms).
   *
   * @param sender the address that signed {@code transaction}; {@code null} if none recovers
   */
  public record Candidate(Transaction transaction, Address sender) {
    public Candidate {
      Objects.requireNonNull(transaction, "transaction");
    }
  }

  /**
   * The assembled block, the receipts of its transactions, the candidates left out, and the
   * executed post-state that {@link Blockchain#importBuilt} commits.
   */
  public record Built(
      Block block, List<Receipt> receipts, List<Skipped> skipped, Execution execution) {
    public Built {
      receipts = List.copyOf(receipts);
      skipped = List.copyOf(skipped);
      Objects.requireNonNull(execution, "execution");
    }

    /**
     * The executed post-state, for reads only (a BFT node reads the validator set an epoch's last
     * block elected, docs/consensus.md): run calls on a {@code JournaledState} over it; never
     * change it, since {@link Blockchain#importBuilt} commits it.
     */
    public StateReader postState() {
      return execution.state;
    }
  }

  /**
   * What building executed: the post-state (changed, root computed, not committed) and the
   * execution result, with the chain head it was read at. Opaque outside this package; imported at
   * most once.
   */
  public static final class Execution {
    final Object headAtBuild;
    final Hash parentHash;
    final WorldState state;
    final BlockExecutionResult result;
    private final AtomicBoolean imported = new AtomicBoolean();

    private Execution(
        Object headAtBuild, Hash parentHash, WorldState state, BlockExecutionResult result) {
      this.headAtBuild = headAtBuild;
      this.parentHash = parentHash;
      this.state = state;
      this.result = result;
    }

    /** Marks the post-state as used; false if it already was (a state is committed once). */
    boolean claim() {
      return imported.compareAndSet(false, true);
    }
  }

  /**
   * Builds a child of the stored block {@code parentHash} holding the candidates that fit, in
   * order, recovering each candidate's sender.
   *
   * @throws IllegalArgumentException if {@code parentHash} is not stored
   */
  public Built build(Hash parentHash, Attributes attributes, List<Transaction> candidates) {
    return build(parentHash, attributes, candidates, StateChanges.NONE);
  }

  /**
   * As {@link #build(Hash, Attributes, List)} on the parent's state with {@code edits} applied
   * first (development chains; import the block with {@link Blockchain#importBlockWithEdits} or
   * {@link Blockchain#importBuilt}).
   */
  public Built build(
      Hash parentHash, Attributes attributes, List<Transaction> candidates, StateChanges edits) {
    return buildFrom(
        parentHash,
        attributes,
        candidates.stream().map(tx -> new Candidate(tx, tx.sender().orElse(null))).toList(),
        edits);
  }

  /**
   * Builds a child of the stored block {@code parentHash} holding the candidates that fit, in
   * order, trusting each candidate's sender (see {@link Candidate}).
   *
   * @throws IllegalArgumentException if {@code parentHash} is not stored
   */
  public Built buildFrom(Hash parentHash, Attributes attributes, List<Candidate> candidates) {
    return buildFrom(parentHash, attributes, candidates, StateChanges.NONE);
  }

  /**
   * As {@link #buildFrom(Hash, Attributes, List)} on the parent's state with {@code edits} applied
   * first (development chains).
   */
  public Built buildFrom(
      Hash parentHash, Attributes attributes, List<Candidate> candidates, StateChanges edits) {
    return buildFrom(parentHash, attributes, candidates, edits, Long.MAX_VALUE);
  }

  /**
   * As {@link #buildFrom(Hash, Attributes, List)}, but stops taking candidates once {@code
   * budgetNanos} have passed since the build started (the candidates not reached are neither
   * included nor {@link Built#skipped()}). A BFT proposer bounds its block this way: every
   * validator executes the block again before voting, so a block that takes longer to build than
   * the round leaves room for cannot be finalized in that round.
   */
  public Built buildFrom(
      Hash parentHash, Attributes attributes, List<Candidate> candidates, long budgetNanos) {
    return buildFrom(parentHash, attributes, candidates, StateChanges.NONE, budgetNanos);
  }

  private Built buildFrom(
      Hash parentHash,
      Attributes attributes,
      List<Candidate> candidates,
      StateChanges edits,
      long budgetNanos) {
    long started = System.nanoTime();
    // Read before the state is opened: if another import moves the head during the build, the
    // state may mix two blocks' flat tables, and importBuilt then executes the block again.
    Object headAtBuild = chain.headToken();
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
    for (Candidate c : candidates) {
      if (System.nanoTime() - started > budgetNanos) {
        break;
      }
      Transaction tx = c.transaction();
      switch (run.apply(tx, c.sender())) {
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
    return new Built(
        block, result.receipts(), skipped, new Execution(headAtBuild, parentHash, state, result));
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
