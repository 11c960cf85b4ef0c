package org.gridledger.core.chain;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.BlockRoots;
import org.gridledger.core.receipt.LogsBloom;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.state.BlockHashLookup;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.trie.KeyValueNodeStore;
import org.gridledger.core.trie.TrieNodeCache;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;

/**
 * The chain of blocks in one {@link KeyValueStore}: imports blocks (validation, execution, atomic
 * commit) and keeps the canonical chain and its head.
 *
 * <p><b>Fork choice.</b> Post-merge the execution layer does not choose between forks; the
 * consensus layer does, by naming a head after each block. Gridledger's import follows what a
 * consensus client does when it hands over every block in turn: each valid imported block becomes
 * the head, switching the canonical chain to its branch when it is on a side branch (a reorg), even
 * to a lower height. This is also the rule the official BlockchainTests assume ({@code
 * lastblockhash} is the last valid block imported in every shipped vector).
 *
 * <p><b>Atomicity.</b> One import is one batch: the post-state (trie nodes, code, flat tables), the
 * header, body, receipts and transaction senders, the canonical and transaction indexes, the log
 * bloom aggregates and the head pointer. After a crash the store holds the chain as it was after
 * some whole import.
 *
 * <p>Thread-safe: imports are serialised; reads (via {@link #blocks()} and {@link #head()}) may run
 * concurrently with an import and see the chain before or after it. State is the exception: a
 * {@link WorldState} opened at the head reads the flat tables, which the next import rewrites, so a
 * state read that spans an import may see values of the newer block. Callers that read state
 * concurrently with imports (RPC) need a snapshot or must not overlap imports.
 */
public final class Blockchain {
  private static final int PARALLEL_RECOVERY_THRESHOLD = 16;

  private final KeyValueStore store;
  private final BlockStore blocks;
  private final ChainConfig config;
  private final BlockExecutor executor;
  private final List<ImportObserver> observers = new CopyOnWriteArrayList<>();
  private volatile Head head;

  /**
   * Upper trie nodes kept decoded from block to block, for every state this chain opens: 8,192
   * slots, about twice the nodes of one large trie's top four levels (at most some 14 MiB).
   */
  private final TrieNodeCache trieNodes = new TrieNodeCache(1 << 13);

  /** The head block, with its hash computed once. */
  private record Head(Hash hash, BlockHeader header) {}

  private Blockchain(KeyValueStore store, ChainConfig config, Head head) {
    this.store = store;
    this.blocks = new BlockStore(store);
    this.config = config;
    this.executor = new BlockExecutor(config);
    this.head = head;
  }

  /**
   * Opens the chain in {@code store}, writing {@code genesis} first if the store is empty.
   *
   * @throws IllegalArgumentException if the genesis header lacks a Cancun field, its state root is
   *     not that of the allocation, or its body is not empty
   * @throws IllegalStateException if the store holds a chain with another genesis
   */
  public static Blockchain initialize(KeyValueStore store, ChainConfig config, Genesis genesis) {
    BlockStore blocks = new BlockStore(store);
    Hash genesisHash = genesis.block().hash();
    if (blocks.headHash().isPresent()) {
      Optional<Hash> stored = blocks.canonicalHash(0);
      if (stored.isEmpty() || !stored.get().equals(genesisHash)) {
        throw new IllegalStateException(
            "the database holds a chain with genesis "
                + stored.map(Hash::toString).orElse("(none)")
                + ", not "
                + genesisHash);
      }
      return open(store, config);
    }
    BlockHeader header = genesis.block().header();
    BlockBody body = genesis.block().body();
    if (header.parentBeaconBlockRoot() == null) {
      throw new IllegalArgumentException("genesis header lacks Cancun fields");
    }
    if (!body.transactions().isEmpty()
        || !body.ommers().isEmpty()
        || body.withdrawals() == null
        || !body.withdrawals().isEmpty()) {
      throw new IllegalArgumentException("genesis body must be empty (with a withdrawals list)");
    }
    WorldState state = WorldState.empty(store);
    state.apply(genesis.allocChanges());
    return writeGenesis(store, config, genesis.block(), state, kv -> {});
  }

  /**
   * Writes block 0 on top of its state: {@code state} holds the genesis allocation (part of it may
   * already be committed to {@code store}, the rest pending in {@code state}); its root must be the
   * header's. The pending state, the block, its indexes, the head and {@code extra} commit in one
   * batch.
   */
  static Blockchain writeGenesis(
      KeyValueStore store,
      ChainConfig config,
      Block genesis,
      WorldState state,
      Consumer<KeyValueStore.Batch> extra) {
    BlockHeader header = genesis.header();
    Hash genesisHash = genesis.hash();
    Hash root = state.rootHash();
    if (!root.equals(header.stateRoot())) {
      throw new IllegalArgumentException(
          "genesis state root " + header.stateRoot() + " is not the allocation's root " + root);
    }
    BlockStore blocks = new BlockStore(store);
    try (KeyValueNodeStore.StoreBatch batch = KeyValueNodeStore.within(store.newBatch())) {
      state.commitTo(batch);
      KeyValueStore.Batch kv = batch.keyValues();
      blocks.putBlock(kv, genesisHash, genesis, List.of(), List.of());
      Map<Long, byte[]> blooms1 = new HashMap<>();
      Map<Long, byte[]> blooms2 = new HashMap<>();
      blocks.putCanonical(kv, genesisHash, header, List.of(), blooms1, blooms2);
      blocks.putBlooms(kv, blooms1, blooms2);
      blocks.putHead(kv, genesisHash);
      extra.accept(kv);
      batch.commit();
    }
    return new Blockchain(store, config, new Head(genesisHash, header));
  }

  /**
   * Opens the chain already in {@code store} at its stored head.
   *
   * @throws IllegalStateException if the store holds no chain
   */
  public static Blockchain open(KeyValueStore store, ChainConfig config) {
    BlockStore blocks = new BlockStore(store);
    Hash headHash =
        blocks.headHash().orElseThrow(() -> new IllegalStateException("the store holds no chain"));
    BlockHeader header =
        blocks
            .header(headHash)
            .orElseThrow(() -> new IllegalStateException("head block " + headHash + " missing"));
    return new Blockchain(store, config, new Head(headHash, header));
  }

  public ChainConfig config() {
    return config;
  }

  /** Read access to stored blocks, receipts and indexes. */
  public BlockStore blocks() {
    return blocks;
  }

  public BlockHeader head() {
    return head.header();
  }

  public Hash headHash() {
    return head.hash();
  }

  /** An object that changes identity with every import that moves the head. */
  Object headToken() {
    return head;
  }

  /**
   * The state after the head block (read-only use, as {@link #stateAfter}), from the head this
   * chain holds in memory: no store read of the head's header.
   */
  public WorldState headState() {
    Head now = head;
    return stateAfter(now.header(), now.hash());
  }

  /**
   * The state after block {@code header} (read-only use: it may be changed and its root computed,
   * but never commit it). BLOCKHASH answers from the block's ancestors.
   */
  public WorldState stateAfter(BlockHeader header, Hash blockHash) {
    return WorldState.at(
        store, trieNodes, header.stateRoot(), new AncestorHashes(blocks, header, blockHash));
  }

  /**
   * Decodes and imports a block; a block that does not decode is {@link InvalidReason#MALFORMED}.
   */
  public ImportResult importBlock(byte[] rlp) {
    Block block;
    try {
      block = Block.decode(rlp);
    } catch (RlpException e) {
      return ImportResult.invalid(InvalidReason.MALFORMED, e.getMessage());
    }
    return importBlock(block);
  }

  /**
   * Registers {@code observer} to be told about every later import (metrics); see {@link
   * ImportObserver} for the thread it runs on.
   */
  public void observeImports(ImportObserver observer) {
    observers.add(observer);
  }

  /**
   * Validates, executes and stores {@code block}, and makes it the head (see the class comment on
   * fork choice). Nothing is written unless the block is valid.
   */
  public synchronized ImportResult importBlock(Block block) {
    return timedImport(block, StateChanges.NONE);
  }

  /**
   * Imports {@code block} as {@link #importBlock(Block)} does, but executes it on its parent's
   * state with {@code edits} applied first. For development chains only ({@code anvil_setBalance}
   * and its kin, decision 0010): the block's state root includes the edits, which are recorded
   * nowhere, so no other node can re-derive it by replaying the block's transactions.
   */
  public synchronized ImportResult importBlockWithEdits(Block block, StateChanges edits) {
    return timedImport(block, edits);
  }

  private ImportResult timedImport(Block block, StateChanges edits) {
    long start = System.nanoTime();
    ImportResult result = importLocked(block, edits);
    long nanos = System.nanoTime() - start;
    for (ImportObserver observer : observers) {
      observer.blockImported(block, result, nanos);
    }
    return result;
  }

  private ImportResult importLocked(Block block, StateChanges edits) {
    BlockHeader header = block.header();
    Hash hash = header.hash();
    if (blocks.contains(hash)) {
      return new ImportResult.AlreadyKnown(hash);
    }
    Optional<BlockHeader> parentHeader = blocks.header(header.parentHash());
    if (parentHeader.isEmpty()) {
      return new ImportResult.UnknownParent(header.parentHash());
    }
    BlockHeader parent = parentHeader.get();
    Optional<ImportResult.Invalid> invalid =
        BlockValidator.validateHeader(header, parent, config)
            .or(() -> BlockValidator.validateBody(block.body()));
    if (invalid.isPresent()) {
      return invalid.get();
    }

    BlockHashLookup hashes = new AncestorHashes(blocks, parent, header.parentHash());
    WorldState state = WorldState.at(store, trieNodes, parent.stateRoot(), hashes);
    if (!edits.isEmpty()) {
      state.apply(edits);
    }
    BlockExecutor.Run run = executor.begin(header, state);
    List<Transaction> txs = block.body().transactions();
    List<Address> senders = recoverSenders(txs);
    for (int i = 0; i < txs.size(); i++) {
      if (run.apply(txs.get(i), senders.get(i)) instanceof TransactionOutcome.Rejected rejected) {
        return ImportResult.invalid(
            rejected.reason(),
            "transaction " + i + " (" + txs.get(i).hash() + "): " + rejected.detail());
      }
    }
    BlockExecutionResult result = run.finish(block.body().withdrawals());
    for (StateChanges changes : result.stateChanges()) {
      state.apply(changes);
    }
    return commit(hash, block, state, result, false);
  }

  /**
   * Imports a block this node built with {@link BlockBuilder} without executing it again: commits
   * the post-state and receipts the build computed. {@code block} must be {@code built.block()},
   * sealed or not (only its header's extra data may differ: the seal does not take part in
   * execution). The header and body checks still run, and the header's gas and state root are
   * compared with the build's (its other roots and bloom were derived from the same result), so
   * what is stored is exactly what {@link #importBlock(Block)} would store (a test compares the two
   * byte for byte).
   *
   * <p>The build's state was read from the flat tables at the head of that moment; if any import
   * moved the head since, this executes the block again through {@link #importBlock(Block)}.
   *
   * @throws IllegalArgumentException if {@code block} is not the built block
   * @throws IllegalStateException if {@code built} was already imported
   */
  public synchronized ImportResult importBuilt(Block block, BlockBuilder.Built built) {
    long start = System.nanoTime();
    ImportResult result = importBuiltLocked(block, built);
    long nanos = System.nanoTime() - start;
    for (ImportObserver observer : observers) {
      observer.blockImported(block, result, nanos);
    }
    return result;
  }

  private ImportResult importBuiltLocked(Block block, BlockBuilder.Built built) {
    if (!isSameBlockButExtraData(block, built.block())) {
      throw new IllegalArgumentException("block " + block.hash() + " is not the built block");
    }
    BlockBuilder.Execution execution = built.execution();
    if (!execution.claim()) {
      throw new IllegalStateException("the built block's state was already imported");
    }
    if (execution.headAtBuild != head || !execution.parentHash.equals(head.hash())) {
      return importLocked(block, StateChanges.NONE);
    }
    BlockHeader header = block.header();
    Hash hash = header.hash();
    if (blocks.contains(hash)) {
      return new ImportResult.AlreadyKnown(hash);
    }
    Optional<ImportResult.Invalid> invalid =
        BlockValidator.validateHeader(header, head.header(), config)
            .or(() -> BlockValidator.validateBody(block.body()));
    if (invalid.isPresent()) {
      return invalid.get();
    }
    return commit(hash, block, execution.state, execution.result, true);
  }

  private static boolean isSameBlockButExtraData(Block block, Block built) {
    BlockHeader a = block.header();
    BlockHeader b = built.header();
    BlockHeader aWithBuiltExtra =
        new BlockHeader(
            a.parentHash(),
            a.ommersHash(),
            a.coinbase(),
            a.stateRoot(),
            a.transactionsRoot(),
            a.receiptsRoot(),
            a.logsBloom(),
            a.difficulty(),
            a.number(),
            a.gasLimit(),
            a.gasUsed(),
            a.timestamp(),
            b.extraData(),
            a.mixHash(),
            a.nonce(),
            a.baseFeePerGas(),
            a.withdrawalsRoot(),
            a.blobGasUsed(),
            a.excessBlobGas(),
            a.parentBeaconBlockRoot());
    return aWithBuiltExtra.hash().equals(b.hash()) && block.body().equals(built.body());
  }

  /**
   * Checks the header's commitments against {@code result} and the root of {@code state} (the
   * executed post-state), then stores the block and its state in one batch and makes it the head.
   *
   * @param built whether {@code block} is the block a {@link BlockBuilder} derived from {@code
   *     result}: its transactions, receipts and withdrawals roots and its bloom were then computed
   *     from these very transactions and receipts, and are not computed a second time (about a
   *     quarter of the CPU of committing a block of 100 {@code createNodeContract} calls, by JFR
   *     samples)
   */
  private ImportResult commit(
      Hash hash, Block block, WorldState state, BlockExecutionResult result, boolean built) {
    BlockHeader header = block.header();
    Optional<ImportResult.Invalid> mismatch =
        built
            ? checkBuiltCommitments(block, result, state.rootHash())
            : checkCommitments(block, result, state.rootHash());
    if (mismatch.isPresent()) {
      return mismatch.get();
    }

    long reorgDepth;
    try (KeyValueNodeStore.StoreBatch batch = KeyValueNodeStore.within(store.newBatch())) {
      state.commitTo(batch);
      blocks.putBlock(batch.keyValues(), hash, block, result.receipts(), result.senders());
      reorgDepth = makeCanonical(batch.keyValues(), hash, header, block.body().transactions());
      batch.commit();
    }
    head = new Head(hash, header);
    return new ImportResult.Imported(hash, header.number(), reorgDepth);
  }

  /**
   * The senders of {@code txs} ({@code null} where none recovers). An EC recovery costs about 0.1
   * ms, so larger blocks recover in parallel.
   */
  private static List<Address> recoverSenders(List<Transaction> txs) {
    Stream<Transaction> stream =
        txs.size() >= PARALLEL_RECOVERY_THRESHOLD ? txs.parallelStream() : txs.stream();
    return stream.map(tx -> tx.sender().orElse(null)).toList();
  }

  /**
   * Compares what the body and its execution produced with the header's commitments, in the order
   * of the execution specs (Cancun {@code state_transition}): gas used, transactions root, state
   * root, receipts root, logs bloom, withdrawals root, blob gas used.
   */
  private static Optional<ImportResult.Invalid> checkCommitments(
      Block block, BlockExecutionResult result, Hash stateRoot) {
    BlockHeader header = block.header();
    Optional<ImportResult.Invalid> gas = checkGasUsed(result, header);
    if (gas.isPresent()) {
      return gas;
    }
    Hash txRoot = BlockRoots.transactionsRoot(block.body().transactions());
    if (!txRoot.equals(header.transactionsRoot())) {
      return mismatch(
          InvalidReason.TRANSACTIONS_ROOT,
          "transactions root " + txRoot + ", header has " + header.transactionsRoot());
    }
    Optional<ImportResult.Invalid> root = checkStateRoot(stateRoot, header);
    if (root.isPresent()) {
      return root;
    }
    Hash receiptsRoot = BlockRoots.receiptsRoot(result.receipts());
    if (!receiptsRoot.equals(header.receiptsRoot())) {
      return mismatch(
          InvalidReason.RECEIPTS_ROOT,
          "receipts root " + receiptsRoot + ", header has " + header.receiptsRoot());
    }
    if (!result.logsBloom().equals(LogsBloom.of(header.logsBloom()))) {
      return mismatch(InvalidReason.LOGS_BLOOM, "logs bloom differs from the header's");
    }
    Hash withdrawalsRoot = BlockRoots.withdrawalsRoot(block.body().withdrawals());
    if (!withdrawalsRoot.equals(header.withdrawalsRoot())) {
      return mismatch(
          InvalidReason.WITHDRAWALS_ROOT,
          "withdrawals root " + withdrawalsRoot + ", header has " + header.withdrawalsRoot());
    }
    return checkBlobGasUsed(result, header);
  }

  private static Optional<ImportResult.Invalid> checkGasUsed(
      BlockExecutionResult result, BlockHeader header) {
    if (result.gasUsed() == header.gasUsed()) {
      return Optional.empty();
    }
    return mismatch(
        InvalidReason.GAS_USED,
        "transactions used "
            + result.gasUsed()
            + " gas, header says "
            + Long.toUnsignedString(header.gasUsed()));
  }

  private static Optional<ImportResult.Invalid> checkStateRoot(Hash stateRoot, BlockHeader header) {
    if (stateRoot.equals(header.stateRoot())) {
      return Optional.empty();
    }
    return mismatch(
        InvalidReason.STATE_ROOT, "state root " + stateRoot + ", header has " + header.stateRoot());
  }

  private static Optional<ImportResult.Invalid> checkBlobGasUsed(
      BlockExecutionResult result, BlockHeader header) {
    if (result.blobGasUsed() == header.blobGasUsed()) {
      return Optional.empty();
    }
    return mismatch(
        InvalidReason.BLOB_GAS_USED,
        "transactions use "
            + result.blobGasUsed()
            + " blob gas, header says "
            + Long.toUnsignedString(header.blobGasUsed()));
  }

  /**
   * The commitments of a built block that do not follow from its construction: gas, blob gas and
   * the state root (the build's state could have moved since the header was made only through a bug
   * of this node, and storing a state under a header that does not commit to it must never happen).
   */
  private static Optional<ImportResult.Invalid> checkBuiltCommitments(
      Block block, BlockExecutionResult result, Hash stateRoot) {
    BlockHeader header = block.header();
    return checkGasUsed(result, header)
        .or(() -> checkBlobGasUsed(result, header))
        .or(() -> checkStateRoot(stateRoot, header));
  }

  private static Optional<ImportResult.Invalid> mismatch(InvalidReason reason, String detail) {
    return Optional.of(ImportResult.invalid(reason, detail));
  }

  /**
   * Makes the stored block {@code hash} the head: the canonical chain becomes its branch, and
   * canonical entries above it are removed. Moving back to an ancestor of the head rewinds the
   * chain (the blocks above stay stored, off the canonical chain; {@code evm_revert} of the dev
   * namespace uses this); moving to a block of another branch is a reorg. Returns how many blocks
   * of the old canonical chain were abandoned.
   *
   * <p>State: the flat tables stay at the state they describe (decision 0005), so after a rewind
   * reads at the new head go through the tries until the flat tables are brought back to it.
   *
   * @throws IllegalArgumentException if no block {@code hash} is stored
   */
  public synchronized long setHead(Hash hash) {
    BlockHeader header =
        blocks
            .header(hash)
            .orElseThrow(() -> new IllegalArgumentException("unknown block " + hash));
    if (hash.equals(head.hash())) {
      return 0;
    }
    List<Transaction> txs = blocks.body(hash).orElseThrow().transactions();
    long oldHeadNumber = head.header().number();
    boolean ancestor = blocks.isCanonical(header, hash);
    long abandoned;
    try (KeyValueStore.Batch batch = store.newBatch()) {
      abandoned = makeCanonical(batch, hash, header, txs);
      batch.commit();
    }
    head = new Head(hash, header);
    return ancestor ? oldHeadNumber - header.number() : abandoned;
  }

  /**
   * Adds to {@code batch} what makes {@code block} (being stored in the same batch) the head: the
   * canonical entries of its branch back to the common ancestor with the current canonical chain,
   * the removal of canonical entries above it, and the head pointer. Returns how many blocks of the
   * old canonical chain were abandoned.
   */
  private long makeCanonical(
      KeyValueStore.Batch batch, Hash hash, BlockHeader header, List<Transaction> transactions) {
    Head oldHead = head;
    Deque<Hash> branchHashes = new ArrayDeque<>();
    Deque<BlockHeader> branchHeaders = new ArrayDeque<>();
    branchHashes.push(hash);
    branchHeaders.push(header);
    BlockHeader cursor = header;
    while (cursor.number() > 0) {
      Hash parentHash = cursor.parentHash();
      if (blocks.isCanonicalAt(cursor.number() - 1, parentHash)) {
        break;
      }
      cursor =
          blocks
              .header(parentHash)
              .orElseThrow(
                  () -> new IllegalStateException("stored block lacks parent " + parentHash));
      branchHashes.push(parentHash);
      branchHeaders.push(cursor);
    }
    long forkPoint = branchHeaders.peek().number() - 1; // last block both chains share
    for (long n = header.number() + 1; n <= oldHead.header().number(); n++) {
      blocks.deleteCanonical(batch, n);
    }
    Map<Long, byte[]> blooms1 = new HashMap<>();
    Map<Long, byte[]> blooms2 = new HashMap<>();
    while (!branchHashes.isEmpty()) {
      Hash h = branchHashes.pop();
      BlockHeader hdr = branchHeaders.pop();
      List<Transaction> txs =
          h.equals(hash) ? transactions : blocks.body(h).orElseThrow().transactions();
      blocks.putCanonical(batch, h, hdr, txs, blooms1, blooms2);
    }
    blocks.putBlooms(batch, blooms1, blooms2);
    blocks.putHead(batch, hash);
    return Math.max(0, oldHead.header().number() - forkPoint);
  }
}
