package org.gridledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JSON-RPC 2.0 over HTTP (no client library), for the crash test and raw checks. */
final class JsonRpc {
  /** A JSON-RPC error answer. */
  static final class RpcErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    RpcErrorException(String method, JsonNode error) {
      super(method + ": " + error);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI uri;
  private final Duration timeout;
  private long nextId = 1;

  JsonRpc(String url, Duration timeout) {
    this.uri = URI.create(url);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Calls {@code method} with {@code params} (strings, numbers, booleans or JsonNodes) and returns
   * its {@code result}.
   *
   * @throws RpcErrorException if the answer is an error
   * @throws IOException if the node cannot be reached
   */
  synchronized JsonNode call(String method, Object... params)
      throws IOException, InterruptedException {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", nextId++);
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(JSON.valueToTree(p));
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(response.body());
    if (answer.has("error")) {
      throw new RpcErrorException(method, answer.get("error"));
    }
    return answer.get("result");
  }

  /** Posts {@code body} as it is (a request written elsewhere) and returns the whole answer. */
  synchronized JsonNode post(String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  /** A hex quantity ({@code 0x...}) of a result. */
  static BigInteger quantity(JsonNode node) {
    String text = node.asText();
    if (!text.startsWith("0x")) {
      throw new IllegalArgumentException("not a hex quantity: " + text);
    }
    return new BigInteger(text.substring(2), 16);
  }

  static ObjectMapper json() {
    return JSON;
  }
}
