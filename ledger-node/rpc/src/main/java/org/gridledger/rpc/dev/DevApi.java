package org.gridledger.rpc.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.core.devnet.BlockProducer;
import org.gridledger.core.devnet.StateEdit;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcParams;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.eth.Filters;
import org.gridledger.rpc.json.HexStrings;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.JsonResults;
import org.gridledger.rpc.json.ParamParser;
import org.gridledger.rpc.json.ParamParsers;

/**
 * The development methods, named and behaving as anvil's and hardhat's (decision 0010):
 *
 * <ul>
 *   <li>{@code evm_snapshot} returns an id; {@code evm_revert(id)} rewinds the canonical chain to
 *       the snapshot's block, restores the time offset, forgets that snapshot and every later one,
 *       and answers {@code true} ({@code false} for an unknown id).
 *   <li>{@code evm_increaseTime(seconds)}, {@code evm_setNextBlockTimestamp(timestamp)}, {@code
 *       evm_mine([timestamp])}, {@code anvil_mine}/{@code hardhat_mine([count[, interval]])},
 *       {@code anvil_setBlockTimestampInterval(seconds)}/{@code
 *       anvil_removeBlockTimestampInterval}, {@code evm_setAutomine(bool)}.
 *   <li>{@code anvil_setBalance}/{@code hardhat_setBalance}, {@code setNonce}, {@code setCode},
 *       {@code setStorageAt}: applied at the start of the next sealed block (at once with block
 *       time zero); that block's state root includes the edit.
 * </ul>
 *
 * Numbers may be sent as hex quantities or JSON numbers, as the two tools accept. Errors are
 * invalid-params ({@code -32602}) for malformed arguments and server errors ({@code -32000}) with
 * the reason otherwise.
 */
public final class DevApi {
  private final BlockProducer producer;
  private final Filters filters;
  private final AtomicLong nextSnapshotId = new AtomicLong(1);
  private final ConcurrentSkipListMap<Long, BlockProducer.Snapshot> snapshots =
      new ConcurrentSkipListMap<>();

  public DevApi(BlockProducer producer, Filters filters) {
    this.producer = producer;
    this.filters = filters;
  }

  /** A quantity as hex string or a non-negative JSON integer (anvil and hardhat take both). */
  static final ParamParser<Long> NUMBER =
      node -> {
        if (node.isIntegralNumber()) {
          if (!node.canConvertToLong() || node.longValue() < 0) {
            throw new InvalidParamException("expected a non-negative 64-bit number, got " + node);
          }
          return node.longValue();
        }
        return HexStrings.decodeUint64(ParamParsers.text(node, "quantity"));
      };

  /** Hex of at most 32 bytes, leading zeros allowed (storage values are sent as 32-byte words). */
  static final ParamParser<BigInteger> WORD =
      node -> {
        String text = ParamParsers.text(node, "quantity");
        if (!text.startsWith("0x") && !text.startsWith("0X")) {
          throw new InvalidParamException("hex string without 0x prefix");
        }
        String digits = text.substring(2);
        if (digits.isEmpty() || digits.length() > 64 || !digits.matches("[0-9a-fA-F]+")) {
          throw new InvalidParamException("expected at most 32 bytes of hex, got " + text);
        }
        return new BigInteger(digits, 16);
      };

  /** A 256-bit quantity as hex (any length up to 32 bytes, as anvil reads U256) or a number. */
  static final ParamParser<BigInteger> BIG_NUMBER =
      node -> {
        if (node.isIntegralNumber()) {
          BigInteger v = node.bigIntegerValue();
          if (v.signum() < 0) {
            throw new InvalidParamException("expected a non-negative number, got " + node);
          }
          return v;
        }
        return WORD.parse(node);
      };

  public void registerTo(RpcMethods.Builder methods) {
    methods.add("evm_snapshot", 0, params -> snapshot());
    methods.add("evm_revert", 1, this::revert);
    methods.add("evm_increaseTime", 1, this::increaseTime);
    methods.add("evm_setNextBlockTimestamp", 1, this::setNextBlockTimestamp);
    methods.add("evm_mine", 1, this::evmMine);
    methods.add(
        "evm_setAutomine",
        1,
        params -> {
          producer.setAutomine(params.required(0, "enabled", ParamParsers.BOOL));
          return RpcResult.success(NullNode.getInstance());
        });
    methods.add("anvil_setBlockTimestampInterval", 1, this::setTimestampInterval);
    methods.add(
        "anvil_removeBlockTimestampInterval",
        0,
        params -> {
          producer.setTimestampInterval(null);
          return RpcResult.success(JsonResults.bool(true));
        });
    for (String ns : List.of("anvil", "hardhat")) {
      methods.add(ns + "_mine", 2, this::mine);
      methods.add(ns + "_setBalance", 2, this::setBalance);
      methods.add(ns + "_setNonce", 2, this::setNonce);
      methods.add(ns + "_setCode", 2, this::setCode);
      methods.add(ns + "_setStorageAt", 3, this::setStorageAt);
    }
  }

  private RpcResult snapshot() {
    long id = nextSnapshotId.getAndIncrement();
    snapshots.put(id, producer.snapshot());
    return RpcResult.success(JsonResults.quantity(id));
  }

  private RpcResult revert(RpcParams params) {
    long id = params.required(0, "id", NUMBER);
    BlockProducer.Snapshot snapshot = snapshots.get(id);
    if (snapshot == null) {
      return RpcResult.success(JsonResults.bool(false));
    }
    producer.revert(snapshot);
    // The snapshot and all later ones are used up (hardhat's and anvil's rule).
    snapshots.tailMap(id, true).clear();
    filters.onRewind(snapshot.number());
    return RpcResult.success(JsonResults.bool(true));
  }

  private RpcResult increaseTime(RpcParams params) {
    long seconds = params.required(0, "seconds", NUMBER);
    try {
      return RpcResult.success(JsonResults.quantity(producer.increaseTime(seconds)));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return serverError("evm_increaseTime: " + e.getMessage());
    }
  }

  private RpcResult setTimestampInterval(RpcParams params) {
    long seconds = params.required(0, "seconds", NUMBER);
    try {
      producer.setTimestampInterval(seconds);
      return RpcResult.success(NullNode.getInstance());
    } catch (IllegalArgumentException e) {
      return invalidParams("invalid argument 0 (seconds): " + e.getMessage());
    }
  }

  private RpcResult setNextBlockTimestamp(RpcParams params) {
    long timestamp = params.required(0, "timestamp", NUMBER);
    try {
      producer.setNextTimestamp(timestamp);
      return RpcResult.success(NullNode.getInstance());
    } catch (IllegalArgumentException e) {
      return serverError(e.getMessage());
    }
  }

  /**
   * {@code evm_mine([timestamp])}; anvil also takes {@code {"timestamp": t, "blocks": n}}. Answers
   * {@code "0x0"} as both tools do.
   */
  private RpcResult evmMine(RpcParams params) {
    Optional<JsonNode> raw = params.raw(0);
    long blocks = 1;
    Optional<Long> timestamp = Optional.empty();
    if (raw.isPresent() && raw.get().isObject()) {
      JsonNode options = raw.get();
      try {
        if (options.hasNonNull("timestamp")) {
          timestamp = Optional.of(NUMBER.parse(options.get("timestamp")));
        }
        if (options.hasNonNull("blocks")) {
          blocks = NUMBER.parse(options.get("blocks"));
        }
      } catch (InvalidParamException e) {
        return invalidParams("invalid argument 0 (options): " + e.getMessage());
      }
    } else {
      timestamp = params.optional(0, "timestamp", NUMBER);
    }
    if (timestamp.isPresent()) {
      try {
        producer.setNextTimestamp(timestamp.get());
      } catch (IllegalArgumentException e) {
        return serverError(e.getMessage());
      }
    }
    long mined = producer.mine(blocks, 0).size();
    if (mined < blocks) {
      return serverError("mined " + mined + " of " + blocks + " blocks: see the node's log");
    }
    return RpcResult.success(TextNode.valueOf("0x0"));
  }

  /** {@code anvil_mine([count[, interval]])}: count blocks (default 1), interval seconds apart. */
  private RpcResult mine(RpcParams params) {
    long count = params.optional(0, "count", NUMBER, 1L);
    long interval = params.optional(1, "interval", NUMBER, 0L);
    if (count > 1_000_000) {
      return invalidParams("invalid argument 0 (count): at most 1000000 blocks per call");
    }
    long mined = producer.mine(count, interval).size();
    if (mined < count) {
      return serverError("mined " + mined + " of " + count + " blocks: see the node's log");
    }
    return RpcResult.success(NullNode.getInstance());
  }

  private RpcResult setBalance(RpcParams params) {
    Address address = params.required(0, "address", ParamParsers.ADDRESS);
    BigInteger balance = params.required(1, "balance", BIG_NUMBER);
    return edit(new StateEdit.SetBalance(address, UInt256.of(balance)));
  }

  private RpcResult setNonce(RpcParams params) {
    Address address = params.required(0, "address", ParamParsers.ADDRESS);
    long nonce = params.required(1, "nonce", NUMBER);
    return edit(new StateEdit.SetNonce(address, nonce));
  }

  private RpcResult setCode(RpcParams params) {
    Address address = params.required(0, "address", ParamParsers.ADDRESS);
    byte[] code = params.required(1, "code", ParamParsers.DATA);
    return edit(new StateEdit.SetCode(address, code));
  }

  private RpcResult setStorageAt(RpcParams params) {
    Address address = params.required(0, "address", ParamParsers.ADDRESS);
    BigInteger slot = params.required(1, "slot", BIG_NUMBER);
    BigInteger value = params.required(2, "value", WORD);
    return edit(new StateEdit.SetStorage(address, UInt256.of(slot), UInt256.of(value)));
  }

  private RpcResult edit(StateEdit edit) {
    try {
      producer.submitEdits(List.of(edit));
    } catch (RuntimeException e) {
      return serverError("could not seal a block with the edit: " + e.getMessage());
    }
    return RpcResult.success(NullNode.getInstance());
  }

  private static RpcResult serverError(String message) {
    return RpcResult.failure(new RpcError.ServerError(message));
  }

  private static RpcResult invalidParams(String message) {
    return RpcResult.failure(new RpcError.InvalidParams(message));
  }

  /** Snapshot ids still valid, for tests. */
  Map<Long, BlockProducer.Snapshot> snapshots() {
    return Map.copyOf(snapshots);
  }
}
