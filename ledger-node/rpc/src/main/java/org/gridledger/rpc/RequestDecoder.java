package org.gridledger.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a request body (HTTP body or WebSocket message) into messages, with geth's leniency: the
 * first JSON value is the request (anything after it is ignored, as geth's stream decoder ignores
 * it); an array is a batch; members of the wrong type are treated as absent; ids are kept as their
 * exact source text. Never throws: malformed JSON becomes {@link Decoded.Malformed}.
 */
final class RequestDecoder {
  private final JsonFactory factory;
  private final ObjectMapper mapper;

  RequestDecoder(ObjectMapper mapper) {
    this.mapper = mapper;
    this.factory = mapper.getFactory();
  }

  sealed interface Decoded permits Decoded.Malformed, Decoded.Single, Decoded.Batch {
    /** Not JSON at all (or empty): answered with one parse error. */
    record Malformed() implements Decoded {}

    record Single(RpcRequest request) implements Decoded {}

    /**
     * A batch. When it has more than {@code maxBatch} elements, decoding stops after {@code
     * maxBatch + 1} and {@code tooLong} is set.
     */
    record Batch(List<RpcRequest> requests, boolean tooLong) implements Decoded {}
  }

  Decoded decode(byte[] body, int maxBatch) {
    try (JsonParser parser = factory.createParser(body)) {
      if (!(parser instanceof UTF8StreamJsonParser)) {
        // Jackson detected UTF-16/32; JSON-RPC (and geth) read UTF-8 only.
        return new Decoded.Malformed();
      }
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Decoded.Malformed();
      }
      if (first == JsonToken.START_ARRAY) {
        List<RpcRequest> requests = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (token == null) {
            return new Decoded.Malformed();
          }
          if (requests.size() == maxBatch) {
            // One more than allowed: enough to answer "batch too large"; the rest is not read,
            // except that it must still be JSON for the request to be a batch at all.
            requests.add(element(parser, body));
            parser.skipChildren();
            skipRest(parser);
            return new Decoded.Batch(requests, true);
          }
          requests.add(element(parser, body));
        }
        return new Decoded.Batch(requests, false);
      }
      return new Decoded.Single(element(parser, body));
    } catch (IOException | RuntimeException e) {
      // Jackson reports malformed input and exceeded read constraints (nesting depth, number and
      // string length) as exceptions; either way the body is not a request we can read.
      return new Decoded.Malformed();
    }
  }

  /** Reads the rest of the batch array only to check that it is well-formed JSON. */
  private static void skipRest(JsonParser parser) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new IOException("unterminated batch");
      }
      parser.skipChildren();
    }
  }

  /** Reads one message; the parser is on its first token and ends on its last. */
  private RpcRequest element(JsonParser parser, byte[] body) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return RpcRequest.NOT_AN_OBJECT;
    }
    String version = null;
    String idJson = null;
    String method = null;
    JsonNode params = null;
    boolean hasResultOrError = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "jsonrpc" -> {
          version = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          parser.skipChildren();
        }
        case "id" -> idJson = rawScalar(parser, value, body);
        case "method" -> {
          method = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          parser.skipChildren();
        }
        case "params" -> params = mapper.readTree(parser);
        case "result", "error" -> {
          hasResultOrError = true;
          parser.skipChildren();
        }
        default -> parser.skipChildren();
      }
    }
    return new RpcRequest(version, idJson, method, params, hasResultOrError);
  }

  /**
   * The exact source text of the value at the parser: numbers and strings are echoed byte for byte
   * (geth keeps ids as raw JSON), so {@code 1.50}, {@code 1e3} and {@code "\u0041"} come back as
   * sent. Objects and arrays are invalid ids; only their first character matters.
   */
  private static String rawScalar(JsonParser parser, JsonToken value, byte[] body)
      throws IOException {
    return switch (value) {
      case START_OBJECT -> {
        parser.skipChildren();
        yield "{";
      }
      case START_ARRAY -> {
        parser.skipChildren();
        yield "[";
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
      case VALUE_STRING -> {
        long start = parser.currentTokenLocation().getByteOffset();
        parser.getText(); // finishes the token, so the location moves past the closing quote
        long end = parser.currentLocation().getByteOffset();
        yield new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8);
      }
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> throw new IOException("unexpected token " + value);
    };
  }
}
