package org.gridledger.network.eth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionDecoder;
import org.gridledger.core.tx.TransactionDecodingException;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.WireFormatException;

/**
 * The messages of {@code eth/68} (ethereum/devp2p caps/eth.md), with ids relative to the
 * capability's offset. Requests and responses carry the request id of eth/66+. Decoding is strict
 * (canonical RLP, exact element counts except trailing elements, which caps/eth.md's EIP-8 rule
 * allows) and enforces the per-message limits below; every bad input is a {@link
 * WireFormatException}. GetNodeData and NodeData (0x0d, 0x0e), removed in eth/67, decode as
 * unsupported.
 */
public sealed interface EthMessage
    permits EthMessage.Status,
        EthMessage.NewBlockHashes,
        EthMessage.Transactions,
        EthMessage.GetBlockHeaders,
        EthMessage.BlockHeaders,
        EthMessage.GetBlockBodies,
        EthMessage.BlockBodies,
        EthMessage.NewBlock,
        EthMessage.NewPooledTransactionHashes,
        EthMessage.GetPooledTransactions,
        EthMessage.PooledTransactions,
        EthMessage.GetReceipts,
        EthMessage.Receipts {

  /** The protocol version. */
  int VERSION = 68;

  /** Message ids 0x00..0x10 (caps/eth.md), so the capability occupies 17 ids. */
  int MESSAGE_COUNT = 17;

  int STATUS = 0x00;
  int NEW_BLOCK_HASHES = 0x01;
  int TRANSACTIONS = 0x02;
  int GET_BLOCK_HEADERS = 0x03;
  int BLOCK_HEADERS = 0x04;
  int GET_BLOCK_BODIES = 0x05;
  int BLOCK_BODIES = 0x06;
  int NEW_BLOCK = 0x07;
  int NEW_POOLED_TRANSACTION_HASHES = 0x08;
  int GET_POOLED_TRANSACTIONS = 0x09;
  int POOLED_TRANSACTIONS = 0x0a;
  int GET_RECEIPTS = 0x0f;
  int RECEIPTS = 0x10;

  /** Most headers one GetBlockHeaders may ask for and one BlockHeaders may carry. */
  int MAX_HEADERS = 1024;

  /** Most bodies one GetBlockBodies may ask for and one BlockBodies may carry. */
  int MAX_BODIES = 1024;

  /** Most blocks whose receipts one GetReceipts may ask for and one Receipts may carry. */
  int MAX_RECEIPT_BLOCKS = 1024;

  /** Most hashes in one announcement (NewBlockHashes, NewPooledTransactionHashes). */
  int MAX_ANNOUNCED_HASHES = 4096;

  /** Most transactions asked for or carried in one pooled-transaction exchange or broadcast. */
  int MAX_TRANSACTIONS = 4096;

  /** The message id relative to the capability offset. */
  int code();

  /** The RLP message data (before Snappy). */
  byte[] encodeData();

  /**
   * Decodes a message from its relative id and data.
   *
   * @throws WireFormatException if the id is unknown or the data malformed or over a limit
   */
  static EthMessage decode(int code, byte[] data) {
    try {
      RlpReader list = RlpReader.single(data).readList();
      return switch (code) {
        case STATUS -> Status.read(list);
        case NEW_BLOCK_HASHES -> NewBlockHashes.read(list);
        case TRANSACTIONS -> new Transactions(readTransactions(list, "Transactions"));
        case GET_BLOCK_HEADERS -> GetBlockHeaders.read(list);
        case BLOCK_HEADERS -> BlockHeaders.read(list);
        case GET_BLOCK_BODIES -> {
          long id = list.readUnsignedLong();
          yield new GetBlockBodies(id, readHashes(list.readList(), MAX_BODIES, "GetBlockBodies"));
        }
        case BLOCK_BODIES -> BlockBodies.read(list);
        case NEW_BLOCK -> NewBlock.read(list);
        case NEW_POOLED_TRANSACTION_HASHES -> NewPooledTransactionHashes.read(list);
        case GET_POOLED_TRANSACTIONS -> {
          long id = list.readUnsignedLong();
          yield new GetPooledTransactions(
              id, readHashes(list.readList(), MAX_TRANSACTIONS, "GetPooledTransactions"));
        }
        case POOLED_TRANSACTIONS -> {
          long id = list.readUnsignedLong();
          yield new PooledTransactions(id, readTransactions(list.readList(), "PooledTransactions"));
        }
        case GET_RECEIPTS -> {
          long id = list.readUnsignedLong();
          yield new GetReceipts(id, readHashes(list.readList(), MAX_RECEIPT_BLOCKS, "GetReceipts"));
        }
        case RECEIPTS -> Receipts.read(list);
        default -> throw new WireFormatException("eth message id " + code + " is unsupported", 0);
      };
    } catch (RlpException e) {
      throw new WireFormatException("malformed eth message: " + e.getMessage(), e.offset(), e);
    } catch (TransactionDecodingException e) {
      throw new WireFormatException("invalid transaction: " + e.getMessage(), e.offset(), e);
    }
  }

  private static List<Hash> readHashes(RlpReader list, int max, String what) {
    List<Hash> hashes = new ArrayList<>();
    while (list.hasNext()) {
      if (hashes.size() == max) {
        throw new WireFormatException(
            what + " holds more than " + max + " hashes", list.position());
      }
      hashes.add(Hash.wrap(list.readBytes(Hash.SIZE, "hash")));
    }
    return hashes;
  }

  private static List<Transaction> readTransactions(RlpReader list, String what) {
    List<Transaction> txs = new ArrayList<>();
    while (list.hasNext()) {
      if (txs.size() == MAX_TRANSACTIONS) {
        throw new WireFormatException(
            what + " holds more than " + MAX_TRANSACTIONS + " transactions", list.position());
      }
      txs.add(TransactionDecoder.decodeItem(list));
    }
    return txs;
  }

  private static void writeHashes(RlpWriter w, List<Hash> hashes) {
    int mark = w.startList();
    for (Hash h : hashes) {
      w.writeBytes(h.toArray());
    }
    w.endList(mark);
  }

  /** {@code [request-id, [hash, ...]]}: the form of every request by hashes. */
  private static byte[] hashRequest(long requestId, List<Hash> hashes) {
    RlpWriter w = new RlpWriter();
    int outer = w.startList();
    w.writeUnsignedLong(requestId);
    writeHashes(w, hashes);
    return w.endList(outer).toByteArray();
  }

  private static void writeTransactions(RlpWriter w, List<Transaction> txs) {
    int mark = w.startList();
    for (Transaction tx : txs) {
      tx.writeTo(w);
    }
    w.endList(mark);
  }

  private static void requireAtMost(int size, int max, String what) {
    if (size > max) {
      throw new IllegalArgumentException(what + ": " + size + " items, at most " + max);
    }
  }

  /**
   * {@code [version, networkid, td, blockhash, genesis, forkid]}: the first message of the session.
   */
  record Status(
      long version,
      long networkId,
      BigInteger totalDifficulty,
      Hash head,
      Hash genesis,
      ForkId forkId)
      implements EthMessage {
    public Status {
      Objects.requireNonNull(totalDifficulty, "totalDifficulty");
      Objects.requireNonNull(head, "head");
      Objects.requireNonNull(genesis, "genesis");
      Objects.requireNonNull(forkId, "forkId");
    }

    static Status read(RlpReader list) {
      long version = list.readUnsignedLong();
      long networkId = list.readUnsignedLong();
      BigInteger td = list.readUInt256();
      Hash head = Hash.wrap(list.readBytes(Hash.SIZE, "head hash"));
      Hash genesis = Hash.wrap(list.readBytes(Hash.SIZE, "genesis hash"));
      RlpReader fork = list.readList();
      byte[] forkHash = fork.readBytes(4, "fork hash");
      long next = fork.readUnsignedLong();
      int hash =
          (forkHash[0] & 0xff) << 24
              | (forkHash[1] & 0xff) << 16
              | (forkHash[2] & 0xff) << 8
              | (forkHash[3] & 0xff);
      return new Status(version, networkId, td, head, genesis, new ForkId(hash, next));
    }

    @Override
    public int code() {
      return STATUS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(version).writeUnsignedLong(networkId).writeBigInteger(totalDifficulty);
      w.writeBytes(head.toArray()).writeBytes(genesis.toArray());
      int fork = w.startList();
      w.writeBytes(forkId.hashBytes()).writeUnsignedLong(forkId.next());
      w.endList(fork);
      return w.endList(outer).toByteArray();
    }
  }

  /** One announced block. */
  record BlockAnnouncement(Hash hash, long number) {
    public BlockAnnouncement {
      Objects.requireNonNull(hash, "hash");
    }
  }

  /** {@code [[blockhash, number], ...]}. */
  record NewBlockHashes(List<BlockAnnouncement> blocks) implements EthMessage {
    public NewBlockHashes {
      blocks = List.copyOf(blocks);
      requireAtMost(blocks.size(), MAX_ANNOUNCED_HASHES, "NewBlockHashes");
    }

    static NewBlockHashes read(RlpReader list) {
      List<BlockAnnouncement> out = new ArrayList<>();
      while (list.hasNext()) {
        if (out.size() == MAX_ANNOUNCED_HASHES) {
          throw new WireFormatException(
              "NewBlockHashes holds more than " + MAX_ANNOUNCED_HASHES + " blocks",
              list.position());
        }
        RlpReader pair = list.readList();
        Hash hash = Hash.wrap(pair.readBytes(Hash.SIZE, "block hash"));
        out.add(new BlockAnnouncement(hash, pair.readUnsignedLong()));
      }
      return new NewBlockHashes(out);
    }

    @Override
    public int code() {
      return NEW_BLOCK_HASHES;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      for (BlockAnnouncement b : blocks) {
        int pair = w.startList();
        w.writeBytes(b.hash().toArray()).writeUnsignedLong(b.number());
        w.endList(pair);
      }
      return w.endList(outer).toByteArray();
    }
  }

  /** {@code [tx, ...]}: transactions broadcast to the peer. */
  record Transactions(List<Transaction> transactions) implements EthMessage {
    public Transactions {
      transactions = List.copyOf(transactions);
      requireAtMost(transactions.size(), MAX_TRANSACTIONS, "Transactions");
    }

    @Override
    public int code() {
      return TRANSACTIONS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      writeTransactions(w, transactions);
      return w.toByteArray();
    }
  }

  /** The first block of a header request: a hash or a number. */
  sealed interface BlockId permits ByHash, ByNumber {}

  record ByHash(Hash hash) implements BlockId {
    public ByHash {
      Objects.requireNonNull(hash, "hash");
    }
  }

  record ByNumber(long number) implements BlockId {}

  /**
   * {@code [request-id, [startblock, limit, skip, reverse]]}: up to {@code limit} headers from
   * {@code start}, every {@code skip + 1}-th, descending if {@code reverse}. {@code skip} and a
   * {@link ByNumber} start are unsigned 64-bit numbers (a negative long is above 2^63); a decoded
   * limit above {@link #MAX_HEADERS} is read as {@link #MAX_HEADERS}.
   */
  record GetBlockHeaders(long requestId, BlockId start, long limit, long skip, boolean reverse)
      implements EthMessage {
    public GetBlockHeaders {
      Objects.requireNonNull(start, "start");
      if (limit < 0 || limit > MAX_HEADERS) {
        throw new IllegalArgumentException("header limit must be 0.." + MAX_HEADERS);
      }
    }

    static GetBlockHeaders read(RlpReader outer) {
      long id = outer.readUnsignedLong();
      RlpReader list = outer.readList();
      int startAt = list.position();
      byte[] start = list.readBytes();
      BlockId blockId;
      if (start.length == Hash.SIZE) {
        blockId = new ByHash(Hash.wrap(start));
      } else if (start.length <= 8 && (start.length == 0 || start[0] != 0)) {
        long n = 0;
        for (byte b : start) {
          n = (n << 8) | (b & 0xff);
        }
        blockId = new ByNumber(n);
      } else {
        throw new WireFormatException(
            "start block must be a 32-byte hash or a canonical number", startAt);
      }
      // eth/68 bounds the answer, not the ask: a larger limit (any unsigned 64-bit number) is
      // read as the most one answer holds, as go-ethereum serves it, not as a breach.
      long asked = list.readUnsignedLong();
      long limit = Long.compareUnsigned(asked, MAX_HEADERS) > 0 ? MAX_HEADERS : asked;
      long skip = list.readUnsignedLong();
      int reverseAt = list.position();
      long reverse = list.readUnsignedLong();
      if (reverse > 1) {
        throw new WireFormatException("reverse must be 0 or 1", reverseAt);
      }
      return new GetBlockHeaders(id, blockId, limit, skip, reverse == 1);
    }

    @Override
    public int code() {
      return GET_BLOCK_HEADERS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(requestId);
      int inner = w.startList();
      switch (start) {
        case ByHash h -> w.writeBytes(h.hash().toArray());
        case ByNumber n -> w.writeUnsignedLong(n.number());
      }
      w.writeUnsignedLong(limit).writeUnsignedLong(skip).writeLong(reverse ? 1 : 0);
      w.endList(inner);
      return w.endList(outer).toByteArray();
    }
  }

  /** {@code [request-id, [header, ...]]}. */
  record BlockHeaders(long requestId, List<BlockHeader> headers) implements EthMessage {
    public BlockHeaders {
      headers = List.copyOf(headers);
      requireAtMost(headers.size(), MAX_HEADERS, "BlockHeaders");
    }

    static BlockHeaders read(RlpReader outer) {
      long id = outer.readUnsignedLong();
      RlpReader list = outer.readList();
      List<BlockHeader> headers = new ArrayList<>();
      while (list.hasNext()) {
        if (headers.size() == MAX_HEADERS) {
          throw new WireFormatException(
              "BlockHeaders holds more than " + MAX_HEADERS + " headers", list.position());
        }
        headers.add(BlockHeader.readFrom(list));
      }
      return new BlockHeaders(id, headers);
    }

    @Override
    public int code() {
      return BLOCK_HEADERS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(requestId);
      int inner = w.startList();
      for (BlockHeader h : headers) {
        h.writeTo(w);
      }
      w.endList(inner);
      return w.endList(outer).toByteArray();
    }
  }

  /** {@code [request-id, [blockhash, ...]]}. */
  record GetBlockBodies(long requestId, List<Hash> hashes) implements EthMessage {
    public GetBlockBodies {
      hashes = List.copyOf(hashes);
      requireAtMost(hashes.size(), MAX_BODIES, "GetBlockBodies");
    }

    @Override
    public int code() {
      return GET_BLOCK_BODIES;
    }

    @Override
    public byte[] encodeData() {
      return hashRequest(requestId, hashes);
    }
  }

  /** {@code [request-id, [[transactions, ommers, withdrawals], ...]]}. */
  record BlockBodies(long requestId, List<BlockBody> bodies) implements EthMessage {
    public BlockBodies {
      bodies = List.copyOf(bodies);
      requireAtMost(bodies.size(), MAX_BODIES, "BlockBodies");
    }

    static BlockBodies read(RlpReader outer) {
      long id = outer.readUnsignedLong();
      RlpReader list = outer.readList();
      List<BlockBody> bodies = new ArrayList<>();
      while (list.hasNext()) {
        if (bodies.size() == MAX_BODIES) {
          throw new WireFormatException(
              "BlockBodies holds more than " + MAX_BODIES + " bodies", list.position());
        }
        bodies.add(BlockBody.decode(list.readRaw()));
      }
      return new BlockBodies(id, bodies);
    }

    @Override
    public int code() {
      return BLOCK_BODIES;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(requestId);
      int inner = w.startList();
      for (BlockBody b : bodies) {
        w.writeRaw(b.encode());
      }
      w.endList(inner);
      return w.endList(outer).toByteArray();
    }
  }

  /** {@code [block, td]}: a whole new block propagated to the peer. */
  record NewBlock(Block block, BigInteger totalDifficulty) implements EthMessage {
    public NewBlock {
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(totalDifficulty, "totalDifficulty");
    }

    static NewBlock read(RlpReader list) {
      Block block = Block.decode(list.readRaw());
      return new NewBlock(block, list.readUInt256());
    }

    @Override
    public int code() {
      return NEW_BLOCK;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeRaw(block.encode()).writeBigInteger(totalDifficulty);
      return w.endList(outer).toByteArray();
    }
  }

  /**
   * {@code [txtypes, [txsize, ...], [txhash, ...]]} (eth/68): announced pool transactions, each
   * with its EIP-2718 type byte and encoded size; the three lists are equally long.
   */
  record NewPooledTransactionHashes(byte[] types, List<Long> sizes, List<Hash> hashes)
      implements EthMessage {
    public NewPooledTransactionHashes {
      types = types.clone();
      sizes = List.copyOf(sizes);
      hashes = List.copyOf(hashes);
      if (types.length != sizes.size() || sizes.size() != hashes.size()) {
        throw new IllegalArgumentException("types, sizes and hashes must be equally long");
      }
      requireAtMost(hashes.size(), MAX_ANNOUNCED_HASHES, "NewPooledTransactionHashes");
    }

    @Override
    public byte[] types() {
      return types.clone();
    }

    static NewPooledTransactionHashes read(RlpReader list) {
      int typesAt = list.position();
      byte[] types = list.readBytes();
      if (types.length > MAX_ANNOUNCED_HASHES) {
        throw new WireFormatException(
            "NewPooledTransactionHashes announces more than " + MAX_ANNOUNCED_HASHES, typesAt);
      }
      RlpReader sizeList = list.readList();
      List<Long> sizes = new ArrayList<>();
      while (sizeList.hasNext()) {
        if (sizes.size() == types.length) {
          throw new WireFormatException("more sizes than types", sizeList.position());
        }
        sizes.add(sizeList.readUnsignedLong());
      }
      int hashesAt = list.position();
      List<Hash> hashes = readHashes(list.readList(), types.length, "NewPooledTransactionHashes");
      if (sizes.size() != types.length || hashes.size() != types.length) {
        throw new WireFormatException(
            "NewPooledTransactionHashes: "
                + types.length
                + " types, "
                + sizes.size()
                + " sizes, "
                + hashes.size()
                + " hashes",
            hashesAt);
      }
      return new NewPooledTransactionHashes(types, sizes, hashes);
    }

    @Override
    public int code() {
      return NEW_POOLED_TRANSACTION_HASHES;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeBytes(types);
      int s = w.startList();
      for (long size : sizes) {
        w.writeUnsignedLong(size);
      }
      w.endList(s);
      writeHashes(w, hashes);
      return w.endList(outer).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NewPooledTransactionHashes n
          && java.util.Arrays.equals(types, n.types)
          && sizes.equals(n.sizes)
          && hashes.equals(n.hashes);
    }

    @Override
    public int hashCode() {
      return Objects.hash(java.util.Arrays.hashCode(types), sizes, hashes);
    }

    @Override
    public String toString() {
      return "NewPooledTransactionHashes[" + hashes.size() + " hashes]";
    }
  }

  /** {@code [request-id, [txhash, ...]]}. */
  record GetPooledTransactions(long requestId, List<Hash> hashes) implements EthMessage {
    public GetPooledTransactions {
      hashes = List.copyOf(hashes);
      requireAtMost(hashes.size(), MAX_TRANSACTIONS, "GetPooledTransactions");
    }

    @Override
    public int code() {
      return GET_POOLED_TRANSACTIONS;
    }

    @Override
    public byte[] encodeData() {
      return hashRequest(requestId, hashes);
    }
  }

  /** {@code [request-id, [tx, ...]]}. */
  record PooledTransactions(long requestId, List<Transaction> transactions) implements EthMessage {
    public PooledTransactions {
      transactions = List.copyOf(transactions);
      requireAtMost(transactions.size(), MAX_TRANSACTIONS, "PooledTransactions");
    }

    @Override
    public int code() {
      return POOLED_TRANSACTIONS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(requestId);
      writeTransactions(w, transactions);
      return w.endList(outer).toByteArray();
    }
  }

  /** {@code [request-id, [blockhash, ...]]}: the receipts of these blocks. */
  record GetReceipts(long requestId, List<Hash> hashes) implements EthMessage {
    public GetReceipts {
      hashes = List.copyOf(hashes);
      requireAtMost(hashes.size(), MAX_RECEIPT_BLOCKS, "GetReceipts");
    }

    @Override
    public int code() {
      return GET_RECEIPTS;
    }

    @Override
    public byte[] encodeData() {
      return hashRequest(requestId, hashes);
    }
  }

  /**
   * {@code [request-id, [[receipt, ...], ...]]}: one list per requested block, in request order,
   * each receipt in its consensus encoding (legacy as a list, typed as a string holding {@code type
   * || RLP(fields)}), as in the block's receipts trie.
   */
  record Receipts(long requestId, List<List<Receipt>> blocks) implements EthMessage {
    public Receipts {
      blocks = blocks.stream().map(List::copyOf).toList();
      requireAtMost(blocks.size(), MAX_RECEIPT_BLOCKS, "Receipts");
    }

    static Receipts read(RlpReader outer) {
      long id = outer.readUnsignedLong();
      RlpReader list = outer.readList();
      List<List<Receipt>> blocks = new ArrayList<>();
      while (list.hasNext()) {
        if (blocks.size() == MAX_RECEIPT_BLOCKS) {
          throw new WireFormatException(
              "Receipts holds more than " + MAX_RECEIPT_BLOCKS + " blocks", list.position());
        }
        RlpReader block = list.readList();
        List<Receipt> receipts = new ArrayList<>();
        while (block.hasNext()) {
          receipts.add(Receipt.readFrom(block));
        }
        blocks.add(receipts);
      }
      return new Receipts(id, blocks);
    }

    @Override
    public int code() {
      return RECEIPTS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(requestId);
      int all = w.startList();
      for (List<Receipt> block : blocks) {
        int one = w.startList();
        for (Receipt r : block) {
          r.writeTo(w);
        }
        w.endList(one);
      }
      w.endList(all);
      return w.endList(outer).toByteArray();
    }

    @Override
    public String toString() {
      return "Receipts[" + requestId + ", " + blocks.size() + " blocks]";
    }
  }
}
