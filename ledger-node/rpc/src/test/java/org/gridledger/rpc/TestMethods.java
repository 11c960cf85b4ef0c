package org.gridledger.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Set;
import org.gridledger.rpc.json.ParamParsers;
import org.gridledger.rpc.methods.EthChainApi;
import org.gridledger.rpc.methods.NetApi;
import org.gridledger.rpc.methods.Web3Api;

/** The standard chain-free methods plus a {@code test_} namespace with misbehaving methods. */
final class TestMethods {
  static final long CHAIN_ID = 1337;
  static final long NETWORK_ID = 4242;
  static final String CLIENT_VERSION = "Gridledger/vtest/linux-amd64/java21";
  static final Set<String> APIS = Set.of("eth", "net", "web3", "test");

  private TestMethods() {}

  static RpcMethods build() {
    RpcMethods.Builder builder = RpcMethods.builder();
    new Web3Api(CLIENT_VERSION).registerTo(builder);
    new NetApi(NETWORK_ID, () -> 0).registerTo(builder);
    new EthChainApi(CHAIN_ID).registerTo(builder);
    builder
        .add(
            "test_echo",
            3,
            params -> {
              var out = JsonNodeFactory.instance.arrayNode();
              for (int i = 0; i < params.size(); i++) {
                out.add(params.raw(i).orElse(JsonNodeFactory.instance.nullNode()));
              }
              return RpcResult.success(out);
            })
        .add(
            "test_sleep",
            1,
            params -> {
              long millis = params.required(0, "millis", ParamParsers.UINT64);
              try {
                Thread.sleep(millis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return RpcResult.success(JsonNodeFactory.instance.textNode("slept"));
            })
        .add(
            "test_crash",
            0,
            params -> {
              throw new IllegalStateException("secret internal detail");
            })
        .add(
            "test_revert",
            1,
            params ->
                RpcResult.failure(
                    RpcError.executionReverted(params.required(0, "data", ParamParsers.DATA))))
        .add(
            "test_nonceTooLow",
            0,
            params -> RpcResult.failure(new RpcError.ServerError("nonce too low")))
        .add(
            "test_big",
            1,
            params ->
                RpcResult.success(
                    JsonNodeFactory.instance.textNode(
                        "x".repeat((int) (long) params.required(0, "size", ParamParsers.UINT64)))));
    return builder.build();
  }

  static RpcConfig config() {
    return RpcConfig.defaults().withPort(0).withApis(APIS);
  }
}
