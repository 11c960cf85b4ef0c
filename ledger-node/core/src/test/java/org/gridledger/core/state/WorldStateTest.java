package org.gridledger.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gridledger.core.FixturePaths;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.trie.SecureTrie;
import org.gridledger.core.trie.TrieProof;
import org.gridledger.evm.state.AccountChange;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldStateTest {

  /** The pre-state of a block test, as changes applied to an empty state. */
  static StateChanges alloc(JsonNode pre) {
    Map<Address, AccountChange> accounts = new HashMap<>();
    Map<Hash, byte[]> code = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : pre.properties()) {
      JsonNode a = e.getValue();
      byte[] c = Hex.decode(a.get("code").asText());
      Hash codeHash = Keccak.of(c);
      if (c.length > 0) {
        code.put(codeHash, c);
      }
      Map<UInt256, UInt256> storage = new HashMap<>();
      for (Map.Entry<String, JsonNode> s : a.get("storage").properties()) {
        storage.put(UInt256.fromHex(s.getKey()), UInt256.fromHex(s.getValue().asText()));
      }
      AccountInfo info =
          new AccountInfo(
              Long.decode(a.get("nonce").asText()),
              UInt256.fromHex(a.get("balance").asText()),
              codeHash);
      accounts.put(Address.fromHex(e.getKey()), new AccountChange.Updated(info, true, storage));
    }
    return new StateChanges(accounts, code);
  }

  @Test
  void genesisStateRootsOfTheBlockTestsMatch() throws IOException {
    Path dir = FixturePaths.root().resolve("BlockchainTests/ValidBlocks");
    ObjectMapper json = new ObjectMapper();
    int checked = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      for (Map.Entry<String, JsonNode> t : json.readTree(file.toFile()).properties()) {
        JsonNode test = t.getValue();
        WorldState state = WorldState.empty(new InMemoryKeyValueStore());
        state.apply(alloc(test.get("pre")));
        Hash expected = Hash.fromHex(test.get("genesisBlockHeader").get("stateRoot").asText());
        assertThat(state.rootHash()).as(file + " " + t.getKey()).isEqualTo(expected);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(300);
  }

  @Test
  void commitsToRocksDbAndReadsBackThroughFlatTablesAndTries(@TempDir Path dir) {
    Address alice = Address.ofLow(0xa11ce);
    Address bob = Address.ofLow(0xb0b);
    byte[] code = {0x60, 0x00, 0x60, 0x00, (byte) 0xf3};
    Hash codeHash = Keccak.of(code);
    Hash root;
    try (KeyValueStore store = new RocksDbStorage(dir)) {
      WorldState s = WorldState.empty(store);
      s.apply(
          new StateChanges(
              Map.of(
                  alice,
                  new AccountChange.Updated(
                      new AccountInfo(1, UInt256.of(1000), Keccak.EMPTY), false, Map.of()),
                  bob,
                  new AccountChange.Updated(
                      new AccountInfo(0, UInt256.ZERO, codeHash),
                      true,
                      Map.of(UInt256.ONE, UInt256.of(42), UInt256.of(2), UInt256.of(7)))),
              Map.of(codeHash, code)));
      root = s.commit();
      // A second block on top: delete a slot, change a balance.
      WorldState next = WorldState.at(store, root, BlockHashLookup.NONE);
      next.apply(
          new StateChanges(
              Map.of(
                  bob,
                  new AccountChange.Updated(
                      new AccountInfo(0, UInt256.of(5), codeHash),
                      false,
                      Map.of(UInt256.of(2), UInt256.ZERO))),
              Map.of()));
      root = next.commit();
    }
    try (KeyValueStore store = new RocksDbStorage(dir)) {
      assertThat(WorldState.flatRoot(store)).isEqualTo(root);
      WorldState s = WorldState.at(store, root, BlockHashLookup.NONE);
      assertThat(s.account(alice).balance()).isEqualTo(UInt256.of(1000));
      assertThat(s.account(bob).balance()).isEqualTo(UInt256.of(5));
      assertThat(s.storage(bob, UInt256.ONE)).isEqualTo(UInt256.of(42));
      assertThat(s.storage(bob, UInt256.of(2))).isEqualTo(UInt256.ZERO);
      assertThat(s.code(codeHash)).isEqualTo(code);
      assertThat(s.account(Address.ofLow(0xdead))).isNull();

      // The proof checks out against the root, independently of the state object.
      AccountProof proof = s.proof(bob, List.of(UInt256.ONE, UInt256.of(2)));
      byte[] accountRlp = SecureTrie.verifyProof(root, bob.toArray(), proof.accountProof());
      StateAccount account = StateAccount.decode(accountRlp);
      assertThat(account.balance()).isEqualTo(UInt256.of(5));
      byte[] slot =
          TrieProof.verify(
              account.storageRoot(),
              Keccak.hash(UInt256.ONE.toBytes32()),
              proof.storage().get(0).proof());
      assertThat(UInt256.of(RlpReader.single(slot).readUInt256())).isEqualTo(UInt256.of(42));
    }
  }

  /**
   * A block applies one change set per transaction, and the account trie gets an account's storage
   * root only when something reads it: applying three steps must give the root that applying their
   * sum once gives, and an account read between steps must carry its current storage root.
   */
  @Test
  void storageRootsSettledLateGiveTheSameRootsAsAtOnce() {
    Address contract = Address.ofLow(0xc0de);
    Address deleted = Address.ofLow(0xdead);
    AccountInfo info = new AccountInfo(1, UInt256.of(9), Keccak.EMPTY);
    List<Map<UInt256, UInt256>> steps =
        List.of(
            Map.of(UInt256.ONE, UInt256.of(1), UInt256.of(2), UInt256.of(2)),
            Map.of(UInt256.of(3), UInt256.of(3), UInt256.ONE, UInt256.ZERO),
            Map.of(UInt256.of(4), UInt256.of(4)));
    WorldState stepwise = WorldState.empty(new InMemoryKeyValueStore());
    WorldState atOnce = WorldState.empty(new InMemoryKeyValueStore());
    Map<UInt256, UInt256> sum = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      stepwise.apply(
          new StateChanges(
              Map.of(
                  contract,
                  new AccountChange.Updated(info, false, steps.get(i)),
                  deleted,
                  i == 1
                      ? new AccountChange.Deleted()
                      : new AccountChange.Updated(info, false, Map.of(UInt256.ONE, UInt256.ONE))),
              Map.of()));
      sum.putAll(steps.get(i));

      WorldState reference = WorldState.empty(new InMemoryKeyValueStore());
      reference.apply(
          new StateChanges(
              Map.of(contract, new AccountChange.Updated(info, false, sum)), Map.of()));
      assertThat(stepwise.stateAccount(contract).storageRoot())
          .as("storage root after step %d", i)
          .isEqualTo(reference.stateAccount(contract).storageRoot());
    }
    atOnce.apply(
        new StateChanges(
            Map.of(
                contract,
                new AccountChange.Updated(info, false, sum),
                deleted,
                new AccountChange.Updated(info, true, Map.of(UInt256.ONE, UInt256.ONE))),
            Map.of()));
    assertThat(stepwise.rootHash()).isEqualTo(atOnce.rootHash());
    assertThat(stepwise.storage(contract, UInt256.ONE)).isEqualTo(UInt256.ZERO);
    assertThat(stepwise.storage(contract, UInt256.of(4))).isEqualTo(UInt256.of(4));
  }

  @Test
  void stateOpenedAtAnOlderRootNeverTouchesTheFlatTables() {
    KeyValueStore store = new InMemoryKeyValueStore();
    Address a = Address.ofLow(1);
    WorldState s = WorldState.empty(store);
    s.apply(balance(a, 1));
    Hash first = s.commit();
    WorldState head = WorldState.at(store, first, BlockHashLookup.NONE);
    head.apply(balance(a, 2));
    Hash second = head.commit();
    // A side branch from the first root.
    WorldState side = WorldState.at(store, first, BlockHashLookup.NONE);
    side.apply(balance(a, 3));
    Hash sideRoot = side.commit();
    assertThat(WorldState.flatRoot(store)).isEqualTo(second);
    assertThat(WorldState.at(store, second, BlockHashLookup.NONE).account(a).balance())
        .isEqualTo(UInt256.of(2));
    assertThat(WorldState.at(store, sideRoot, BlockHashLookup.NONE).account(a).balance())
        .isEqualTo(UInt256.of(3));
  }

  private static StateChanges balance(Address a, long wei) {
    return new StateChanges(
        Map.of(
            a,
            new AccountChange.Updated(
                new AccountInfo(0, UInt256.of(wei), Keccak.EMPTY), false, Map.of())),
        Map.of());
  }
}
