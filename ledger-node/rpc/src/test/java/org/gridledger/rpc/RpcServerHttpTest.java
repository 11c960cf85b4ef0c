package org.gridledger.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JSON-RPC over real HTTP: a server on an ephemeral port and the JDK client. */
class RpcServerHttpTest {
  private ServerFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        new ServerFixture(TestMethods.config().withAllowedOrigins(List.of("https://app.example")));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void ephemeralPortIsReported() {
    assertThat(fixture.port).isPositive();
    assertThat(fixture.server.port()).isEqualTo(fixture.port);
  }

  @Test
  void singleCall() throws Exception {
    HttpResponse<String> response =
        fixture.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_clientVersion\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + TestMethods.CLIENT_VERSION + "\"}");
  }

  @Test
  void batchWithValidInvalidAndNotifications() throws Exception {
    HttpResponse<String> response =
        fixture.post(
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_version\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope_nothing\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"web3_sha3\",\"params\":[\"0x\"]},"
                + "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"net_version\"}]");
    JsonNode body = ServerFixture.json(response.body());
    assertThat(body).as(body.toString()).hasSize(4);
    assertThat(body.get(0).get("result").asText()).isEqualTo("4242");
    assertThat(body.get(1).at("/error/code").asInt()).isEqualTo(-32601);
    // Keccak-256 of the empty string.
    assertThat(body.get(2).path("result").asText())
        .as(body.toString())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(body.get(3).get("id").asInt()).isEqualTo(4);
    assertThat(body.get(3).at("/error/code").asInt()).isEqualTo(-32600);
  }

  @Test
  void onlyNotificationsGiveAnEmptyOk() throws Exception {
    HttpResponse<String> response =
        fixture.post("{\"jsonrpc\":\"2.0\",\"method\":\"net_listening\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void malformedJsonIsParseError() throws Exception {
    HttpResponse<String> response = fixture.post("{\"jsonrpc\":\"2.0\",\"id\":1,");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}");
  }

  @Test
  void wrongVersionUnknownMethodAndInvalidParams() throws Exception {
    assertThat(
            ServerFixture.json(
                    fixture
                        .post("{\"jsonrpc\":\"2.1\",\"id\":\"a\",\"method\":\"net_version\"}")
                        .body())
                .at("/error/code")
                .asInt())
        .isEqualTo(-32600);
    assertThat(
            ServerFixture.json(
                    fixture
                        .post("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"eth_foo\"}")
                        .body())
                .at("/error/message")
                .asText())
        .isEqualTo("the method eth_foo does not exist/is not available");
    JsonNode invalid =
        ServerFixture.json(
            fixture
                .post(
                    "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"web3_sha3\",\"params\":[\"0x1\"]}")
                .body());
    assertThat(invalid.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(invalid.at("/error/message").asText())
        .isEqualTo("invalid argument 0 (data): hex string of odd length");
  }

  @Test
  void oversizeBodyIs413WithJsonErrorAndServerStaysUp() throws Exception {
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"0x"
            + "00".repeat(3 * RpcConfig.MIB)
            + "\"]}";
    HttpResponse<String> response = fixture.post(big);
    assertThat(response.statusCode()).isEqualTo(413);
    JsonNode error = ServerFixture.json(response.body());
    assertThat(error.at("/error/code").asInt()).isEqualTo(-32005);
    assertThat(error.at("/error/message").asText())
        .isEqualTo("content length too large (" + big.length() + ">" + 5 * RpcConfig.MIB + ")");
    assertThat(fixture.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}").body())
        .contains("\"result\":true");
  }

  @Test
  void oversizeChunkedBodyIs413() throws Exception {
    byte[] big = new byte[6 * RpcConfig.MIB];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> response =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(ServerFixture.json(response.body()).at("/error/message").asText())
        .isEqualTo("request body too large (more than " + 5 * RpcConfig.MIB + " bytes)");
    assertThat(fixture.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}").body())
        .contains("\"result\":true");
  }

  @Test
  void oversizeBatchIsRejected() throws Exception {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 1001; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i + 10);
      batch.append(",\"method\":\"net_listening\"}");
    }
    batch.append("]");
    HttpResponse<String> response = fixture.post(batch.toString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "[{\"jsonrpc\":\"2.0\",\"id\":10,\"error\":{\"code\":-32600,\"message\":\"batch too large\"}}]");
    // 1000 is still fine.
    String ok = batch.substring(0, batch.lastIndexOf(",{")) + "]";
    assertThat(ServerFixture.json(fixture.post(ok).body())).hasSize(1000);
  }

  @Test
  void contentTypeMustBeJson() throws Exception {
    HttpResponse<String> wrong =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(wrong.statusCode()).isEqualTo(415);
    assertThat(ServerFixture.json(wrong.body()).at("/error/message").asText())
        .isEqualTo("invalid content type, only application/json is supported");

    HttpResponse<String> missing =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(missing.statusCode()).isEqualTo(415);

    HttpResponse<String> withCharset =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}")));
    assertThat(withCharset.statusCode()).isEqualTo(200);
  }

  @Test
  void getAndOtherMethodsAre405() throws Exception {
    HttpResponse<String> get = fixture.send(HttpRequest.newBuilder(fixture.httpUri()).GET());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST, OPTIONS");
    assertThat(ServerFixture.json(get.body()).at("/error/message").asText())
        .contains("send requests as HTTP POST with Content-Type: application/json");
    HttpResponse<String> put =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(put.statusCode()).isEqualTo(405);
  }

  @Test
  void handlerCrashDoesNotTakeTheServerDown() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(fixture.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_crash\"}").body())
          .isEqualTo(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"method handler crashed\"}}");
    }
    assertThat(fixture.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_chainId\"}").body())
        .contains("\"result\":\"0x539\"");
  }

  /** A server whose requests time out after one second; test_sleep is asked for ten. */
  private static ServerFixture impatient() {
    return new ServerFixture(TestMethods.config().withRequestTimeout(Duration.ofSeconds(1)));
  }

  @Test
  void slowCallTimesOut() throws Exception {
    fixture.close();
    fixture = impatient();
    long start = System.nanoTime();
    HttpResponse<String> response =
        fixture.post(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"test_sleep\",\"params\":[\"0x2710\"]}");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    assertThat(response.body())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32002,\"message\":\"request timed out\"}}");
    assertThat(fixture.post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"net_listening\"}").body())
        .contains("\"result\":true");
  }

  @Test
  void batchTimeoutKeepsFinishedAnswers() throws Exception {
    fixture.close();
    fixture = impatient();
    JsonNode body =
        ServerFixture.json(
            fixture
                .post(
                    "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_version\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_sleep\",\"params\":[\"0x2710\"]},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"net_version\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"net_version\"}]")
                .body());
    assertThat(body).hasSize(3);
    assertThat(body.get(0).get("result").asText()).isEqualTo("4242");
    assertThat(body.get(1).get("id").asInt()).isEqualTo(2);
    assertThat(body.get(1).at("/error/code").asInt()).isEqualTo(-32002);
    assertThat(body.get(2).get("id").asInt()).isEqualTo(3);
    assertThat(body.get(2).at("/error/code").asInt()).isEqualTo(-32002);
  }

  @Test
  void subscribeOverHttpIsNotSupported() throws Exception {
    assertThat(
            fixture
                .post(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}")
                .body())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"notifications not supported\"}}");
  }

  @Test
  void noCorsHeadersWithoutAnAllowedOrigin() throws Exception {
    HttpResponse<String> noOrigin =
        fixture.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}");
    assertThat(noOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> otherOrigin =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}")));
    assertThat(otherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void corsForAnAllowedOrigin() throws Exception {
    HttpResponse<String> response =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Content-Type", "application/json")
                .header("Origin", "https://app.example")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}")));
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.example");
    assertThat(response.headers().allValues("Vary")).contains("Origin");

    HttpResponse<String> preflight =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.example");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("content-type");
    assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("600");

    HttpResponse<String> refused =
        fixture.send(
            HttpRequest.newBuilder(fixture.httpUri())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(refused.statusCode()).isEqualTo(204);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(refused.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
  }

  @Test
  void wildcardOrigin() throws Exception {
    try (ServerFixture open =
        new ServerFixture(TestMethods.config().withAllowedOrigins(List.of("*")))) {
      HttpResponse<String> response =
          open.send(
              HttpRequest.newBuilder(open.httpUri())
                  .header("Content-Type", "application/json")
                  .header("Origin", "https://anything.example")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}")));
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }
  }

  @Test
  void stopReleasesThePort() throws Exception {
    int port = fixture.port;
    fixture.close();
    try (ServerFixture again = new ServerFixture(TestMethods.config().withPort(port))) {
      assertThat(again.port).isEqualTo(port);
      assertThat(again.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_listening\"}").body())
          .contains("true");
    }
    fixture = new ServerFixture();
  }
}
