package org.gridledger.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.RpcDispatcher;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.subscription.SubscriptionManager;
import org.junit.jupiter.api.Test;

/** The chain-free methods, with expected values from the execution-apis examples. */
class MethodsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final AtomicLong peers = new AtomicLong();
  private final RpcDispatcher dispatcher;

  MethodsTest() {
    RpcMethods.Builder builder = RpcMethods.builder();
    new Web3Api(ClientVersion.current()).registerTo(builder);
    new NetApi(1, peers::get).registerTo(builder);
    new EthChainApi(0x1b4).registerTo(builder);
    dispatcher =
        new RpcDispatcher(builder.build(), new SubscriptionManager(), RpcConfig.defaults());
  }

  private JsonNode result(String method, String params) throws Exception {
    String request =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    byte[] response =
        dispatcher.handle(request.getBytes(StandardCharsets.UTF_8), Optional.empty()).orElseThrow();
    JsonNode json = MAPPER.readTree(response);
    assertThat(json.has("result")).as(json.toString()).isTrue();
    return json.get("result");
  }

  @Test
  void web3Sha3IsKeccak256() throws Exception {
    // execution-apis example: keccak256("hello world").
    assertThat(result("web3_sha3", "[\"0x68656c6c6f20776f726c64\"]").asText())
        .isEqualTo("0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad");
  }

  @Test
  void clientVersionShape() throws Exception {
    String version = result("web3_clientVersion", "[]").asText();
    assertThat(version).matches("Gridledger/v[0-9][^/]*/[a-z0-9]+-[a-z0-9_]+/java[0-9.]+");
    assertThat(version).doesNotContain("${");
  }

  @Test
  void clientVersionUsesGoNames() {
    assertThat(ClientVersion.format("1.2.3", "Linux", "amd64", "21.0.2"))
        .isEqualTo("Gridledger/v1.2.3/linux-amd64/java21.0.2");
    assertThat(ClientVersion.format("1.2.3", "Mac OS X", "aarch64", "25"))
        .isEqualTo("Gridledger/v1.2.3/darwin-arm64/java25");
    assertThat(ClientVersion.format("1.2.3", "Windows 11", "x86_64", "25"))
        .isEqualTo("Gridledger/v1.2.3/windows-amd64/java25");
  }

  @Test
  void netAndChainId() throws Exception {
    assertThat(result("net_version", "[]").asText()).isEqualTo("1");
    assertThat(result("net_listening", "[]").asBoolean()).isTrue();
    assertThat(result("net_peerCount", "[]").asText()).isEqualTo("0x0");
    peers.set(25);
    assertThat(result("net_peerCount", "[]").asText()).isEqualTo("0x19");
    assertThat(result("eth_chainId", "[]").asText()).isEqualTo("0x1b4");
  }
}
