package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.function.IntFunction;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.Withdrawal;
import org.gridledger.core.chain.LocatedLog;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.core.tx.AccessListTransaction;
import org.gridledger.core.tx.BlobTransaction;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.LegacyTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.evm.env.BlobGas;
import org.gridledger.evm.interpreter.ContractAddress;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.json.JsonResults;

/**
 * JSON encodings of chain objects, field for field as go-ethereum 1.16 writes them ({@code
 * internal/ethapi/api.go}: {@code RPCMarshalHeader}, {@code RPCMarshalBlock}, {@code
 * RPCTransaction}, {@code MarshalReceipt}; {@code core/types/gen_log_json.go}). Null versus absent
 * follows geth: a transaction's block fields are {@code null} while it is pending, a receipt's
 * {@code contractAddress} is {@code null} unless it created one, fork fields absent from a header
 * are absent from its JSON, and {@code totalDifficulty} is not written (geth dropped it
 * post-merge).
 */
public final class EthJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EthJson() {}

  /** {@code RPCMarshalHeader}: the header fields (also the {@code newHeads} payload). */
  public static ObjectNode header(BlockHeader h, Hash hash) {
    ObjectNode o = NODES.objectNode();
    o.set("number", JsonResults.quantity(h.number()));
    o.set("hash", JsonResults.hash(hash));
    o.set("parentHash", JsonResults.hash(h.parentHash()));
    o.set("nonce", JsonResults.data(h.nonce()));
    o.set("mixHash", JsonResults.hash(h.mixHash()));
    o.set("sha3Uncles", JsonResults.hash(h.ommersHash()));
    o.set("logsBloom", JsonResults.data(h.logsBloom()));
    o.set("stateRoot", JsonResults.hash(h.stateRoot()));
    o.set("miner", JsonResults.address(h.coinbase()));
    o.set("difficulty", JsonResults.quantity(h.difficulty()));
    o.set("extraData", JsonResults.data(h.extraData()));
    o.set("gasLimit", JsonResults.quantity(h.gasLimit()));
    o.set("gasUsed", JsonResults.quantity(h.gasUsed()));
    o.set("timestamp", JsonResults.quantity(h.timestamp()));
    o.set("transactionsRoot", JsonResults.hash(h.transactionsRoot()));
    o.set("receiptsRoot", JsonResults.hash(h.receiptsRoot()));
    if (h.baseFeePerGas() != null) {
      o.set("baseFeePerGas", JsonResults.quantity(h.baseFeePerGas()));
    }
    if (h.withdrawalsRoot() != null) {
      o.set("withdrawalsRoot", JsonResults.hash(h.withdrawalsRoot()));
    }
    if (h.blobGasUsed() != null) {
      o.set("blobGasUsed", JsonResults.quantity(h.blobGasUsed()));
    }
    if (h.excessBlobGas() != null) {
      o.set("excessBlobGas", JsonResults.quantity(h.excessBlobGas()));
    }
    if (h.parentBeaconBlockRoot() != null) {
      o.set("parentBeaconBlockRoot", JsonResults.hash(h.parentBeaconBlockRoot()));
    }
    return o;
  }

  /**
   * {@code RPCMarshalBlock}: the header fields, {@code size} (bytes of the block's RLP), {@code
   * transactions} (hashes, or full objects when {@code fullTransactions}), {@code uncles} (hashes)
   * and, from Shanghai, {@code withdrawals}.
   */
  public static ObjectNode block(Block block, Hash hash, boolean fullTransactions) {
    List<Transaction> txs = block.body().transactions();
    return block(block, hash, fullTransactions, i -> txs.get(i).sender().orElse(Address.ZERO));
  }

  /**
   * {@link #block(Block, Hash, boolean)} with the sender of full transaction {@code i} from {@code
   * senders} (not called without full transactions).
   */
  static ObjectNode block(
      Block block, Hash hash, boolean fullTransactions, IntFunction<Address> senders) {
    BlockHeader h = block.header();
    ObjectNode o = header(h, hash);
    o.set("size", JsonResults.quantity(block.encode().length));
    ArrayNode txs = o.putArray("transactions");
    List<Transaction> list = block.body().transactions();
    for (int i = 0; i < list.size(); i++) {
      Transaction tx = list.get(i);
      if (fullTransactions) {
        txs.add(transaction(tx, senders.apply(i), hash, h, i));
      } else {
        txs.add(JsonResults.hash(tx.hash()));
      }
    }
    ArrayNode uncles = o.putArray("uncles");
    for (BlockHeader ommer : block.body().ommers()) {
      uncles.add(JsonResults.hash(ommer.hash()));
    }
    if (h.withdrawalsRoot() != null) {
      ArrayNode ws = o.putArray("withdrawals");
      List<Withdrawal> withdrawals = block.body().withdrawals();
      if (withdrawals != null) {
        for (Withdrawal w : withdrawals) {
          ObjectNode wo = ws.addObject();
          wo.set("index", JsonResults.quantity(w.index()));
          wo.set("validatorIndex", JsonResults.quantity(w.validatorIndex()));
          wo.set("address", JsonResults.address(w.address()));
          wo.set("amount", JsonResults.quantity(w.amountGwei()));
        }
      }
    }
    return o;
  }

  /**
   * {@code RPCTransaction}: a transaction in block {@code blockHash} at {@code index}, or pending
   * when {@code blockHash} is {@code null} ({@code blockHash}, {@code blockNumber}, {@code
   * blockTimestamp} and {@code transactionIndex} are then {@code null}, and {@code gasPrice} of a
   * dynamic-fee transaction is its fee cap).
   */
  public static ObjectNode transaction(
      Transaction tx, Address sender, Hash blockHash, BlockHeader header, int index) {
    ObjectNode o = NODES.objectNode();
    boolean mined = blockHash != null;
    o.set("blockHash", mined ? JsonResults.hash(blockHash) : JsonResults.nothing());
    o.set("blockNumber", mined ? JsonResults.quantity(header.number()) : JsonResults.nothing());
    o.set(
        "blockTimestamp", mined ? JsonResults.quantity(header.timestamp()) : JsonResults.nothing());
    o.set("from", JsonResults.address(sender));
    o.set("gas", JsonResults.quantity(tx.gasLimit()));
    BigInteger baseFee = mined ? header.baseFeePerGas() : null;
    switch (tx) {
      case LegacyTransaction t -> o.set("gasPrice", JsonResults.quantity(t.gasPrice()));
      case AccessListTransaction t -> o.set("gasPrice", JsonResults.quantity(t.gasPrice()));
      case DynamicFeeTransaction t -> {
        o.set("gasPrice", JsonResults.quantity(gasPriceOf(tx, baseFee)));
        o.set("maxFeePerGas", JsonResults.quantity(t.maxFeePerGas()));
        o.set("maxPriorityFeePerGas", JsonResults.quantity(t.maxPriorityFeePerGas()));
      }
      case BlobTransaction t -> {
        o.set("gasPrice", JsonResults.quantity(gasPriceOf(tx, baseFee)));
        o.set("maxFeePerGas", JsonResults.quantity(t.maxFeePerGas()));
        o.set("maxPriorityFeePerGas", JsonResults.quantity(t.maxPriorityFeePerGas()));
        o.set("maxFeePerBlobGas", JsonResults.quantity(t.maxFeePerBlobGas()));
      }
    }
    o.set("hash", JsonResults.hash(tx.hash()));
    o.set("input", JsonResults.data(tx.data()));
    o.set("nonce", JsonResults.quantity(tx.nonce()));
    o.set("to", tx.to().<JsonNode>map(JsonResults::address).orElse(JsonResults.nothing()));
    o.set("transactionIndex", mined ? JsonResults.quantity(index) : JsonResults.nothing());
    o.set("value", JsonResults.quantity(tx.value()));
    o.set("type", JsonResults.quantity(tx.type().code()));
    switch (tx) {
      case LegacyTransaction t -> {
        t.signatureChainId().ifPresent(id -> o.set("chainId", JsonResults.quantity(id)));
        o.set("v", JsonResults.quantity(t.v()));
        o.set("r", JsonResults.quantity(t.r()));
        o.set("s", JsonResults.quantity(t.s()));
      }
      case AccessListTransaction t ->
          typedTail(o, tx, t.chainId(), List.of(), t.yParity(), t.r(), t.s());
      case DynamicFeeTransaction t ->
          typedTail(o, tx, t.chainId(), List.of(), t.yParity(), t.r(), t.s());
      case BlobTransaction t ->
          typedTail(o, tx, t.chainId(), t.blobVersionedHashes(), t.yParity(), t.r(), t.s());
    }
    return o;
  }

  private static void typedTail(
      ObjectNode o,
      Transaction tx,
      UInt256 chainId,
      List<Hash> blobHashes,
      int yParity,
      UInt256 r,
      UInt256 s) {
    o.set("accessList", accessList(tx.accessList()));
    o.set("chainId", JsonResults.quantity(chainId));
    if (tx.type() == TransactionType.BLOB) {
      ArrayNode hashes = o.putArray("blobVersionedHashes");
      blobHashes.forEach(h -> hashes.add(JsonResults.hash(h)));
    }
    // geth writes v = yParity for typed transactions, and yParity itself.
    o.set("v", JsonResults.quantity(yParity));
    o.set("r", JsonResults.quantity(r));
    o.set("s", JsonResults.quantity(s));
    o.set("yParity", JsonResults.quantity(yParity));
  }

  public static ArrayNode accessList(List<AccessListEntry> entries) {
    ArrayNode list = NODES.arrayNode();
    for (AccessListEntry e : entries) {
      ObjectNode eo = list.addObject();
      eo.set("address", JsonResults.address(e.address()));
      ArrayNode keys = eo.putArray("storageKeys");
      e.storageKeys().forEach(k -> keys.add(JsonResults.hash(k)));
    }
    return list;
  }

  /**
   * The price per gas a transaction pays in a block with {@code baseFee} (EIP-1559: base fee plus
   * the tip, capped by the fee cap); for a pending dynamic-fee transaction ({@code baseFee} null)
   * its fee cap, as geth reports it.
   */
  public static BigInteger gasPriceOf(Transaction tx, BigInteger baseFee) {
    BigInteger feeCap = tx.maxFeePerGas().toBigInteger();
    if (baseFee == null) {
      return feeCap;
    }
    return feeCap.min(baseFee.add(tx.maxPriorityFeePerGas().toBigInteger()));
  }

  /**
   * {@code MarshalReceipt}: the receipt of transaction {@code index} of a block; {@code previous}
   * is the receipt before it (for the gas used), {@code firstLogIndex} the block-wide index of its
   * first log.
   */
  public static ObjectNode receipt(
      Receipt receipt,
      Receipt previous,
      Transaction tx,
      Address sender,
      Hash blockHash,
      BlockHeader header,
      int index,
      int firstLogIndex) {
    ObjectNode o = NODES.objectNode();
    Hash txHash = tx.hash();
    o.set("blockHash", JsonResults.hash(blockHash));
    o.set("blockNumber", JsonResults.quantity(header.number()));
    o.set("transactionHash", JsonResults.hash(txHash));
    o.set("transactionIndex", JsonResults.quantity(index));
    o.set("from", JsonResults.address(sender));
    if (tx.to().isPresent()) {
      o.set("to", JsonResults.address(tx.to().get()));
    } else {
      o.putNull("to");
    }
    long gasUsed =
        receipt.cumulativeGasUsed() - (previous == null ? 0 : previous.cumulativeGasUsed());
    o.set("gasUsed", JsonResults.quantity(gasUsed));
    o.set("cumulativeGasUsed", JsonResults.quantity(receipt.cumulativeGasUsed()));
    if (tx.to().isEmpty()) {
      o.set("contractAddress", JsonResults.address(ContractAddress.create(sender, tx.nonce())));
    } else {
      o.putNull("contractAddress");
    }
    ArrayNode logs = o.putArray("logs");
    List<Log> list = receipt.logs();
    for (int i = 0; i < list.size(); i++) {
      logs.add(
          log(
              new LocatedLog(
                  list.get(i),
                  blockHash,
                  header.number(),
                  header.timestamp(),
                  txHash,
                  index,
                  firstLogIndex + i),
              false));
    }
    o.set("logsBloom", JsonResults.data(receipt.bloom().toArray()));
    o.set("type", JsonResults.quantity(tx.type().code()));
    o.set("effectiveGasPrice", JsonResults.quantity(gasPriceOf(tx, header.baseFeePerGas())));
    o.set("status", JsonResults.quantity(receipt.success() ? 1 : 0));
    if (tx instanceof BlobTransaction blob) {
      o.set("blobGasUsed", JsonResults.quantity(blob.blobGas()));
      long excess = header.excessBlobGas() == null ? 0 : header.excessBlobGas();
      o.set("blobGasPrice", JsonResults.quantity(BlobGas.baseFee(excess)));
    }
    return o;
  }

  /** A log as geth's {@code types.Log} marshals it (with {@code blockTimestamp}, geth 1.16). */
  public static ObjectNode log(LocatedLog l, boolean removed) {
    ObjectNode o = NODES.objectNode();
    o.set("address", JsonResults.address(l.log().address()));
    ArrayNode topics = o.putArray("topics");
    l.log().topics().forEach(t -> topics.add(JsonResults.hash(t)));
    o.set("data", JsonResults.data(l.log().data()));
    o.set("blockNumber", JsonResults.quantity(l.blockNumber()));
    o.set("transactionHash", JsonResults.hash(l.transactionHash()));
    o.set("transactionIndex", JsonResults.quantity(l.transactionIndex()));
    o.set("blockHash", JsonResults.hash(l.blockHash()));
    o.set("blockTimestamp", JsonResults.quantity(l.blockTimestamp()));
    o.set("logIndex", JsonResults.quantity(l.logIndex()));
    o.put("removed", removed);
    return o;
  }

  static JsonNode hashes(List<Hash> hashes) {
    ArrayNode a = NODES.arrayNode();
    hashes.forEach(h -> a.add(JsonResults.hash(h)));
    return a;
  }
}
