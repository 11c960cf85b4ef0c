package org.gridledger.network.eth;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
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
 * The messages of {@code eth/68}, {@code eth/69} and {@code eth/70} (ethereum/devp2p caps/eth.md;
 * EIP-7642 for 69, EIP-7975 for 70), with ids relative to the capability's offset. Requests and
 * responses carry the request id of eth/66+. Decoding is strict (canonical RLP, exact element
 * counts except trailing elements, which caps/eth.md's EIP-8 rule allows) and enforces the
 * per-message limits below; every bad input is a {@link WireFormatException}. GetNodeData and
 * NodeData (0x0d, 0x0e), removed in eth/67, decode as unsupported.
 *
 * <p>What eth/69 changed: {@link Status69} (no total difficulty; the block range served instead of
 * the head alone), {@link Receipts69} (every receipt a list {@code [type, status, cumulative-gas,
 * logs]}, without the bloom), {@link BlockRangeUpdate} (0x11, new), and NewBlockHashes and NewBlock
 * are gone (a peer that sends them breaches the protocol, as go-ethereum treats it). What eth/70
 * changed: receipts may be asked for from an index into the first block's list ({@link
 * GetReceipts70}) and the answer may end inside the last block's list ({@link Receipts70}), so a
 * block whose receipts exceed a message can still be served. {@link #isPartOf} says which messages
 * a version has.
 */
public sealed interface EthMessage
    permits EthMessage.Handshake,
        EthMessage.BlockRangeUpdate,
        EthMessage.Receipts69,
        EthMessage.GetReceipts70,
        EthMessage.Receipts70,
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

  /** eth/68 (EIP-5793). */
  int ETH68 = 68;

  /** eth/69 (EIP-7642). */
  int ETH69 = 69;

  /** eth/70 (EIP-7975). */
  int ETH70 = 70;

  /** The version of {@link Status}, eth/68's handshake. */
  int VERSION = ETH68;

  /** The versions this node speaks, oldest first. */
  List<Integer> VERSIONS = List.of(ETH68, ETH69, ETH70);

  /** eth/68's message ids 0x00..0x10 (caps/eth.md), so the capability occupies 17 ids. */
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
  int BLOCK_RANGE_UPDATE = 0x11;

  /**
   * How many message ids {@code version} occupies: 17 for eth/68, 18 (up to 0x11) for eth/69 and
   * eth/70.
   */
  static int messageCount(int version) {
    return switch (version) {
      case ETH68 -> MESSAGE_COUNT;
      case ETH69, ETH70 -> BLOCK_RANGE_UPDATE + 1;
      default -> throw new IllegalArgumentException("eth/" + version + " is not supported");
    };
  }

  /** Whether {@code message} exists in {@code version} (and may be sent to a peer speaking it). */
  static boolean isPartOf(EthMessage message, int version) {
    return switch (message) {
      case Status s -> version == ETH68;
      case NewBlockHashes n -> version == ETH68;
      case NewBlock n -> version == ETH68;
      case Receipts r -> version == ETH68;
      case GetReceipts r -> version == ETH68 || version == ETH69;
      case Receipts69 r -> version == ETH69;
      case Status69 s -> version == ETH69 || version == ETH70;
      case BlockRangeUpdate u -> version == ETH69 || version == ETH70;
      case GetReceipts70 r -> version == ETH70;
      case Receipts70 r -> version == ETH70;
      default -> VERSIONS.contains(version);
    };
  }

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
   * Decodes an eth/68 message from its relative id and data.
   *
   * @throws WireFormatException if the id is unknown or the data malformed or over a limit
   */
  static EthMessage decode(int code, byte[] data) {
    return decode(ETH68, code, data);
  }

  /**
   * Decodes a message of eth/{@code version} from its relative id and data.
   *
   * @throws WireFormatException if the id is not part of that version or the data malformed or over
   *     a limit
   * @throws IllegalArgumentException if the version is not one of {@link #VERSIONS}
   */
  static EthMessage decode(int version, int code, byte[] data) {
    boolean eth69 = messageCount(version) > MESSAGE_COUNT;
    boolean eth70 = version == ETH70;
    boolean removedIn69 = code == NEW_BLOCK_HASHES || code == NEW_BLOCK;
    if (eth69 ? removedIn69 : code == BLOCK_RANGE_UPDATE) {
      throw new WireFormatException("eth message id " + code + " is not part of eth/" + version, 0);
    }
    try {
      RlpReader list = RlpReader.single(data).readList();
      return switch (code) {
        case STATUS -> eth69 ? Status69.read(list) : Status.read(list);
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
          long firstIndex = eth70 ? list.readUnsignedLong() : 0;
          List<Hash> hashes = readHashes(list.readList(), MAX_RECEIPT_BLOCKS, "GetReceipts");
          yield eth70 ? new GetReceipts70(id, firstIndex, hashes) : new GetReceipts(id, hashes);
        }
        case RECEIPTS ->
            eth70 ? Receipts70.read(list) : eth69 ? Receipts69.read(list) : Receipts.read(list);
        case BLOCK_RANGE_UPDATE -> BlockRangeUpdate.read(list);
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

  /** The first message of a session, in either version's form: what both sides must agree on. */
  sealed interface Handshake extends EthMessage permits Status, Status69 {
    long version();

    long networkId();

    Hash genesis();

    ForkId forkId();

    /** The number of the sender's latest block, as far as the handshake says. */
    long latestBlock();
  }

  /**
   * {@code [version, networkid, td, blockhash, genesis, forkid]}: eth/68's first message of the
   * session.
   */
  record Status(
      long version,
      long networkId,
      BigInteger totalDifficulty,
      Hash head,
      Hash genesis,
      ForkId forkId)
      implements Handshake {
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
      return new Status(version, networkId, td, head, genesis, readForkId(list));
    }

    /**
     * Gridledger's chains have no work, so its nodes send the head's number as the total difficulty
     * (as a post-merge chain's is constant, the number is the useful part); read back the same way.
     */
    @Override
    public long latestBlock() {
      return totalDifficulty.bitLength() < 64 ? totalDifficulty.longValue() : Long.MAX_VALUE;
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
      writeForkId(w, forkId);
      return w.endList(outer).toByteArray();
    }
  }

  /** EIP-2124's {@code [fork-hash, fork-next]}. */
  private static ForkId readForkId(RlpReader list) {
    RlpReader fork = list.readList();
    byte[] forkHash = fork.readBytes(4, "fork hash");
    long next = fork.readUnsignedLong();
    int hash =
        (forkHash[0] & 0xff) << 24
            | (forkHash[1] & 0xff) << 16
            | (forkHash[2] & 0xff) << 8
            | (forkHash[3] & 0xff);
    return new ForkId(hash, next);
  }

  private static void writeForkId(RlpWriter w, ForkId forkId) {
    int fork = w.startList();
    w.writeBytes(forkId.hashBytes()).writeUnsignedLong(forkId.next());
    w.endList(fork);
  }

  /**
   * The block range of eth/69 (in {@link Status69} and {@link BlockRangeUpdate}): unsigned numbers,
   * {@code earliest <= latest}, a latest hash that is not zero (go-ethereum's checks).
   */
  private static void checkRange(long earliest, long latest, Hash latestHash, int at) {
    if (Long.compareUnsigned(earliest, latest) > 0) {
      throw new WireFormatException(
          "block range: earliest "
              + Long.toUnsignedString(earliest)
              + " is above latest "
              + Long.toUnsignedString(latest),
          at);
    }
    if (latestHash.equals(Hash.ZERO)) {
      throw new WireFormatException("block range: the latest block's hash is zero", at);
    }
  }

  /**
   * {@code [version, networkid, genesis, forkid, earliest, latest, latestHash]}: eth/69's first
   * message of the session; the sender serves bodies and receipts of blocks earliest..latest.
   */
  record Status69(
      long version,
      long networkId,
      Hash genesis,
      ForkId forkId,
      long earliestBlock,
      long latestBlock,
      Hash latestHash)
      implements Handshake {
    public Status69 {
      Objects.requireNonNull(genesis, "genesis");
      Objects.requireNonNull(forkId, "forkId");
      Objects.requireNonNull(latestHash, "latestHash");
    }

    static Status69 read(RlpReader list) {
      int at = list.position();
      long version = list.readUnsignedLong();
      long networkId = list.readUnsignedLong();
      Hash genesis = Hash.wrap(list.readBytes(Hash.SIZE, "genesis hash"));
      ForkId forkId = readForkId(list);
      long earliest = list.readUnsignedLong();
      long latest = list.readUnsignedLong();
      Hash latestHash = Hash.wrap(list.readBytes(Hash.SIZE, "latest block hash"));
      checkRange(earliest, latest, latestHash, at);
      return new Status69(version, networkId, genesis, forkId, earliest, latest, latestHash);
    }

    @Override
    public int code() {
      return STATUS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(version).writeUnsignedLong(networkId).writeBytes(genesis.toArray());
      writeForkId(w, forkId);
      w.writeUnsignedLong(earliestBlock).writeUnsignedLong(latestBlock);
      w.writeBytes(latestHash.toArray());
      return w.endList(outer).toByteArray();
    }
  }

  /**
   * {@code [earliest, latest, latestHash]} (eth/69): the sender now serves bodies and receipts of
   * blocks earliest..latest. Sent when the range changes; go-ethereum sends it about every two
   * minutes, a Gridledger node at each new head (peers learn heads from it, as eth/68 peers do from
   * NewBlockHashes).
   */
  record BlockRangeUpdate(long earliestBlock, long latestBlock, Hash latestHash)
      implements EthMessage {
    public BlockRangeUpdate {
      Objects.requireNonNull(latestHash, "latestHash");
    }

    static BlockRangeUpdate read(RlpReader list) {
      int at = list.position();
      long earliest = list.readUnsignedLong();
      long latest = list.readUnsignedLong();
      Hash latestHash = Hash.wrap(list.readBytes(Hash.SIZE, "latest block hash"));
      checkRange(earliest, latest, latestHash, at);
      return new BlockRangeUpdate(earliest, latest, latestHash);
    }

    @Override
    public int code() {
      return BLOCK_RANGE_UPDATE;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(earliestBlock).writeUnsignedLong(latestBlock);
      w.writeBytes(latestHash.toArray());
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
      return new Receipts(id, readReceiptBlocks(outer.readList(), Receipt::readFrom));
    }

    @Override
    public int code() {
      return RECEIPTS;
    }

    @Override
    public byte[] encodeData() {
      return encodeReceiptBlocks(List.of(requestId), blocks, (w, r) -> r.writeTo(w));
    }

    @Override
    public String toString() {
      return "Receipts[" + requestId + ", " + blocks.size() + " blocks]";
    }
  }

  /** The blocks' receipt lists of a Receipts message, each receipt read by {@code item}. */
  private static List<List<Receipt>> readReceiptBlocks(
      RlpReader list, Function<RlpReader, Receipt> item) {
    List<List<Receipt>> blocks = new ArrayList<>();
    while (list.hasNext()) {
      if (blocks.size() == MAX_RECEIPT_BLOCKS) {
        throw new WireFormatException(
            "Receipts holds more than " + MAX_RECEIPT_BLOCKS + " blocks", list.position());
      }
      RlpReader block = list.readList();
      List<Receipt> receipts = new ArrayList<>();
      while (block.hasNext()) {
        receipts.add(item.apply(block));
      }
      blocks.add(receipts);
    }
    return blocks;
  }

  /**
   * {@code [request-id, ..., [[receipt, ...], ...]]}: the numbers of {@code head} (the request id
   * and, in eth/70, the flag), then the blocks' lists, each receipt written by {@code item}.
   */
  private static byte[] encodeReceiptBlocks(
      List<Long> head, List<List<Receipt>> blocks, BiConsumer<RlpWriter, Receipt> item) {
    RlpWriter w = new RlpWriter();
    int outer = w.startList();
    for (long field : head) {
      w.writeUnsignedLong(field);
    }
    int all = w.startList();
    for (List<Receipt> block : blocks) {
      int one = w.startList();
      for (Receipt r : block) {
        item.accept(w, r);
      }
      w.endList(one);
    }
    w.endList(all);
    return w.endList(outer).toByteArray();
  }

  /**
   * eth/69's {@code [request-id, [[receipt, ...], ...]]}: as {@link Receipts}, but every receipt is
   * the list {@code [tx-type, post-state-or-status, cumulative-gas, logs]} (legacy as type 0), with
   * no bloom: the receiver computes it again (decoding does, so the receipts equal the block's).
   */
  record Receipts69(long requestId, List<List<Receipt>> blocks) implements EthMessage {
    public Receipts69 {
      blocks = blocks.stream().map(List::copyOf).toList();
      requireAtMost(blocks.size(), MAX_RECEIPT_BLOCKS, "Receipts");
    }

    static Receipts69 read(RlpReader outer) {
      long id = outer.readUnsignedLong();
      return new Receipts69(id, readReceiptBlocks(outer.readList(), Receipt::readWithoutBloom));
    }

    @Override
    public int code() {
      return RECEIPTS;
    }

    @Override
    public byte[] encodeData() {
      return encodeReceiptBlocks(List.of(requestId), blocks, (w, r) -> r.writeWithoutBloom(w));
    }

    @Override
    public String toString() {
      return "Receipts69[" + requestId + ", " + blocks.size() + " blocks]";
    }
  }

  /**
   * eth/70's {@code [request-id, firstBlockReceiptIndex, [blockhash, ...]]}: as {@link
   * GetReceipts}, but the first block's receipts are wanted from index {@code firstIndex} on (the
   * rest of a list an earlier answer left incomplete).
   */
  record GetReceipts70(long requestId, long firstIndex, List<Hash> hashes) implements EthMessage {
    public GetReceipts70 {
      hashes = List.copyOf(hashes);
      requireAtMost(hashes.size(), MAX_RECEIPT_BLOCKS, "GetReceipts");
    }

    @Override
    public int code() {
      return GET_RECEIPTS;
    }

    @Override
    public byte[] encodeData() {
      RlpWriter w = new RlpWriter();
      int outer = w.startList();
      w.writeUnsignedLong(requestId);
      w.writeUnsignedLong(firstIndex);
      writeHashes(w, hashes);
      return w.endList(outer).toByteArray();
    }
  }

  /**
   * eth/70's {@code [request-id, lastBlockIncomplete, [[receipt, ...], ...]]}: eth/69's bloom-less
   * receipts; when {@code lastBlockIncomplete} the last list stops short of its block's receipts
   * (they would not have fit in a message) and the peer asks for the rest with {@link
   * GetReceipts70}. The flag is 0 or 1; anything else is malformed.
   */
  record Receipts70(long requestId, boolean lastBlockIncomplete, List<List<Receipt>> blocks)
      implements EthMessage {
    public Receipts70 {
      blocks = blocks.stream().map(List::copyOf).toList();
      requireAtMost(blocks.size(), MAX_RECEIPT_BLOCKS, "Receipts");
    }

    static Receipts70 read(RlpReader outer) {
      long id = outer.readUnsignedLong();
      int flagAt = outer.position();
      long flag = outer.readUnsignedLong();
      if (flag > 1) {
        throw new WireFormatException("lastBlockIncomplete must be 0 or 1, got " + flag, flagAt);
      }
      return new Receipts70(
          id, flag == 1, readReceiptBlocks(outer.readList(), Receipt::readWithoutBloom));
    }

    @Override
    public int code() {
      return RECEIPTS;
    }

    @Override
    public byte[] encodeData() {
      return encodeReceiptBlocks(
          List.of(requestId, lastBlockIncomplete ? 1L : 0L),
          blocks,
          (w, r) -> r.writeWithoutBloom(w));
    }

    @Override
    public String toString() {
      return "Receipts70["
          + requestId
          + ", "
          + blocks.size()
          + " blocks"
          + (lastBlockIncomplete ? ", last incomplete" : "")
          + "]";
    }
  }
}
