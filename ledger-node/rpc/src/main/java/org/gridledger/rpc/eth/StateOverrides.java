package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateReader;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.ParamParser;
import org.gridledger.rpc.json.ParamParsers;

/**
 * The state override set of {@code eth_call} and {@code eth_estimateGas} (geth's {@code
 * StateOverride}): per address a replacement {@code balance}, {@code nonce} and {@code code}, and
 * either {@code state} (the whole storage replaced) or {@code stateDiff} (slots replaced).
 */
public record StateOverrides(Map<Address, Account> accounts) {
  public static final StateOverrides NONE = new StateOverrides(Map.of());

  public StateOverrides {
    accounts = Map.copyOf(accounts);
  }

  /** One account's overrides; {@code state} replaces all storage, {@code stateDiff} some slots. */
  public record Account(
      Optional<UInt256> balance,
      Optional<Long> nonce,
      Optional<byte[]> code,
      Optional<Map<UInt256, UInt256>> state,
      Map<UInt256, UInt256> stateDiff) {}

  public static final ParamParser<StateOverrides> PARSER = StateOverrides::parse;

  static StateOverrides parse(JsonNode node) throws InvalidParamException {
    if (!node.isObject()) {
      throw new InvalidParamException(
          "cannot unmarshal " + ParamParsers.describe(node) + " into state overrides");
    }
    Map<Address, Account> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      Address address =
          ParamParsers.field(
              "address",
              ParamParsers.ADDRESS,
              com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()));
      JsonNode o = e.getValue();
      if (!o.isObject()) {
        throw new InvalidParamException(e.getKey() + ": not an object");
      }
      if (has(o, "state") && has(o, "stateDiff")) {
        throw new InvalidParamException(
            "account " + address.toHex() + " has both 'state' and 'stateDiff'");
      }
      Optional<UInt256> balance =
          has(o, "balance")
              ? Optional.of(
                  UInt256.of(
                      ParamParsers.field("balance", ParamParsers.BIG_QUANTITY, o.get("balance"))))
              : Optional.empty();
      Optional<Long> nonce =
          has(o, "nonce")
              ? Optional.of(ParamParsers.field("nonce", ParamParsers.UINT64, o.get("nonce")))
              : Optional.empty();
      Optional<byte[]> code =
          has(o, "code")
              ? Optional.of(ParamParsers.field("code", ParamParsers.DATA, o.get("code")))
              : Optional.empty();
      Optional<Map<UInt256, UInt256>> state =
          has(o, "state") ? Optional.of(slots("state", o.get("state"))) : Optional.empty();
      Map<UInt256, UInt256> diff =
          has(o, "stateDiff") ? slots("stateDiff", o.get("stateDiff")) : Map.of();
      out.put(address, new Account(balance, nonce, code, state, diff));
    }
    return new StateOverrides(out);
  }

  private static boolean has(JsonNode o, String name) {
    return o.get(name) != null && !o.get(name).isNull();
  }

  private static Map<UInt256, UInt256> slots(String name, JsonNode node)
      throws InvalidParamException {
    if (!node.isObject()) {
      throw new InvalidParamException(name + ": not an object");
    }
    Map<UInt256, UInt256> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      Hash key =
          ParamParsers.field(
              name,
              ParamParsers.HASH,
              com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()));
      Hash value = ParamParsers.field(name, ParamParsers.HASH, e.getValue());
      out.put(UInt256.fromBytes(key.unsafeBytes()), UInt256.fromBytes(value.unsafeBytes()));
    }
    return out;
  }

  /** {@code base} as seen with these overrides applied. */
  public StateReader over(StateReader base) {
    if (accounts.isEmpty()) {
      return base;
    }
    Map<Hash, byte[]> codes = new HashMap<>();
    for (Account a : accounts.values()) {
      a.code().ifPresent(c -> codes.put(Keccak.of(c), c));
    }
    return new StateReader() {
      @Override
      public AccountInfo account(Address address) {
        AccountInfo info = base.account(address);
        Account o = accounts.get(address);
        if (o == null) {
          return info;
        }
        AccountInfo current = info == null ? AccountInfo.EMPTY : info;
        return new AccountInfo(
            o.nonce().orElse(current.nonce()),
            o.balance().orElse(current.balance()),
            o.code().map(Keccak::of).orElse(current.codeHash()));
      }

      @Override
      public byte[] code(Hash codeHash) {
        byte[] c = codes.get(codeHash);
        return c != null ? c.clone() : base.code(codeHash);
      }

      @Override
      public UInt256 storage(Address address, UInt256 key) {
        Account o = accounts.get(address);
        if (o != null) {
          if (o.state().isPresent()) {
            return o.state().get().getOrDefault(key, UInt256.ZERO);
          }
          UInt256 v = o.stateDiff().get(key);
          if (v != null) {
            return v;
          }
        }
        return base.storage(address, key);
      }

      @Override
      public boolean hasStorage(Address address) {
        Account o = accounts.get(address);
        if (o != null && o.state().isPresent()) {
          return o.state().get().values().stream().anyMatch(v -> !v.isZero());
        }
        if (o != null && o.stateDiff().values().stream().anyMatch(v -> !v.isZero())) {
          return true;
        }
        return base.hasStorage(address);
      }

      @Override
      public Hash blockHash(long number) {
        return base.blockHash(number);
      }
    };
  }
}
