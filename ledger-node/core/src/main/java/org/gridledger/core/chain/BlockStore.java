package org.gridledger.core.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.receipt.LogsBloom;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.storage.StorageException;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;

/**
 * Blocks, receipts and their indexes in a {@link KeyValueStore}. Only fully imported blocks are
 * stored: a header present means its body, receipts and post-state are present too, because {@link
 * Blockchain} writes all of them (and the state) in one atomic batch.
 *
 * <p>Layout:
 *
 * <ul>
 *   <li>{@link Column#HEADERS}: block hash → header RLP; {@link Column#BODIES}: block hash → body
 *       RLP; {@link Column#RECEIPTS}: block hash → RLP list of the receipts (typed ones as
 *       strings).
 *   <li>{@link Column#INDEXES}: {@code 'c' ‖ number(8)} → canonical block hash; {@code 't' ‖ tx
 *       hash} → block hash ‖ number(8) ‖ index(4) of the canonical block holding it; {@code "head"}
 *       → head block hash; {@code 'b' ‖ level(1) ‖ group(8)} → log bloom aggregate; {@code 's' ‖
 *       block hash} → the senders of the block's transactions, their 20-byte addresses concatenated
 *       in transaction order (see below).
 * </ul>
 *
 * <p><b>Senders.</b> Serving a block with full transactions needs each transaction's sender, and
 * recovering one from its signature costs a secp256k1 recovery (about 0.3 ms). Import recovered
 * them all before executing the block, so it stores them with the block, in the same batch: a block
 * stored by this version always has its senders. Blocks stored by earlier versions have no entry;
 * readers fall back to recovery. Keyed by block hash, the entry is unaffected by reorgs.
 *
 * <p><b>Log index.</b> {@code eth_getLogs} over a range must not read every block. Besides each
 * header's bloom, the store keeps the union of the blooms of every block that was canonical at a
 * height, per group of 64 blocks (level 1) and of 4096 blocks (level 2). A query reads a level-2
 * aggregate per 4096 blocks, descends only into the groups whose aggregate might match, then into
 * the headers, and reads receipts only of blocks whose own bloom might match. Aggregates only ever
 * gain bits: after a reorg they still cover the new canonical blocks and also the abandoned ones,
 * which can only cause extra descents (false positives), never missed logs. On a busy chain the
 * aggregates saturate and the walk degrades to reading each header's bloom in the range, as clients
 * without a log index do.
 *
 * <p>Reads are safe from any thread; writes go through {@link Blockchain} (one writer).
 */
public final class BlockStore {
  static final int LEVEL1_SHIFT = 6;
  static final int LEVEL2_SHIFT = 12;

  private static final byte CANONICAL = 'c';
  private static final byte TX = 't';
  private static final byte BLOOM = 'b';
  private static final byte SENDERS = 's';
  private static final byte[] HEAD_KEY = "head".getBytes(StandardCharsets.US_ASCII);

  private final KeyValueStore store;

  public BlockStore(KeyValueStore store) {
    this.store = store;
  }

  public KeyValueStore keyValueStore() {
    return store;
  }

  // ---------------------------------------------------------------- reads

  public boolean contains(Hash blockHash) {
    return store.get(Column.HEADERS, blockHash.unsafeBytes()).isPresent();
  }

  public Optional<BlockHeader> header(Hash blockHash) {
    return store.get(Column.HEADERS, blockHash.unsafeBytes()).map(BlockHeader::decode);
  }

  public Optional<BlockBody> body(Hash blockHash) {
    return store.get(Column.BODIES, blockHash.unsafeBytes()).map(BlockBody::decode);
  }

  public Optional<Block> block(Hash blockHash) {
    return header(blockHash).flatMap(h -> body(blockHash).map(b -> new Block(h, b)));
  }

  /** The receipts of a stored block, in transaction order. */
  public Optional<List<Receipt>> receipts(Hash blockHash) {
    return store.get(Column.RECEIPTS, blockHash.unsafeBytes()).map(BlockStore::decodeReceipts);
  }

  /**
   * The senders of a stored block's transactions, in transaction order; empty for an unknown block
   * and for a block stored by a version that did not store senders (recover them instead).
   *
   * @throws StorageException if the stored entry is not a whole number of addresses
   */
  public Optional<List<Address>> senders(Hash blockHash) {
    return store
        .get(Column.INDEXES, sendersKey(blockHash))
        .map(raw -> decodeSenders(blockHash, raw));
  }

  /** The hash of the canonical block at {@code number}, if the chain is that long. */
  public Optional<Hash> canonicalHash(long number) {
    return store.get(Column.INDEXES, canonicalKey(number)).map(Hash::wrap);
  }

  public Optional<BlockHeader> canonicalHeader(long number) {
    return canonicalHash(number).flatMap(this::header);
  }

  /** Whether the block with this hash is on the canonical chain. */
  public boolean isCanonical(BlockHeader header, Hash blockHash) {
    return isCanonicalAt(header.number(), blockHash);
  }

  /** Whether {@code blockHash} is the canonical block at {@code number}. */
  public boolean isCanonicalAt(long number, Hash blockHash) {
    return canonicalHash(number).map(blockHash::equals).orElse(false);
  }

  /** The head block's hash, empty for a store without a chain. */
  public Optional<Hash> headHash() {
    return store.get(Column.INDEXES, HEAD_KEY).map(Hash::wrap);
  }

  /** Where the transaction sits in the canonical chain, if it is in it. */
  public Optional<TxLocation> transactionLocation(Hash txHash) {
    Optional<byte[]> raw = store.get(Column.INDEXES, txKey(txHash));
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(raw.get());
    byte[] blockHash = new byte[Hash.SIZE];
    b.get(blockHash);
    TxLocation location = new TxLocation(Hash.wrap(blockHash), b.getLong(), b.getInt());
    // An entry can outlive a reorg that dropped its block from the canonical chain.
    return canonicalHash(location.blockNumber()).map(location.blockHash()::equals).orElse(false)
        ? Optional.of(location)
        : Optional.empty();
  }

  /**
   * The logs matching {@code filter} in canonical blocks {@code from..to} (inclusive), in chain
   * order, at most {@code limit + 1} of them (so a caller can tell that a limit was exceeded).
   */
  public List<LocatedLog> logs(LogFilter filter, long from, long to, int limit) {
    List<LocatedLog> out = new ArrayList<>();
    if (from < 0 || to < from) {
      return out;
    }
    for (long g2 = from >>> LEVEL2_SHIFT; g2 <= to >>> LEVEL2_SHIFT; g2++) {
      if (!aggregateMightMatch(2, g2, filter)) {
        continue;
      }
      long g1From = Math.max(from, g2 << LEVEL2_SHIFT) >>> LEVEL1_SHIFT;
      long g1To = Math.min(to, ((g2 + 1) << LEVEL2_SHIFT) - 1) >>> LEVEL1_SHIFT;
      for (long g1 = g1From; g1 <= g1To; g1++) {
        if (!aggregateMightMatch(1, g1, filter)) {
          continue;
        }
        long nFrom = Math.max(from, g1 << LEVEL1_SHIFT);
        long nTo = Math.min(to, ((g1 + 1) << LEVEL1_SHIFT) - 1);
        for (long n = nFrom; n <= nTo; n++) {
          if (!collectLogs(n, filter, limit, out)) {
            return out;
          }
        }
      }
    }
    return out;
  }

  /** Adds block {@code number}'s matching logs; false once more than {@code limit} were found. */
  private boolean collectLogs(long number, LogFilter filter, int limit, List<LocatedLog> out) {
    Optional<Hash> hash = canonicalHash(number);
    if (hash.isEmpty()) {
      return true;
    }
    BlockHeader header = header(hash.get()).orElseThrow();
    if (!filter.mightMatch(LogsBloom.of(header.logsBloom()))) {
      return true;
    }
    List<Receipt> receipts = receipts(hash.get()).orElseThrow();
    List<Transaction> txs = null;
    int logIndex = 0;
    for (int i = 0; i < receipts.size(); i++) {
      Hash txHash = null; // once per transaction, not per log (an encoding and a Keccak each)
      for (Log log : receipts.get(i).logs()) {
        if (filter.matches(log)) {
          if (txs == null) {
            txs = body(hash.get()).orElseThrow().transactions();
          }
          if (txHash == null) {
            txHash = txs.get(i).hash();
          }
          out.add(new LocatedLog(log, hash.get(), number, header.timestamp(), txHash, i, logIndex));
          if (out.size() > limit) {
            return false;
          }
        }
        logIndex++;
      }
    }
    return true;
  }

  private boolean aggregateMightMatch(int level, long group, LogFilter filter) {
    return store
        .get(Column.INDEXES, bloomKey(level, group))
        .map(bits -> filter.mightMatch(LogsBloom.of(bits)))
        .orElse(false);
  }

  // ---------------------------------------------------------------- writes (into a batch)

  /**
   * Adds a block, its receipts and its transactions' senders (not its canonical indexes).
   *
   * @throws IllegalArgumentException if there is not one sender per transaction
   */
  void putBlock(
      KeyValueStore.Batch batch,
      Hash hash,
      Block block,
      List<Receipt> receipts,
      List<Address> senders) {
    int txs = block.body().transactions().size();
    if (senders.size() != txs) {
      throw new IllegalArgumentException(senders.size() + " senders for " + txs + " transactions");
    }
    batch.put(Column.HEADERS, hash.unsafeBytes(), block.header().encode());
    batch.put(Column.BODIES, hash.unsafeBytes(), block.body().encode());
    batch.put(Column.RECEIPTS, hash.unsafeBytes(), encodeReceipts(receipts));
    batch.put(Column.INDEXES, sendersKey(hash), encodeSenders(senders));
  }

  /**
   * Makes a block canonical at its height: the number index, its transactions' locations and the
   * bloom aggregates ({@code blooms} collects aggregates changed within the same batch, since a
   * batch cannot be read back; write them with {@link #putBlooms}).
   */
  void putCanonical(
      KeyValueStore.Batch batch,
      Hash hash,
      BlockHeader header,
      List<Transaction> transactions,
      Map<Long, byte[]> blooms1,
      Map<Long, byte[]> blooms2) {
    long number = header.number();
    batch.put(Column.INDEXES, canonicalKey(number), hash.toArray());
    for (int i = 0; i < transactions.size(); i++) {
      ByteBuffer location = ByteBuffer.allocate(Hash.SIZE + 12);
      location.put(hash.unsafeBytes()).putLong(number).putInt(i);
      batch.put(Column.INDEXES, txKey(transactions.get(i).hash()), location.array());
    }
    byte[] bloom = header.logsBloom();
    orInto(blooms1, 1, number >>> LEVEL1_SHIFT, bloom);
    orInto(blooms2, 2, number >>> LEVEL2_SHIFT, bloom);
  }

  private void orInto(Map<Long, byte[]> blooms, int level, long group, byte[] bloom) {
    byte[] agg =
        blooms.computeIfAbsent(
            group,
            g -> store.get(Column.INDEXES, bloomKey(level, g)).orElse(new byte[LogsBloom.SIZE]));
    for (int i = 0; i < agg.length; i++) {
      agg[i] |= bloom[i];
    }
  }

  /** Writes the bloom aggregates collected by {@link #putCanonical}. */
  void putBlooms(KeyValueStore.Batch batch, Map<Long, byte[]> blooms1, Map<Long, byte[]> blooms2) {
    blooms1.forEach((g, bits) -> batch.put(Column.INDEXES, bloomKey(1, g), bits));
    blooms2.forEach((g, bits) -> batch.put(Column.INDEXES, bloomKey(2, g), bits));
  }

  /** Removes the canonical entry at {@code number} (the chain got shorter). */
  void deleteCanonical(KeyValueStore.Batch batch, long number) {
    batch.delete(Column.INDEXES, canonicalKey(number));
  }

  void putHead(KeyValueStore.Batch batch, Hash hash) {
    batch.put(Column.INDEXES, HEAD_KEY, hash.toArray());
  }

  // ---------------------------------------------------------------- encodings

  static byte[] encodeReceipts(List<Receipt> receipts) {
    RlpWriter w = new RlpWriter(64 + 300 * receipts.size());
    int list = w.startList();
    for (Receipt r : receipts) {
      r.writeTo(w);
    }
    w.endList(list);
    return w.toByteArray();
  }

  static List<Receipt> decodeReceipts(byte[] encoded) {
    RlpReader r = RlpReader.single(encoded).readList();
    List<Receipt> out = new ArrayList<>();
    while (r.hasNext()) {
      out.add(Receipt.readFrom(r));
    }
    return out;
  }

  static byte[] encodeSenders(List<Address> senders) {
    ByteBuffer out = ByteBuffer.allocate(Address.SIZE * senders.size());
    for (Address sender : senders) {
      out.put(sender.unsafeBytes());
    }
    return out.array();
  }

  static List<Address> decodeSenders(Hash blockHash, byte[] encoded) {
    if (encoded.length % Address.SIZE != 0) {
      throw new StorageException(
          "senders of block "
              + blockHash
              + ": "
              + encoded.length
              + " bytes is not a multiple of "
              + Address.SIZE);
    }
    List<Address> out = new ArrayList<>(encoded.length / Address.SIZE);
    for (int offset = 0; offset < encoded.length; offset += Address.SIZE) {
      out.add(Address.wrap(Arrays.copyOfRange(encoded, offset, offset + Address.SIZE)));
    }
    return List.copyOf(out);
  }

  static byte[] sendersKey(Hash blockHash) {
    return ByteBuffer.allocate(1 + Hash.SIZE).put(SENDERS).put(blockHash.unsafeBytes()).array();
  }

  private static byte[] canonicalKey(long number) {
    return ByteBuffer.allocate(9).put(CANONICAL).putLong(number).array();
  }

  private static byte[] txKey(Hash txHash) {
    return ByteBuffer.allocate(1 + Hash.SIZE).put(TX).put(txHash.unsafeBytes()).array();
  }

  private static byte[] bloomKey(int level, long group) {
    return ByteBuffer.allocate(10).put(BLOOM).put((byte) level).putLong(group).array();
  }
}
