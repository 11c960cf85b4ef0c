package org.gridledger.rpc.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.BlockProducer;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.devnet.HeaderSeal;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcParams;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.eth.Filters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevApiTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final long NOW = 1_800_000_000L;
  static final String A = "0x00000000000000000000000000000000000000aa";

  InMemoryKeyValueStore store;
  Blockchain chain;
  RpcMethods methods;

  @BeforeEach
  void setUp() {
    GenesisJson.Loaded devnet =
        DevnetGenesis.load(new DevnetGenesis.Options(31337, 30_000_000, BigInteger.ZERO));
    store = new InMemoryKeyValueStore();
    chain = Blockchain.initialize(store, devnet.config(), devnet.genesis());
    InMemoryTransactionPool pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    BlockProducer producer =
        new BlockProducer(
            chain,
            pool,
            DevnetGenesis.accountKeys().get(0),
            new BlockProducer.Config(
                Duration.ZERO, Address.ZERO, 30_000_000L, HeaderSeal.vanity("test")),
            clock);
    RpcMethods.Builder builder = RpcMethods.builder();
    new DevApi(producer, new Filters(Duration.ofMinutes(5), 100, clock)).registerTo(builder);
    methods = builder.build();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  RpcResult call(String method, String paramsJson) throws Exception {
    JsonNode params = MAPPER.readTree(paramsJson);
    try {
      return methods.lookup(method).orElseThrow().handler().call(RpcParams.of(params));
    } catch (RpcException e) { // parameter errors, answered by the dispatcher
      return RpcResult.failure(e.error());
    }
  }

  JsonNode result(String method, String paramsJson) throws Exception {
    RpcResult r = call(method, paramsJson);
    assertThat(r).as("%s %s", method, r).isInstanceOf(RpcResult.Success.class);
    return ((RpcResult.Success) r).value();
  }

  RpcError error(String method, String paramsJson) throws Exception {
    RpcResult r = call(method, paramsJson);
    assertThat(r).as("%s %s", method, r).isInstanceOf(RpcResult.Failure.class);
    return ((RpcResult.Failure) r).error();
  }

  UInt256 balance() {
    return chain.headState().account(Address.fromHex(A)).balance();
  }

  @Test
  void servesTheAnvilAndHardhatNames() {
    assertThat(methods.namespaces()).containsExactly("anvil", "evm", "hardhat");
    assertThat(methods.names())
        .contains(
            "evm_snapshot",
            "evm_revert",
            "evm_increaseTime",
            "evm_setNextBlockTimestamp",
            "evm_mine",
            "anvil_mine",
            "hardhat_mine",
            "anvil_setBalance",
            "hardhat_setBalance",
            "anvil_setNonce",
            "anvil_setCode",
            "anvil_setStorageAt");
  }

  @Test
  void snapshotRevertRestoresStateAndUsesUpLaterSnapshots() throws Exception {
    String first = result("evm_snapshot", "[]").asText();
    result("anvil_setBalance", "[\"" + A + "\", \"0x1000\"]");
    assertThat(balance()).isEqualTo(UInt256.of(0x1000));
    String second = result("evm_snapshot", "[]").asText();
    result("hardhat_setBalance", "[\"" + A + "\", 7]");
    assertThat(chain.head().number()).isEqualTo(2);

    assertThat(result("evm_revert", "[\"" + first + "\"]").asBoolean()).isTrue();
    assertThat(chain.head().number()).isZero();
    assertThat(chain.headState().account(Address.fromHex(A))).isNull();
    // Both the used snapshot and the later one are gone.
    assertThat(result("evm_revert", "[\"" + first + "\"]").asBoolean()).isFalse();
    assertThat(result("evm_revert", "[\"" + second + "\"]").asBoolean()).isFalse();
    assertThat(result("evm_revert", "[\"0x99\"]").asBoolean()).isFalse();
  }

  @Test
  void timeAndMining() throws Exception {
    assertThat(result("evm_mine", "[]").asText()).isEqualTo("0x0");
    assertThat(chain.head().timestamp()).isEqualTo(NOW);
    result("evm_increaseTime", "[3600]");
    result("evm_mine", "[]");
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 3600);
    result("evm_mine", "[" + (NOW + 5000) + "]");
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 5000);
    result(
        "evm_mine", "[{\"timestamp\": \"0x" + Long.toHexString(NOW + 6000) + "\", \"blocks\": 2}]");
    assertThat(chain.head().number()).isEqualTo(5);
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 6001);
    assertThat(result("anvil_mine", "[\"0x3\", \"0x3c\"]").isNull()).isTrue();
    assertThat(chain.head().number()).isEqualTo(8);
    assertThat(chain.head().timestamp()).isEqualTo(NOW + 6001 + 1 + 60 + 60);
  }

  @Test
  void errorsNameTheProblem() throws Exception {
    assertThat(error("evm_increaseTime", "[-5]").code()).isEqualTo(RpcError.INVALID_PARAMS);
    assertThat(error("anvil_setBalance", "[\"" + A + "\"]").message())
        .isEqualTo("missing value for required argument 1 (balance)");
    assertThat(error("anvil_setBalance", "[\"0x12\", \"0x1\"]").code())
        .isEqualTo(RpcError.INVALID_PARAMS);
    RpcError past = error("evm_setNextBlockTimestamp", "[0]");
    assertThat(past.code()).isEqualTo(RpcError.SERVER_ERROR);
    assertThat(past.message()).contains("not after the latest block's timestamp");
    assertThat(
            error("anvil_setStorageAt", "[\"" + A + "\", \"0x1\", \"0x" + "00".repeat(33) + "\"]")
                .code())
        .isEqualTo(RpcError.INVALID_PARAMS);
  }
}
