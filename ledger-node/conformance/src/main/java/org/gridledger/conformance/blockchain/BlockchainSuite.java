package org.gridledger.conformance.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.conformance.ConformanceCase;
import org.gridledger.conformance.ConformanceSuite;
import org.gridledger.conformance.FixtureNumbers;
import org.gridledger.conformance.Fixtures;
import org.gridledger.conformance.Outcome;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.Genesis;
import org.gridledger.core.chain.GenesisAccount;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * BlockchainTests (Cancun): builds the genesis from {@code pre} and {@code genesisRLP} (its hash
 * must be {@code genesisBlockHeader.hash} and its state root that of {@code pre}), imports every
 * block's {@code rlp} in order into an in-memory chain, and checks that
 *
 * <ul>
 *   <li>a block without {@code expectException} is imported, and one with it is rejected for a
 *       reason that {@link ExceptionNames} maps to one of the named exceptions;
 *   <li>the head is {@code lastblockhash};
 *   <li>the head state is {@code postState} (compared account by account) or has root {@code
 *       postStateHash}.
 * </ul>
 *
 * The vectors are signed for chain id 1.
 */
public final class BlockchainSuite implements ConformanceSuite {
  static final ChainConfig CONFIG = new ChainConfig(1);

  @Override
  public String name() {
    return "blockchain";
  }

  @Override
  public String directory() {
    return "BlockchainTests";
  }

  @Override
  public List<ConformanceCase> load(Path suiteDir) throws IOException {
    return Fixtures.perTest(
        suiteDir, (name, test, into) -> into.add(ConformanceCase.of(name, () -> check(test))));
  }

  static Outcome check(JsonNode test) {
    String network = test.path("network").asText();
    if (!network.equals("Cancun")) {
      return Outcome.notApplicable("network " + network + "; Gridledger runs Cancun only");
    }
    Block genesisBlock = Block.decode(Hex.decode(test.get("genesisRLP").asText()));
    Hash expectedGenesis = Hash.fromHex(test.get("genesisBlockHeader").get("hash").asText());
    if (!genesisBlock.hash().equals(expectedGenesis)) {
      return Outcome.failed(
          "genesisRLP hashes to " + genesisBlock.hash() + ", expected " + expectedGenesis);
    }
    Map<Address, GenesisAccount> pre = accounts(test.get("pre"));
    try (InMemoryKeyValueStore store = new InMemoryKeyValueStore()) {
      Blockchain chain;
      try {
        chain = Blockchain.initialize(store, CONFIG, new Genesis(genesisBlock, pre));
      } catch (IllegalArgumentException e) {
        return Outcome.failed("genesis rejected: " + e.getMessage());
      }
      JsonNode blocks = test.get("blocks");
      for (int i = 0; i < blocks.size(); i++) {
        Outcome o = importBlock(chain, i, blocks.get(i));
        if (o != null) {
          return o;
        }
      }
      Hash expectedHead = Hash.fromHex(test.get("lastblockhash").asText());
      if (!chain.headHash().equals(expectedHead)) {
        return Outcome.failed(
            "head "
                + chain.headHash()
                + " (#"
                + chain.head().number()
                + "), expected lastblockhash "
                + expectedHead);
      }
      return checkPostState(chain, test);
    }
  }

  /** Imports block {@code i}; returns a failure, or null if it went as the vector says. */
  private static Outcome importBlock(Blockchain chain, int i, JsonNode block) {
    byte[] rlp = Hex.decode(block.get("rlp").asText());
    ImportResult result = chain.importBlock(rlp);
    String where = "block " + i + describe(block);
    if (block.has("expectException")) {
      String expected = block.get("expectException").asText();
      return switch (result) {
        case ImportResult.Imported imported ->
            Outcome.failed(where + " was imported, expected rejection with " + expected);
        case ImportResult.AlreadyKnown known ->
            Outcome.failed(where + " was already known, expected rejection with " + expected);
        default ->
            ExceptionNames.matches(result, expected)
                ? null
                : Outcome.failed(
                    where + " rejected as " + result + ", but the vector expects " + expected);
      };
    }
    return result instanceof ImportResult.Imported
        ? null
        : Outcome.failed(where + " not imported: " + result);
  }

  private static String describe(JsonNode block) {
    StringBuilder sb = new StringBuilder();
    if (block.has("blocknumber")) {
      sb.append(" (number ").append(block.get("blocknumber").asText());
      if (block.has("chainname")) {
        sb.append(", chain ").append(block.get("chainname").asText());
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static Outcome checkPostState(Blockchain chain, JsonNode test) {
    BlockHeader head = chain.head();
    if (test.has("postStateHash")) {
      Hash expected = Hash.fromHex(test.get("postStateHash").asText());
      return Outcome.check(
          head.stateRoot().equals(expected),
          "head state root " + head.stateRoot() + ", expected postStateHash " + expected);
    }
    Map<Address, GenesisAccount> post = accounts(test.get("postState"));
    Hash expectedRoot = Genesis.stateRoot(post);
    if (expectedRoot.equals(head.stateRoot())) {
      return Outcome.PASSED;
    }
    WorldState state = chain.stateAfter(head, chain.headHash());
    List<String> diffs = new ArrayList<>();
    for (Map.Entry<Address, GenesisAccount> e : post.entrySet()) {
      diffAccount(state, e.getKey(), e.getValue(), diffs);
    }
    if (diffs.isEmpty()) {
      diffs.add("every postState account matches; the state has accounts postState lacks");
    }
    return Outcome.failed(
        "head state root "
            + head.stateRoot()
            + ", postState root "
            + expectedRoot
            + ": "
            + String.join("; ", diffs.subList(0, Math.min(diffs.size(), 8)))
            + (diffs.size() > 8 ? "; ... " + (diffs.size() - 8) + " more" : ""));
  }

  private static void diffAccount(
      WorldState state, Address address, GenesisAccount expected, List<String> diffs) {
    AccountInfo actual = state.account(address);
    if (actual == null) {
      diffs.add(address + " missing");
      return;
    }
    if (actual.nonce() != expected.nonce()) {
      diffs.add(address + " nonce " + actual.nonce() + " != " + expected.nonce());
    }
    if (!actual.balance().equals(expected.balance())) {
      diffs.add(address + " balance " + actual.balance() + " != " + expected.balance());
    }
    byte[] code = expected.code();
    Hash codeHash = code.length == 0 ? Keccak.EMPTY : Keccak.of(code);
    if (!actual.codeHash().equals(codeHash)) {
      diffs.add(address + " code hash " + actual.codeHash() + " != " + codeHash);
    }
    for (Map.Entry<UInt256, UInt256> slot : expected.storage().entrySet()) {
      UInt256 value = state.storage(address, slot.getKey());
      if (!value.equals(slot.getValue())) {
        diffs.add(address + " slot " + slot.getKey() + " = " + value + " != " + slot.getValue());
      }
    }
  }

  /** {@code pre} / {@code postState}: address → {balance, nonce, code, storage}. */
  static Map<Address, GenesisAccount> accounts(JsonNode json) {
    Map<Address, GenesisAccount> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      JsonNode a = e.getValue();
      Map<UInt256, UInt256> storage = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> s : a.path("storage").properties()) {
        storage.put(UInt256.fromHex(s.getKey()), UInt256.fromHex(s.getValue().asText()));
      }
      out.put(
          Address.fromHex(e.getKey()),
          new GenesisAccount(
              UInt256.of(number(a.get("balance"))),
              number(a.get("nonce")).longValue(),
              Hex.decode(a.path("code").asText("0x")),
              storage));
    }
    return out;
  }

  private static BigInteger number(JsonNode hex) {
    String s = hex.asText();
    // Block-test numbers are hex with or without the prefix (never decimal).
    return FixtureNumbers.parse(s.startsWith("0x") ? s : "0x" + s);
  }
}
