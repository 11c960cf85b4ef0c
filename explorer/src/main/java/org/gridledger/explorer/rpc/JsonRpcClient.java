package org.gridledger.explorer.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    JsonNode body = post(method, request(method, params));
    if (body.hasNonNull("error")) {
      throw new RpcException(method + ": " + body.get("error"));
    }
    return body.path("result");
  }

  /** Reads a call's {@code result} from a parser positioned on its first token. */
  @FunctionalInterface
  public interface ResultReader<T> {
    T read(JsonParser result) throws IOException;
  }

  /**
   * Calls {@code method} like {@link #call} but hands the {@code result} to {@code reader} as it is
   * parsed, without building a tree: for large results (a range of logs is megabytes) whose reader
   * keeps a few fields of each entry.
   *
   * @throws RpcException as {@link #call} does, and when {@code reader} fails on the result
   */
  public <T> T callStreaming(String method, ResultReader<T> reader, Object... params) {
    byte[] body = postForBytes(method, request(method, params));
    try (JsonParser p = json.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new RpcException(method + ": response is not a JSON-RPC object");
      }
      T result = null;
      boolean seen = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("result")) {
          result = value == JsonToken.VALUE_NULL ? null : reader.read(p);
          seen = true;
        } else if (field.equals("error") && value != JsonToken.VALUE_NULL) {
          throw new RpcException(method + ": " + json.readTree(p));
        } else {
          p.skipChildren();
        }
      }
      if (!seen) {
        throw new RpcException(method + ": response has no result");
      }
      return result;
    } catch (IOException | RuntimeException e) {
      if (e instanceof RpcException r) {
        throw r;
      }
      throw new RpcException(method + ": unreadable result: " + e, e);
    }
  }

  private ObjectNode request(String method, Object... params) {
    ObjectNode request = json.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", nextId.getAndIncrement());
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(json.valueToTree(p));
    }
    return request;
  }

  /** One call of a batch: a method and its positional parameters. */
  public record Call(String method, List<Object> params) {
    public Call {
      params = List.copyOf(params);
    }

    public static Call of(String method, Object... params) {
      return new Call(method, List.of(params));
    }
  }

  /**
   * Sends {@code calls} as one JSON-RPC batch.
   *
   * @return each call's answer object ({@code result} or {@code error} member), in call order
   * @throws RpcException on a transport failure, a non-200 status, or an answer that is not a batch
   *     answer with one entry per call
   */
  public List<JsonNode> callBatch(List<Call> calls) {
    if (calls.isEmpty()) {
      return List.of();
    }
    ArrayNode batch = json.createArrayNode();
    long firstId = nextId.getAndAdd(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      ObjectNode request = batch.addObject();
      request.put("jsonrpc", "2.0");
      request.put("id", firstId + i);
      request.put("method", calls.get(i).method());
      ArrayNode array = request.putArray("params");
      for (Object p : calls.get(i).params()) {
        array.add(json.valueToTree(p));
      }
    }
    String what = "batch of " + calls.size() + " " + calls.get(0).method();
    JsonNode body = post(what, batch);
    if (!body.isArray()) {
      throw new RpcException(what + ": " + body);
    }
    JsonNode[] answers = new JsonNode[calls.size()];
    for (JsonNode answer : body) {
      long index = answer.path("id").asLong(-1) - firstId;
      if (index < 0 || index >= answers.length || answers[(int) index] != null) {
        throw new RpcException(what + ": unexpected answer " + answer);
      }
      answers[(int) index] = answer;
    }
    for (int i = 0; i < answers.length; i++) {
      if (answers[i] == null) {
        throw new RpcException(what + ": no answer to call " + i);
      }
    }
    return List.of(answers);
  }

  private JsonNode post(String what, JsonNode request) {
    byte[] body = postForBytes(what, request);
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new RpcException(what + ": response is not JSON", e);
    }
  }

  private byte[] postForBytes(String what, JsonNode request) {
    HttpResponse<byte[]> response;
    try {
      // bytes both ways: Jackson reads and writes UTF-8 itself (a block batch is megabytes; a
      // String in between is one more copy and decoding pass)
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RpcException(what + " to " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(what + " interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new RpcException(
          what
              + ": HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return response.body();
  }

  /** A quantity ({@code 0x…}) as a long. */
  public static long quantity(JsonNode hexQuantity) {
    return quantity(hexQuantity.asText());
  }

  /** A quantity ({@code 0x…}) as a long. */
  public static long quantity(String s) {
    if (!s.startsWith("0x") || s.length() < 3) {
      throw new RpcException("not a quantity: " + s);
    }
    return Long.parseUnsignedLong(s.substring(2), 16);
  }

  public static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }
}
