package org.gridledger.bench.load;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A small JSON-RPC 2.0 client over HTTP: single calls and batches of one method. */
public final class JsonRpc {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http;
  private final AtomicLong nextId = new AtomicLong(1);

  public JsonRpc(URI endpoint) {
    this.endpoint = endpoint;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A client speaking only {@code version} (e.g. HTTP/1.1, one request per connection). */
  public JsonRpc(URI endpoint, HttpClient.Version version) {
    this.endpoint = endpoint;
    this.http =
        HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Sends one request and returns its {@code result}; an error response throws. */
  public JsonNode call(String method, Object... params) throws IOException, InterruptedException {
    HttpResponse<String> resp =
        http.send(post(JSON.writeValueAsString(request(method, params))), BodyHandlersHolder.TEXT);
    JsonNode body = JSON.readTree(resp.body());
    if (body.has("error")) {
      throw new IOException(method + " failed: " + body.get("error"));
    }
    return body.get("result");
  }

  /**
   * Sends {@code method(param)} for each parameter as one batch, asynchronously; the future holds
   * the answers (each with {@code result} or {@code error}).
   */
  public CompletableFuture<JsonNode> batchAsync(String method, List<String> singleParams) {
    ArrayNode batch = JSON.createArrayNode();
    for (String p : singleParams) {
      batch.add(request(method, p));
    }
    String body;
    try {
      body = JSON.writeValueAsString(batch);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(post(body), BodyHandlersHolder.TEXT)
        .thenApply(
            r -> {
              try {
                return JSON.readTree(r.body());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  ObjectNode request(String method, Object... params) {
    ObjectNode req = JSON.createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", nextId.getAndIncrement());
    req.put("method", method);
    ArrayNode arr = req.putArray("params");
    for (Object p : params) {
      arr.add(JSON.valueToTree(p));
    }
    return req;
  }

  private HttpRequest post(String body) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofMinutes(1))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Shared body handler (stateless). */
  private static final class BodyHandlersHolder {
    static final HttpResponse.BodyHandler<String> TEXT = HttpResponse.BodyHandlers.ofString();
  }
}
