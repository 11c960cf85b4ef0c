package org.gridledger.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

class GenesisJsonTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static GenesisJson.Loaded parse(String json) {
    return GenesisJson.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
  }

  /**
   * Every Cancun genesis of the shipped BlockchainTests state tests, rewritten as a geth genesis
   * file (the {@code pre} allocation has geth's alloc format), must hash to the vector's genesis
   * hash: the alloc's state root and every header field are read as geth reads them.
   */
  @Test
  void blockchainTestGenesesHashAsInTheVectors() throws IOException {
    List<VectorGeneses.Case> cases = VectorGeneses.cancun(false);
    List<String> failures = new ArrayList<>();
    for (VectorGeneses.Case c : cases) {
      GenesisJson.Loaded loaded = parse(MAPPER.writeValueAsString(c.genesis()));
      Hash actual = loaded.genesis().block().header().hash();
      if (!c.expectedHash().equals(actual)) {
        failures.add(c.name() + ": " + actual + " != " + c.expectedHash());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(cases.size()).isGreaterThan(20);
  }

  @Test
  void readsAllocWithHexAndDecimalQuantities() {
    GenesisJson.Loaded loaded =
        parse(
            """
            {"config": {"chainId": 99, "cancunTime": 0},
             "gasLimit": "0x1c9c380", "timestamp": "1700000000",
             "alloc": {
               "f39fd6e51aad88f6f4ce6ab8827279cfffb92266": {"balance": "1000000000000000000"},
               "0x0000000000000000000000000000000000000aaa": {
                 "balance": "0x0", "nonce": "0x1", "code": "0x6001",
                 "storage": {"0x01": "0x02", "0x03": "0x00"}}}}
            """);
    assertThat(loaded.config().chainId()).isEqualTo(99);
    var header = loaded.genesis().block().header();
    assertThat(header.gasLimit()).isEqualTo(30_000_000L);
    assertThat(header.timestamp()).isEqualTo(1_700_000_000L);
    assertThat(header.baseFeePerGas()).isEqualTo(BigInteger.valueOf(1_000_000_000));
    assertThat(loaded.genesis().alloc()).hasSize(2);
    GenesisAccount contract =
        loaded.genesis().alloc().get(org.gridledger.evm.types.Address.ofLow(0xaaa));
    assertThat(contract.nonce()).isEqualTo(1);
    assertThat(contract.code()).containsExactly(0x60, 0x01);
    assertThat(contract.storage()).containsExactly(Map.entry(UInt256.ONE, UInt256.of(2)));
  }

  @Test
  void quantitiesAreUnsigned() {
    for (String q : new String[] {"0x-5", "0x+5", "-5", "0X-1"}) {
      assertThatThrownBy(
              () ->
                  parse(
                      "{\"config\": {\"chainId\": 1, \"cancunTime\": 0}, \"alloc\": {"
                          + "\"0x0000000000000000000000000000000000000001\": {\"balance\": \""
                          + q
                          + "\"}}}"))
          .as(q)
          .isInstanceOf(GenesisJson.InvalidGenesisException.class)
          .hasMessageContaining("balance");
    }
    // the reader itself, not only the range checks after it, refuses a sign after the prefix
    assertThatThrownBy(() -> GenesisJson.parseQuantity("0x-5", "gasLimit"))
        .isInstanceOf(GenesisJson.InvalidGenesisException.class)
        .hasMessage("gasLimit is not a hex or decimal number: \"0x-5\"");
    assertThat(GenesisJson.parseQuantity("0x", "x")).isZero();
    assertThat(GenesisJson.parseQuantity(" 0x0a ", "x")).isEqualTo(BigInteger.TEN);
    assertThat(GenesisJson.parseQuantity("10", "x")).isEqualTo(BigInteger.TEN);
  }

  @Test
  void readsTheBftParameters() {
    ChainConfig config =
        parse(
                """
                {"config": {"chainId": 7, "bft": {"epochLength": 100,
                  "staking": "0x0000000000000000000000000000000000001006",
                  "blockPeriodMs": 1000, "roundTimeoutMs": "0x7d0"}}}
                """)
            .config();
    assertThat(config.maxExtraData()).isEqualTo(ChainConfig.BFT_EXTRA_DATA);
    assertThat(config.bftParams())
        .isEqualTo(
            new BftParams(
                100,
                org.gridledger.evm.types.Address.fromHex(
                    "0x0000000000000000000000000000000000001006"),
                1000,
                2000));
    assertThat(config.bftParams().isEpochLast(99)).isTrue();
    assertThat(config.bftParams().isEpochLast(100)).isFalse();
    assertThat(parse("{\"config\": {\"chainId\": 7}}").config().bftParams()).isNull();
    assertThatThrownBy(
            () ->
                parse(
                    "{\"config\": {\"chainId\": 7, \"bft\": {\"epochLength\": 0,"
                        + " \"staking\": \"0x0000000000000000000000000000000000001006\","
                        + " \"blockPeriodMs\": 1, \"roundTimeoutMs\": 1}}}"))
        .hasMessageContaining("config.bft: epoch length must be positive");
    assertThatThrownBy(() -> parse("{\"config\": {\"chainId\": 7, \"bft\": {}}}"))
        .hasMessageContaining("config.bft.staking");
  }

  /**
   * go-ethereum's post-merge test chains (hive's rpc-compat genesis, execution-apis tests/) start
   * with difficulty 0x20000, a terminal total difficulty it reaches and an {@code ethash} section:
   * proof of stake from block 1, block 0 hashed with its difficulty.
   */
  @Test
  void acceptsAChainMergedAtGenesis() {
    String merged =
        """
        {"config": {"chainId": 5, "londonBlock": 0, "mergeNetsplitBlock": 0,
          "shanghaiTime": 0, "cancunTime": 0, "terminalTotalDifficulty": 131072,
          "terminalTotalDifficultyPassed": true, "ethash": {}},
         "difficulty": "0x20000", "gasLimit": "0x23f3e20", "alloc": {}}
        """;
    GenesisJson.Loaded loaded = parse(merged);
    var header = loaded.genesis().block().header();
    assertThat(header.difficulty()).isEqualTo(BigInteger.valueOf(131_072));
    assertThat(loaded.genesis().block().hash())
        .isNotEqualTo(
            parse(merged.replace("0x20000", "0x0").replace("131072", "0"))
                .genesis()
                .block()
                .hash());
    // not merged at genesis: the terminal total difficulty lies ahead, or there is none
    assertThatThrownBy(() -> parse(merged.replace("131072", "131073")))
        .hasMessageContaining("config.ethash");
    assertThatThrownBy(
            () -> parse(merged.replace("\"ethash\": {}", "\"x\": 1").replace("131072", "131073")))
        .hasMessageContaining("difficulty is 131072");
    assertThatThrownBy(
            () ->
                parse("{\"config\": {\"chainId\": 1}, \"difficulty\": \"0x20000\", \"alloc\": {}}"))
        .hasMessageContaining("difficulty must be 0");
  }

  @Test
  void rejectsForksOtherThanCancunFromGenesis() {
    assertThatThrownBy(() -> parse("{\"config\": {\"chainId\": 1, \"pragueTime\": 0}}"))
        .hasMessageContaining("config.pragueTime schedules a fork after Cancun");
    assertThatThrownBy(() -> parse("{\"config\": {\"chainId\": 1, \"cancunTime\": 100}}"))
        .hasMessageContaining("config.cancunTime is 100")
        .hasMessageContaining("Cancun rules from genesis");
    assertThatThrownBy(() -> parse("{\"config\": {\"chainId\": 1, \"londonBlock\": 5}}"))
        .hasMessageContaining("config.londonBlock is 5");
    assertThatThrownBy(() -> parse("{\"config\": {\"chainId\": 1}, \"difficulty\": \"0x1\"}"))
        .hasMessageContaining("difficulty must be 0");
    assertThatThrownBy(() -> parse("{\"config\": {}}"))
        .hasMessageContaining("config.chainId is missing");
    assertThatThrownBy(() -> parse("{\"config\": {\"chainId\": 1, \"clique\": {}}}"))
        .hasMessageContaining("clique");
    assertThatThrownBy(() -> parse("{\"config\": "))
        .isInstanceOf(GenesisJson.InvalidGenesisException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"config\": {\"chainId\": 1}, \"alloc\": {\"0x12\": {\"balance\": \"1\"}}}"))
        .hasMessageContaining("alloc[0x12]");
  }

  @Test
  void devnetGenesisFundsTheTenTestMnemonicAccounts() {
    GenesisJson.Loaded devnet = DevnetGenesis.load();
    assertThat(devnet.config().chainId()).isEqualTo(1337);
    assertThat(devnet.config().maxExtraData()).isEqualTo(ChainConfig.SEALED_EXTRA_DATA);
    List<PrivateKey> keys = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 10);
    assertThat(devnet.genesis().alloc().keySet())
        .containsExactlyElementsOf(keys.stream().map(PrivateKey::address).toList());
    UInt256 tenThousandEther = UInt256.of(BigInteger.TEN.pow(22));
    assertThat(devnet.genesis().alloc().values())
        .allSatisfy(a -> assertThat(a.balance()).isEqualTo(tenThousandEther));
  }
}
