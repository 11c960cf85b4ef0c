package org.gridledger.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.gridledger.rpc.subscription.SubscriptionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The message rules without a network: expected responses follow the JSON-RPC 2.0 specification's
 * examples (section 7) and go-ethereum's handler (rpc/handler.go, rpc/json.go).
 */
class RpcDispatcherTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final RpcDispatcher dispatcher =
      new RpcDispatcher(TestMethods.build(), new SubscriptionManager(), TestMethods.config());

  private String call(String request) {
    return dispatcher
        .handle(request.getBytes(StandardCharsets.UTF_8), Optional.empty())
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .orElse("");
  }

  private JsonNode callJson(String request) throws Exception {
    return MAPPER.readTree(call(request));
  }

  @Test
  void singleCallHasGethFieldOrder() {
    assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\",\"id\":1}"))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x539\"}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "0",
        "-0",
        "1.50",
        "1e3",
        "1E+3",
        "123456789012345678901234567890",
        "\"abc\"",
        "\"\"",
        "\"\\u0041\\n\"",
        "\"\\ud800\"",
        "\"ü€\"",
        "null",
        "true"
      })
  void idsAreEchoedExactly(String id) {
    String response = call("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"net_listening\"}");
    assertThat(response).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":true}");
  }

  @Test
  void objectOrArrayIdIsInvalidRequest() {
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"net_listening\"}"))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request\"}}");
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"net_listening\"}"))
        .contains("\"code\":-32600");
  }

  @Test
  void parseError() throws Exception {
    JsonNode response =
        callJson("{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\"");
    assertThat(response.get("id").isNull()).isTrue();
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(response.at("/error/message").asText()).isEqualTo("parse error");
    assertThat(callJson("").at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(callJson("   ").at("/error/code").asInt()).isEqualTo(-32700);
  }

  @Test
  void wrongVersionOrMissingMethodIsInvalidRequestWithId() {
    assertThat(call("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"net_listening\"}"))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32600,\"message\":\"invalid request\"}}");
    assertThat(call("{\"id\":7,\"method\":\"net_listening\"}")).contains("\"id\":7,\"error\"");
    assertThat(call("{\"jsonrpc\":2.0,\"id\":7,\"method\":\"net_listening\"}")).contains("-32600");
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":1}")).contains("-32600");
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":7}")).contains("-32600");
    // Not an object at all: id null.
    assertThat(call("1"))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request\"}}");
  }

  @Test
  void unknownMethodUsesGethWording() throws Exception {
    JsonNode response = callJson("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"foobar\"}");
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(response.at("/error/message").asText())
        .isEqualTo("the method foobar does not exist/is not available");
  }

  @Test
  void disabledNamespaceIsNotFound() {
    RpcDispatcher ethOnly =
        new RpcDispatcher(
            TestMethods.build(),
            new SubscriptionManager(),
            TestMethods.config().withApis(java.util.Set.of("eth")));
    String response =
        new String(
            ethOnly
                .handle(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_clientVersion\"}".getBytes(),
                    Optional.empty())
                .orElseThrow(),
            StandardCharsets.UTF_8);
    assertThat(response).contains("the method web3_clientVersion does not exist/is not available");
  }

  @Test
  void notificationsGetNoResponse() {
    assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\"}")).isEmpty();
    assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"test_crash\"}")).isEmpty();
    assertThat(
            call(
                "[{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\"},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"net_version\",\"params\":[]}]"))
        .isEmpty();
  }

  @Test
  void mixedBatchKeepsOrderAndSkipsNotifications() throws Exception {
    JsonNode response =
        callJson(
            "[{\"jsonrpc\":\"2.0\",\"method\":\"net_version\",\"id\":\"1\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"web3_sha3\",\"params\":[\"0x68656c6c6f20776f726c64\"],\"id\":\"2\"},"
                + "{\"foo\":\"boo\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"foo.get\",\"params\":{\"name\":\"myself\"},\"id\":\"5\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\",\"id\":\"9\"},"
                + "1]");
    assertThat(response.isArray()).isTrue();
    assertThat(response).hasSize(6);
    assertThat(response.get(0).get("result").asText()).isEqualTo("4242");
    assertThat(response.get(1).get("result").asText())
        .isEqualTo("0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad");
    assertThat(response.get(2).get("id").isNull()).isTrue();
    assertThat(response.get(2).at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(response.get(3).get("id").asText()).isEqualTo("5");
    assertThat(response.get(3).at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(response.get(4).get("result").asText()).isEqualTo("0x539");
    assertThat(response.get(5).at("/error/code").asInt()).isEqualTo(-32600);
  }

  @Test
  void emptyBatchIsOneErrorObject() {
    assertThat(call("[]"))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"empty batch\"}}");
    assertThat(call(" [ ] ")).contains("empty batch");
  }

  @Test
  void invalidBatchElementsEachGetAnError() throws Exception {
    JsonNode response = callJson("[1,2,3]");
    assertThat(response).hasSize(3);
    for (JsonNode r : response) {
      assertThat(r.at("/error/code").asInt()).isEqualTo(-32600);
      assertThat(r.get("id").isNull()).isTrue();
    }
  }

  @Test
  void batchTooLargeIsOneErrorInAnArrayWithFirstCallId() throws Exception {
    RpcDispatcher small =
        new RpcDispatcher(
            TestMethods.build(),
            new SubscriptionManager(),
            TestMethods.config().withMaxBatchLength(2));
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\"},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\",\"id\":\"first\"},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\",\"id\":3}]";
    String response =
        new String(
            small.handle(batch.getBytes(), Optional.empty()).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(response)
        .isEqualTo(
            "[{\"jsonrpc\":\"2.0\",\"id\":\"first\",\"error\":{\"code\":-32600,\"message\":\"batch too large\"}}]");
  }

  @Test
  void strayResponsesAreDropped() {
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}")).isEmpty();
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"x\"}}"))
        .isEmpty();
  }

  @Test
  void invalidParamsNameTheArgument() throws Exception {
    JsonNode response =
        callJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"abcd\"]}");
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asText())
        .isEqualTo("invalid argument 0 (data): hex string without 0x prefix");

    response = callJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[]}");
    assertThat(response.at("/error/message").asText())
        .isEqualTo("missing value for required argument 0 (data)");

    response =
        callJson(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"0x\",\"0x\"]}");
    assertThat(response.at("/error/message").asText())
        .isEqualTo("too many arguments, want at most 1");

    response =
        callJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":{\"a\":1}}");
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asText()).isEqualTo("non-array args");

    response =
        callJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_version\",\"params\":null}");
    assertThat(response.get("result").asText()).isEqualTo("4242");
  }

  @Test
  void handlerExceptionBecomesInternalErrorWithoutDetails() {
    String response = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_crash\"}");
    assertThat(response)
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"method handler crashed\"}}");
    assertThat(response).doesNotContain("secret").doesNotContain("Exception");
  }

  @Test
  void executionRevertedCarriesDataAndReason() throws Exception {
    String data =
        "0x08c379a0" + "0".repeat(62) + "20" + "0".repeat(62) + "04" + "6e6f7065" + "0".repeat(56);
    JsonNode response =
        callJson(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_revert\",\"params\":[\""
                + data
                + "\"]}");
    assertThat(response.at("/error/code").asInt()).isEqualTo(3);
    assertThat(response.at("/error/message").asText()).isEqualTo("execution reverted: nope");
    assertThat(response.at("/error/data").asText()).isEqualTo(data);

    response =
        callJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_revert\",\"params\":[\"0x\"]}");
    assertThat(response.at("/error/message").asText()).isEqualTo("execution reverted");
    assertThat(response.at("/error/data").asText()).isEqualTo("0x");
  }

  @Test
  void serverErrorIsMinus32000() {
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_nonceTooLow\"}"))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"nonce too low\"}}");
  }

  @Test
  void subscribeWithoutNotificationsIsGethError() {
    assertThat(
            call(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}"))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"notifications not supported\"}}");
    assertThat(
            call(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_unsubscribe\",\"params\":[\"0x1\"]}"))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"subscription not found\"}}");
  }

  @Test
  void rpcModulesListsEnabledNamespaces() throws Exception {
    JsonNode response = callJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc_modules\"}");
    assertThat(response.get("result").toString())
        .isEqualTo(
            "{\"eth\":\"1.0\",\"net\":\"1.0\",\"rpc\":\"1.0\",\"test\":\"1.0\",\"web3\":\"1.0\"}");
  }

  @Test
  void tooLongMethodName() throws Exception {
    String name = "a".repeat(3000);
    JsonNode response = callJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + name + "\"}");
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(response.at("/error/message").asText())
        .isEqualTo("method name too long: 3000 > 2048");
  }

  @Test
  void batchResponseLimit() throws Exception {
    RpcDispatcher small =
        new RpcDispatcher(
            TestMethods.build(),
            new SubscriptionManager(),
            TestMethods.config().withMaxBatchResponseBytes(100));
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_big\",\"params\":[\"0x10\"]},"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_big\",\"params\":[\"0x80\"]},"
            + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_big\",\"params\":[\"0x1\"]},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"test_big\",\"params\":[\"0x1\"]},"
            + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"test_big\",\"params\":[\"0x1\"]}]";
    JsonNode response =
        MAPPER.readTree(small.handle(batch.getBytes(), Optional.empty()).orElseThrow());
    assertThat(response).hasSize(4);
    assertThat(response.get(0).get("result").asText()).hasSize(16);
    // The answer that crosses the limit is kept (as geth does); the rest get -32003.
    assertThat(response.get(1).get("result").asText()).hasSize(128);
    assertThat(response.get(2).at("/error/code").asInt()).isEqualTo(-32003);
    assertThat(response.get(2).at("/error/message").asText()).isEqualTo("response too large");
    assertThat(response.get(3).get("id").asInt()).isEqualTo(4);
    assertThat(response.get(3).at("/error/code").asInt()).isEqualTo(-32003);
  }

  @Test
  void trailingContentAfterTheRequestIsIgnoredLikeGeth() {
    assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"} garbage"))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":true}");
  }
}
