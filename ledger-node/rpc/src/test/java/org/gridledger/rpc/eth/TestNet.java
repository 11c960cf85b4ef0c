package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.Genesis;
import org.gridledger.core.chain.GenesisAccount;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.core.tx.AccessListTransaction;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.LegacyTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcServer;
import org.gridledger.rpc.methods.EthChainApi;
import org.gridledger.rpc.subscription.SubscriptionManager;

/**
 * A chain for the RPC tests. Genesis funds two keys and holds {@link #CONTRACT}; block 1 has a
 * legacy EIP-155 transfer, an EIP-1559 call that stores 0x2a and logs it, and an EIP-2930 contract
 * creation; block 2 stores 0x07 and has a call that reverts.
 */
final class TestNet implements AutoCloseable {
  static final long CHAIN_ID = 1337;
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final PrivateKey KEY1 =
      PrivateKey.fromHex("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
  static final PrivateKey KEY2 =
      PrivateKey.fromHex("0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63");
  static final Address ADDR1 = KEY1.address();
  static final Address ADDR2 = KEY2.address();
  static final UInt256 FUNDS = UInt256.of(BigInteger.TEN.pow(21));
  static final Address CONTRACT = Address.fromHex("0x000000000000000000000000000000000000c0de");

  /**
   * Hand-assembled: first calldata byte 1 → SSTORE(0, word at 1), LOG1(topic 0xaa, data = word);
   * byte 2 → REVERT(0xdeadbeef); otherwise return SLOAD(0).
   */
  static final String RUNTIME =
      "0x60003560f81c80600114601f578060021460325760005460005260206000f35b600135806000556000526"
          + "0aa60206000a1005b63deadbeef6000526004601cfd";

  /** PUSH1 64 DUP1 PUSH1 12 PUSH1 0 CODECOPY PUSH1 0 RETURN STOP, then {@link #RUNTIME}. */
  static final String INIT = "0x604080600c6000396000f300" + RUNTIME.substring(2);

  static final Hash TOPIC =
      Hash.fromHex("0x00000000000000000000000000000000000000000000000000000000000000aa");

  final Blockchain chain;
  final FakePool pool;
  final SubscriptionManager subscriptions = new SubscriptionManager();
  final EthApi api;
  final ChainEvents events;
  final List<Transaction> block1 = new ArrayList<>();
  final List<Transaction> block2 = new ArrayList<>();
  RpcServer server;
  int port;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  TestNet(EthConfig config) {
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>();
    alloc.put(ADDR1, GenesisAccount.funded(FUNDS));
    alloc.put(ADDR2, GenesisAccount.funded(FUNDS));
    alloc.put(CONTRACT, new GenesisAccount(UInt256.ZERO, 1, Hex.decode(RUNTIME), Map.of()));
    Genesis genesis =
        Genesis.build(alloc, 30_000_000, BigInteger.valueOf(1_000_000_000), 1_700_000_000L);
    chain = Blockchain.initialize(new InMemoryKeyValueStore(), new ChainConfig(CHAIN_ID), genesis);
    pool =
        new FakePool(
            a -> {
              synchronized (chain) {
                AccountInfo info = chain.headState().account(a);
                return info == null ? 0 : info.nonce();
              }
            });
    api = new EthApi(chain, pool, config);
    events = new ChainEvents(subscriptions, pool, api.filters());

    block1.add(
        LegacyTransaction.unsigned(
                0,
                UInt256.of(2_000_000_000L),
                21_000,
                Optional.of(ADDR2),
                UInt256.of(1000),
                new byte[0],
                Optional.of(UInt256.of(CHAIN_ID)))
            .sign(KEY1));
    block1.add(store(KEY1, 1, 0x2a));
    block1.add(
        new AccessListTransaction(
                UInt256.of(CHAIN_ID),
                0,
                UInt256.of(3_000_000_000L),
                200_000,
                Optional.empty(),
                UInt256.ZERO,
                Hex.decode(INIT),
                List.of(new AccessListEntry(CONTRACT, List.of(Hash.ZERO))),
                0,
                UInt256.ZERO,
                UInt256.ZERO)
            .sign(KEY2));
    produce(block1, 1_700_000_012L);
    block2.add(store(KEY1, 2, 0x07));
    block2.add(call(KEY2, 1, new byte[] {2})); // reverts with 0xdeadbeef
    produce(block2, 1_700_000_024L);
  }

  /** An EIP-1559 call of {@link #CONTRACT} storing {@code value}: tip 1 gwei, cap 100 gwei. */
  static Transaction store(PrivateKey key, long nonce, int value) {
    return call(key, nonce, storeInput(value));
  }

  /** An EIP-1559 call of {@link #CONTRACT} with {@code input}: tip 1 gwei, cap 100 gwei. */
  static Transaction call(PrivateKey key, long nonce, byte[] input) {
    return new DynamicFeeTransaction(
            UInt256.of(CHAIN_ID),
            nonce,
            UInt256.of(1_000_000_000L),
            UInt256.of(100_000_000_000L),
            100_000,
            Optional.of(CONTRACT),
            UInt256.ZERO,
            input,
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(key);
  }

  static byte[] storeInput(int value) {
    byte[] input = new byte[33];
    input[0] = 1;
    input[32] = (byte) value;
    return input;
  }

  /** Builds, imports and announces a block of {@code txs}; returns it. */
  Block produce(List<Transaction> txs, long timestamp) {
    BlockBuilder.Built built =
        new BlockBuilder(chain)
            .build(
                chain.headHash(),
                new BlockBuilder.Attributes(
                    Address.fromHex("0x00000000000000000000000000000000000c0ffe"),
                    timestamp,
                    30_000_000,
                    Hash.ZERO,
                    Hash.ZERO,
                    new byte[0]),
                txs);
    if (!built.skipped().isEmpty()) {
      throw new IllegalStateException("skipped: " + built.skipped());
    }
    ImportResult r = chain.importBlock(built.block());
    if (!(r instanceof ImportResult.Imported)) {
      throw new IllegalStateException("import: " + r);
    }
    pool.onNewHead();
    events.onImported(chain.blocks(), ((ImportResult.Imported) r).hash());
    return built.block();
  }

  RpcMethods methods() {
    RpcMethods.Builder b = RpcMethods.builder();
    new EthChainApi(CHAIN_ID).registerTo(b);
    api.registerTo(b);
    return b.build();
  }

  TestNet start() {
    server =
        new RpcServer(
            RpcConfig.defaults().withPort(0).withApis(java.util.Set.of("eth", "txpool")),
            methods(),
            subscriptions);
    port = server.start();
    return this;
  }

  /** The whole JSON-RPC response to {@code method(params)} over HTTP. */
  JsonNode rpc(String method, Object... params) throws Exception {
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("jsonrpc", "2.0");
    req.put("id", 1);
    req.put("method", method);
    req.put("params", List.of(params));
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(req)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return MAPPER.readTree(resp.body());
  }

  /** The result of a call that must succeed. */
  JsonNode result(String method, Object... params) throws Exception {
    JsonNode r = rpc(method, params);
    if (r.has("error")) {
      throw new AssertionError(method + " failed: " + r);
    }
    return r.get("result");
  }

  /** The error of a call that must fail. */
  JsonNode error(String method, Object... params) throws Exception {
    JsonNode r = rpc(method, params);
    if (!r.has("error")) {
      throw new AssertionError(method + " succeeded: " + r);
    }
    return r.get("error");
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}
