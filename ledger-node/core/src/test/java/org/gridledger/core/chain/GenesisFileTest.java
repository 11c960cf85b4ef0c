package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridledger.core.state.WorldState;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisFileTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  /**
   * The genesis of every Cancun BlockchainTests state vector, as a geth genesis file, streamed with
   * a commit every 3 slots or accounts (so accounts are split across commits), must hash to the
   * vector's genesis hash.
   */
  @Test
  void streamedBlockchainTestGenesesHashAsInTheVectors() throws IOException {
    List<VectorGeneses.Case> cases = VectorGeneses.cancun(true);
    List<String> failures = new ArrayList<>();
    for (VectorGeneses.Case c : cases) {
      Path genesis = dir.resolve("g.json");
      MAPPER.writeValue(genesis.toFile(), c.genesis());
      GenesisFile streamed = GenesisFile.open(genesis, 3);
      try (InMemoryKeyValueStore store = new InMemoryKeyValueStore()) {
        Blockchain chain = streamed.initialize(store);
        if (!c.expectedHash().equals(chain.headHash())) {
          failures.add(c.name() + ": " + chain.headHash() + " != " + c.expectedHash());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(cases.size()).isGreaterThan(20);
  }

  @Test
  void storageBeforeTheAccountFieldsAndSplitAcrossCommitsGivesTheInMemoryState()
      throws IOException {
    String json =
        """
        {"alloc": {
           "0x0000000000000000000000000000000000000aaa": {
             "storage": {"0x01": "0x02", "0x03": "0x00", "0x04": "5", "0x05": "0x06", "0x07": "0x08"},
             "balance": "0x10", "nonce": "0x1", "code": "0x6001"},
           "0x0000000000000000000000000000000000000bbb": {"balance": "7"},
           "0x0000000000000000000000000000000000000ccc": {
             "code": "0x6002", "storage": {"0x09": "0x0a"}}},
         "config": {"chainId": 5, "cancunTime": 0}, "gasLimit": "0x1c9c380"}
        """;
    Path file = write("small.json", json);
    GenesisJson.Loaded inMemory = GenesisJson.read(file);
    GenesisFile streamed = GenesisFile.open(file, 2);
    try (InMemoryKeyValueStore store = new InMemoryKeyValueStore()) {
      Blockchain chain = streamed.initialize(store);
      assertThat(chain.headHash()).isEqualTo(inMemory.genesis().block().hash());
      assertThat(chain.config().chainId()).isEqualTo(5);
      WorldState state = chain.headState();
      Address aaa = Address.ofLow(0xaaa);
      assertThat(state.account(aaa).nonce()).isEqualTo(1);
      assertThat(state.account(aaa).balance()).isEqualTo(UInt256.of(16));
      assertThat(state.storage(aaa, UInt256.of(4))).isEqualTo(UInt256.of(5));
      assertThat(state.storage(aaa, UInt256.of(3))).isEqualTo(UInt256.ZERO);
      assertThat(state.storage(Address.ofLow(0xccc), UInt256.of(9))).isEqualTo(UInt256.of(10));

      // A restart with the same file opens the stored chain, so does the same allocation
      // formatted otherwise; another allocation is refused.
      assertThat(GenesisFile.open(file).initialize(store).headHash()).isEqualTo(chain.headHash());
      Path reformatted = write("reformatted.json", json.replace("\n", "\n\n  "));
      assertThat(GenesisFile.open(reformatted).initialize(store).headHash())
          .isEqualTo(chain.headHash());
      Path other = write("other.json", json.replace("\"7\"", "\"8\""));
      assertThatThrownBy(() -> GenesisFile.open(other).initialize(store))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds a chain with genesis");
    }
  }

  @Test
  void aDatabaseWrittenFromTheInMemoryGenesisOpensWithTheFile() throws IOException {
    Path file =
        write(
            "g.json",
            """
            {"config": {"chainId": 9}, "alloc": {"0x0000000000000000000000000000000000000001":
              {"balance": "1", "storage": {"0x01": "0x01"}}}}
            """);
    try (InMemoryKeyValueStore store = new InMemoryKeyValueStore()) {
      GenesisJson.Loaded loaded = GenesisJson.read(file);
      Blockchain first = loaded.initialize(store);
      assertThat(GenesisFile.open(file).initialize(store).headHash()).isEqualTo(first.headHash());
    }
  }

  @Test
  void anInterruptedGenesisWriteIsReportedNotContinued() throws IOException {
    Path file =
        write(
            "g.json",
            """
            {"config": {"chainId": 9}, "alloc": {"0x0000000000000000000000000000000000000001":
              {"balance": "1"}}}
            """);
    try (InMemoryKeyValueStore store = new InMemoryKeyValueStore()) {
      // What a commit of a first chunk leaves behind: state, no chain.
      WorldState partial = WorldState.empty(store);
      partial.apply(
          Genesis.allocChanges(Map.of(Address.ofLow(2), GenesisAccount.funded(UInt256.ONE))));
      partial.commit();
      assertThatThrownBy(() -> GenesisFile.open(file).initialize(store))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("interrupted");
    }
  }

  @Test
  void badInputIsReportedWithTheFieldLikeTheTreeReader() throws IOException {
    String[][] cases = {
      {"[1]", "a genesis file is a JSON object"},
      {"{\"config\": ", "not valid JSON"},
      {"{\"config\": {\"chainId\": 1}, \"alloc\": [1]}", "alloc must be an object"},
      {"{\"config\": {\"chainId\": 1}, \"alloc\": {\"0x12\": {}}}", "alloc[0x12]"},
      {
        "{\"config\": {\"chainId\": 1}, \"alloc\": {\"0x0000000000000000000000000000000000000001\":"
            + " 5}}",
        "an account is an object"
      },
      {
        "{\"config\": {\"chainId\": 1}, \"alloc\": {\"0x0000000000000000000000000000000000000001\":"
            + " {\"storage\": {\"0x01\": \"zz\"}}}}",
        "storage value is not a hex or decimal number"
      },
      {
        "{\"config\": {\"chainId\": 1}, \"alloc\": {\"0x0000000000000000000000000000000000000001\":"
            + " {\"storage\": {\"0x01\": {\"a\": 1}}}}}",
        "storage value"
      },
      {"{\"config\": {\"chainId\": 1, \"pragueTime\": 0}}", "config.pragueTime"},
      {"{\"alloc\": {}}", "missing \"config\" object"},
    };
    for (String[] c : cases) {
      Path file = write("bad.json", c[0]);
      // the header is checked by open, the allocation before initialize writes anything
      assertThatThrownBy(() -> GenesisFile.open(file).initialize(new InMemoryKeyValueStore()))
          .as(c[0])
          .isInstanceOf(GenesisJson.InvalidGenesisException.class)
          .hasMessageContaining(c[1])
          .hasMessageContaining(file.toString());
    }
    assertThatThrownBy(() -> GenesisFile.open(dir.resolve("missing.json")))
        .isInstanceOf(GenesisJson.InvalidGenesisException.class);
  }

  /**
   * A 44 MB genesis (one contract with 300,000 slots and 20,000 funded accounts) loads into RocksDB
   * in a child JVM with a 64 MiB heap, where reading the same file as one JSON tree runs out of
   * memory; both give the same genesis hash when the tree reader has room (this JVM).
   */
  @Test
  void aLargeGenesisLoadsWithASmallHeap() throws Exception {
    Path file = dir.resolve("large.json");
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      w.write("{\"config\": {\"chainId\": 77}, \"gasLimit\": \"0x1c9c380\", \"alloc\": {\n");
      w.write("\"0x0000000000000000000000000000000000001003\": {\"code\": \"0x600160015500\",");
      w.write(" \"nonce\": \"0x1\", \"storage\": {\n");
      for (int i = 0; i < 300_000; i++) {
        w.write(
            String.format(
                "%s\"0x%064x\": \"0x%064x\"", i == 0 ? "" : ",\n", i * 7919L + 1, i + 1L));
      }
      w.write("}}");
      for (int i = 0; i < 20_000; i++) {
        w.write(
            String.format(
                ",\n\"0x%040x\": {\"balance\": \"0xd3c21bcecceda1000000\"}", 0x100000L + i));
      }
      w.write("}}\n");
    }
    assertThat(Files.size(file)).isGreaterThan(40_000_000L);

    Hash inMemory = GenesisJson.read(file).genesis().block().hash();

    ChildRun streamed = runChild("-Xmx64m", "stream", file, dir.resolve("db"));
    assertThat(streamed.exit).as(streamed.output).isZero();
    assertThat(streamed.output).contains("genesis " + inMemory);

    ChildRun tree = runChild("-Xmx64m", "tree", file, dir.resolve("db2"));
    assertThat(tree.exit).as(tree.output).isNotZero();
    assertThat(tree.output).contains("OutOfMemoryError");
  }

  private record ChildRun(int exit, String output) {}

  private ChildRun runChild(String heap, String mode, Path file, Path db) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = dir.resolve(mode + ".log");
    Process p =
        new ProcessBuilder(
                java.toString(),
                heap,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                LargeGenesisLoad.class.getName(),
                mode,
                file.toString(),
                db.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish: " + Files.readString(log));
    }
    return new ChildRun(p.exitValue(), Files.readString(log));
  }

  /** The child JVM: loads a genesis file into RocksDB and prints its hash. */
  static final class LargeGenesisLoad {
    private LargeGenesisLoad() {}

    public static void main(String[] args) {
      Path file = Path.of(args[1]);
      try (RocksDbStorage db = new RocksDbStorage(Path.of(args[2]))) {
        GenesisSource source =
            args[0].equals("stream") ? GenesisFile.open(file) : GenesisJson.read(file);
        Blockchain chain = source.initialize(db);
        System.out.println("genesis " + chain.headHash());
      }
    }
  }

  private Path write(String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }
}
