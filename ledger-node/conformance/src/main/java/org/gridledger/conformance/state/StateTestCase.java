package org.gridledger.conformance.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.conformance.FixtureNumbers;
import org.gridledger.conformance.Outcome;
import org.gridledger.core.receipt.LogCodec;
import org.gridledger.core.state.BlockHashLookup;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.evm.env.AccessListEntry;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * Runs one {@code post.Cancun} entry of a GeneralStateTest the way a node runs a transaction: the
 * pre-state is committed into {@code core}'s {@link WorldState} (secure tries over an in-memory
 * key-value store: account RLP {@code [nonce, balance, storageRoot, codeHash]}, storage values as
 * RLP of the minimal big-endian value), the EVM executes the chosen transaction reading from it,
 * and the resulting {@code StateChanges} are applied to it. The state root and {@code
 * keccak256(rlp(logs))} must match. An entry with {@code expectException} must be rejected and
 * leave the pre-state root.
 */
final class StateTestCase {
  private StateTestCase() {}

  /** Chain id of the state tests (mainnet). */
  private static final long CHAIN_ID = 1;

  /** A transaction field the EVM cannot even represent (e.g. a value wider than 256 bits). */
  private static final class UnrepresentableTx extends Exception {
    private static final long serialVersionUID = 1L;

    UnrepresentableTx(String message) {
      super(message);
    }
  }

  /**
   * Runs one {@code post.Cancun} entry.
   *
   * @param tracer receives every step of the transaction, or {@code null}
   */
  static Outcome run(JsonNode test, int entryIndex, OperationTracer tracer) {
    JsonNode entry = test.path("post").path("Cancun").get(entryIndex);
    String expectException =
        entry.has("expectException") ? entry.get("expectException").asText() : null;
    Hash expectedRoot = Hash.fromHex(entry.get("hash").asText());
    Hash expectedLogs = Hash.fromHex(entry.get("logs").asText());

    WorldState pre = preState(test.get("pre"));
    BlockEnv block = blockEnv(test.get("env"));
    TxEnv tx;
    try {
      tx = transaction(test.get("transaction"), entry.get("indexes"));
    } catch (UnrepresentableTx e) {
      if (expectException == null) {
        return Outcome.failed("cannot build the transaction: " + e.getMessage());
      }
      return checkRoot(pre, expectedRoot, "rejected while decoding (" + e.getMessage() + ")");
    }

    JournaledState state = new JournaledState(pre);
    TransactionResult result = TransactionExecutor.cancun().execute(state, block, tx, tracer);
    if (expectException != null) {
      if (result instanceof TransactionResult.Executed executed) {
        return Outcome.failed(
            "expected "
                + expectException
                + " but the transaction executed ("
                + executed.result().getClass().getSimpleName()
                + ", gas used "
                + executed.gasUsed()
                + ")");
      }
      return checkRoot(pre, expectedRoot, "rejected");
    }
    if (result instanceof TransactionResult.Invalid invalid) {
      return Outcome.failed("transaction rejected: " + invalid.reason());
    }
    TransactionResult.Executed executed = (TransactionResult.Executed) result;
    pre.apply(executed.changes());
    Hash root = pre.rootHash();
    Hash logs = LogCodec.logsHash(executed.logs());
    List<String> problems = new ArrayList<>();
    if (!root.equals(expectedRoot)) {
      problems.add("state root " + root + ", expected " + expectedRoot);
    }
    if (!logs.equals(expectedLogs)) {
      problems.add("logs hash " + logs + ", expected " + expectedLogs);
    }
    if (problems.isEmpty()) {
      return Outcome.PASSED;
    }
    return Outcome.failed(
        String.join("; ", problems)
            + " | "
            + executed.result().getClass().getSimpleName()
            + (executed.result() instanceof org.gridledger.evm.tx.ExecResult.Halt h
                ? "(" + h.reason() + ")"
                : "")
            + ", gas used "
            + executed.gasUsed()
            + ", "
            + executed.logs().size()
            + " logs | changes: "
            + describe(executed.changes()));
  }

  private static Outcome checkRoot(WorldState pre, Hash expectedRoot, String what) {
    Hash root = pre.rootHash();
    return Outcome.check(
        root.equals(expectedRoot),
        what + " as expected, but the pre-state root " + root + " is not " + expectedRoot);
  }

  // ---------------------------------------------------------------- inputs

  /**
   * The pre-state committed to a fresh in-memory store, reopened at its root so the EVM reads it as
   * a node would (flat tables at the head).
   */
  private static WorldState preState(JsonNode pre) {
    Map<Address, AccountChange> accounts = new LinkedHashMap<>();
    Map<Hash, byte[]> code = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : pre.properties()) {
      Address address = Address.fromHex(e.getKey());
      JsonNode acct = e.getValue();
      byte[] bytecode = Hex.decode(acct.get("code").asText());
      Hash codeHash = bytecode.length == 0 ? Keccak.EMPTY : Keccak.of(bytecode);
      if (bytecode.length > 0) {
        code.put(codeHash, bytecode);
      }
      Map<UInt256, UInt256> storage = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> slot : acct.path("storage").properties()) {
        UInt256 value = UInt256.of(bigInt(slot.getValue()));
        if (!value.isZero()) {
          storage.put(UInt256.of(bigInt(slot.getKey())), value);
        }
      }
      AccountInfo info =
          new AccountInfo(
              bigInt(acct.get("nonce")).longValue(),
              UInt256.of(bigInt(acct.get("balance"))),
              codeHash);
      accounts.put(address, new AccountChange.Updated(info, true, storage));
    }
    KeyValueStore store = new InMemoryKeyValueStore();
    WorldState genesis = WorldState.empty(store);
    genesis.apply(new StateChanges(accounts, code));
    Hash root = genesis.commit();
    return WorldState.at(store, root, TEST_BLOCK_HASHES);
  }

  /** BLOCKHASH in state tests is keccak256 of the block number in decimal (as the fillers use). */
  private static final BlockHashLookup TEST_BLOCK_HASHES =
      number -> Keccak.of(Long.toString(number).getBytes(StandardCharsets.US_ASCII));

  private static BlockEnv blockEnv(JsonNode env) {
    return BlockEnv.cancun(
        Address.fromHex(env.get("currentCoinbase").asText()),
        bigInt(env.get("currentNumber")).longValue(),
        bigInt(env.get("currentTimestamp")).longValue(),
        bigInt(env.get("currentGasLimit")).longValue(),
        UInt256.of(bigInt(env.get("currentBaseFee"))),
        Hash.wrap(word(env.get("currentRandom").asText())),
        env.has("currentExcessBlobGas") ? bigInt(env.get("currentExcessBlobGas")).longValue() : 0,
        CHAIN_ID);
  }

  private static TxEnv transaction(JsonNode tx, JsonNode indexes) throws UnrepresentableTx {
    int d = indexes.get("data").asInt();
    int g = indexes.get("gas").asInt();
    int v = indexes.get("value").asInt();
    Address sender = Address.fromHex(tx.get("sender").asText());
    String toText = tx.path("to").asText("");
    Address to = toText.isEmpty() ? null : Address.fromHex(toText);
    BigInteger nonce = bigInt(tx.get("nonce"));
    if (nonce.bitLength() > 64) {
      throw new UnrepresentableTx("nonce " + nonce + " exceeds 64 bits");
    }
    byte[] data = Hex.decode(tx.get("data").get(d).asText());
    BigInteger gasLimit = bigInt(tx.get("gasLimit").get(g));
    if (gasLimit.bitLength() > 63) {
      throw new UnrepresentableTx("gas limit " + gasLimit + " exceeds 63 bits");
    }
    UInt256 value = uint256(bigInt(tx.get("value").get(v)), "value");
    List<AccessListEntry> accessList = new ArrayList<>();
    boolean hasAccessList = false;
    JsonNode lists = tx.get("accessLists");
    if (lists != null && lists.size() > d && !lists.get(d).isNull()) {
      hasAccessList = true;
      for (JsonNode item : lists.get(d)) {
        List<UInt256> keys = new ArrayList<>();
        for (JsonNode k : item.get("storageKeys")) {
          keys.add(UInt256.of(bigInt(k)));
        }
        accessList.add(new AccessListEntry(Address.fromHex(item.get("address").asText()), keys));
      }
    }
    long nonceLong = nonce.longValue();
    long gas = gasLimit.longValue();
    if (tx.has("blobVersionedHashes")) {
      List<Hash> hashes = new ArrayList<>();
      for (JsonNode h : tx.get("blobVersionedHashes")) {
        hashes.add(Hash.wrap(word(h.asText())));
      }
      return TxEnv.blob(
          sender,
          to,
          nonceLong,
          value,
          data,
          gas,
          uint256(bigInt(tx.get("maxFeePerGas")), "maxFeePerGas"),
          uint256(bigInt(tx.get("maxPriorityFeePerGas")), "maxPriorityFeePerGas"),
          accessList,
          hashes,
          uint256(bigInt(tx.get("maxFeePerBlobGas")), "maxFeePerBlobGas"));
    }
    if (tx.has("maxFeePerGas")) {
      return TxEnv.dynamicFee(
          sender,
          to,
          nonceLong,
          value,
          data,
          gas,
          uint256(bigInt(tx.get("maxFeePerGas")), "maxFeePerGas"),
          uint256(bigInt(tx.get("maxPriorityFeePerGas")), "maxPriorityFeePerGas"),
          accessList);
    }
    UInt256 gasPrice = uint256(bigInt(tx.get("gasPrice")), "gasPrice");
    if (hasAccessList) {
      return TxEnv.accessList(sender, to, nonceLong, value, data, gas, gasPrice, accessList);
    }
    return TxEnv.legacy(sender, to, nonceLong, value, data, gas, gasPrice);
  }

  private static UInt256 uint256(BigInteger v, String what) throws UnrepresentableTx {
    if (v.signum() < 0 || v.bitLength() > 256) {
      throw new UnrepresentableTx(what + " " + v + " exceeds 256 bits");
    }
    return UInt256.of(v);
  }

  private static BigInteger bigInt(JsonNode n) {
    return bigInt(n.asText());
  }

  private static BigInteger bigInt(String s) {
    return FixtureNumbers.parse(s);
  }

  /** A 32-byte value given as hex, left-padded. */
  private static byte[] word(String hex) {
    byte[] b = Hex.decode(hex);
    byte[] out = new byte[32];
    System.arraycopy(
        b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
    return out;
  }

  // ---------------------------------------------------------------- outputs

  /** A short description of our post-state for the accounts the transaction changed. */
  private static String describe(StateChanges changes) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Address, AccountChange> e : changes.accounts().entrySet()) {
      if (sb.length() > 1500) {
        sb.append(" …");
        break;
      }
      Address a = e.getKey();
      sb.append(a.toHex(), 0, 10).append("…");
      switch (e.getValue()) {
        case AccountChange.Deleted d -> sb.append(" deleted");
        case AccountChange.Updated u -> {
          sb.append(" nonce=")
              .append(Long.toUnsignedString(u.info().nonce()))
              .append(" balance=")
              .append(u.info().balance().toBigInteger());
          if (!u.info().codeHash().equals(Keccak.EMPTY)) {
            sb.append(" code=").append(u.info().codeHash().toHex(), 0, 10);
          }
          if (u.storageCleared()) {
            sb.append(" storage-cleared");
          }
          if (!u.storage().isEmpty()) {
            sb.append(" storage{");
            u.storage()
                .forEach(
                    (k, v) ->
                        sb.append(k.toBigInteger().toString(16))
                            .append(":")
                            .append(v.toBigInteger().toString(16))
                            .append(" "));
            sb.append("}");
          }
        }
      }
      sb.append("; ");
    }
    return sb.toString();
  }
}
