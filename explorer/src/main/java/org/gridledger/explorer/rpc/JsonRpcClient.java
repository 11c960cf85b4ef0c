package org.gridledger.explorer.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A blocking JSON-RPC 2.0 client over HTTP (one request per call). */
public final class JsonRpcClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI endpoint;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong nextId = new AtomicLong(1);

  public JsonRpcClient(URI endpoint) {
    this.endpoint = endpoint;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /**
   * Calls {@code method} with positional {@code params} (strings, numbers, booleans, JsonNodes).
   *
   * @return the {@code result} member (JSON null for a null result)
   * @throws RpcException on a transport failure, a non-200 status or an {@code error} member
   */
  public JsonNode call(String method, Object... params) {
    ObjectNode request = json.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", nextId.getAndIncrement());
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(json.valueToTree(p));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RpcException(method + " to " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(method + " interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new RpcException(method + ": HTTP " + response.statusCode() + " " + response.body());
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new RpcException(method + ": response is not JSON", e);
    }
    if (body.hasNonNull("error")) {
      throw new RpcException(method + ": " + body.get("error"));
    }
    return body.path("result");
  }

  /** A quantity ({@code 0x…}) as a long. */
  public static long quantity(JsonNode hexQuantity) {
    String s = hexQuantity.asText();
    if (!s.startsWith("0x") || s.length() < 3) {
      throw new RpcException("not a quantity: " + s);
    }
    return Long.parseUnsignedLong(s.substring(2), 16);
  }

  public static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }
}
