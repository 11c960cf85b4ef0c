package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.ParamParser;
import org.gridledger.rpc.json.ParamParsers;

/**
 * The transaction call object of {@code eth_call}, {@code eth_estimateGas}, {@code
 * eth_createAccessList} and {@code debug_traceCall} (geth's {@code TransactionArgs}). Absent fields
 * are empty; {@code input} wins over its older name {@code data}, and both set to different values
 * is an error, as in geth.
 */
public record CallArgs(
    Optional<Address> from,
    Optional<Address> to,
    Optional<Long> gas,
    Optional<BigInteger> gasPrice,
    Optional<BigInteger> maxFeePerGas,
    Optional<BigInteger> maxPriorityFeePerGas,
    Optional<BigInteger> maxFeePerBlobGas,
    Optional<BigInteger> value,
    Optional<Long> nonce,
    byte[] input,
    Optional<List<AccessListEntry>> accessList,
    List<Hash> blobVersionedHashes) {

  public CallArgs {
    input = input.clone();
    blobVersionedHashes = List.copyOf(blobVersionedHashes);
  }

  @Override
  public byte[] input() {
    return input.clone();
  }

  /** Whether any fee field is set to a non-zero value (else the call runs without fees). */
  public boolean hasFees() {
    return gasPrice.map(p -> p.signum() > 0).orElse(false)
        || maxFeePerGas.map(p -> p.signum() > 0).orElse(false)
        || maxPriorityFeePerGas.map(p -> p.signum() > 0).orElse(false);
  }

  public static final ParamParser<CallArgs> PARSER = CallArgs::parse;

  static CallArgs parse(JsonNode node) throws InvalidParamException {
    if (!node.isObject()) {
      throw new InvalidParamException(
          "cannot unmarshal " + ParamParsers.describe(node) + " into transaction arguments");
    }
    Optional<byte[]> data = opt(node, "data", ParamParsers.DATA);
    Optional<byte[]> input = opt(node, "input", ParamParsers.DATA);
    if (data.isPresent() && input.isPresent() && !Arrays.equals(data.get(), input.get())) {
      throw new InvalidParamException(
          "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass"
              + " transaction call data");
    }
    Optional<BigInteger> gasPrice = opt(node, "gasPrice", ParamParsers.BIG_QUANTITY);
    Optional<BigInteger> maxFee = opt(node, "maxFeePerGas", ParamParsers.BIG_QUANTITY);
    Optional<BigInteger> maxTip = opt(node, "maxPriorityFeePerGas", ParamParsers.BIG_QUANTITY);
    if (gasPrice.isPresent() && (maxFee.isPresent() || maxTip.isPresent())) {
      throw new InvalidParamException(
          "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
    }
    if (maxFee.isPresent() && maxTip.isPresent() && maxFee.get().compareTo(maxTip.get()) < 0) {
      throw new InvalidParamException(
          "maxFeePerGas (" + maxFee.get() + ") < maxPriorityFeePerGas (" + maxTip.get() + ")");
    }
    List<Hash> blobHashes = new ArrayList<>();
    JsonNode hashes = node.get("blobVersionedHashes");
    if (hashes != null && !hashes.isNull()) {
      if (!hashes.isArray()) {
        throw new InvalidParamException("blobVersionedHashes: not an array");
      }
      for (JsonNode h : hashes) {
        blobHashes.add(ParamParsers.field("blobVersionedHashes", ParamParsers.HASH, h));
      }
    }
    return new CallArgs(
        opt(node, "from", ParamParsers.ADDRESS),
        opt(node, "to", ParamParsers.ADDRESS),
        opt(node, "gas", ParamParsers.UINT64),
        gasPrice,
        maxFee,
        maxTip,
        opt(node, "maxFeePerBlobGas", ParamParsers.BIG_QUANTITY),
        opt(node, "value", ParamParsers.BIG_QUANTITY),
        opt(node, "nonce", ParamParsers.UINT64),
        input.or(() -> data).orElse(new byte[0]),
        opt(node, "accessList", CallArgs::accessList),
        blobHashes);
  }

  static List<AccessListEntry> accessList(JsonNode node) throws InvalidParamException {
    if (!node.isArray()) {
      throw new InvalidParamException("not an array");
    }
    List<AccessListEntry> out = new ArrayList<>();
    for (JsonNode e : node) {
      if (!e.isObject()) {
        throw new InvalidParamException("access list entry is not an object");
      }
      Address address = ParamParsers.field("address", ParamParsers.ADDRESS, e.path("address"));
      List<Hash> keys = new ArrayList<>();
      JsonNode k = e.get("storageKeys");
      if (k != null && !k.isNull()) {
        if (!k.isArray()) {
          throw new InvalidParamException("storageKeys: not an array");
        }
        for (JsonNode key : k) {
          keys.add(ParamParsers.field("storageKeys", ParamParsers.HASH, key));
        }
      }
      out.add(new AccessListEntry(address, keys));
    }
    return out;
  }

  private static <T> Optional<T> opt(JsonNode node, String name, ParamParser<T> parser)
      throws InvalidParamException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(ParamParsers.field(name, parser, v));
  }
}
