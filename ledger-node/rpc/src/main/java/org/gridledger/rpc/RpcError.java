package org.gridledger.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import org.gridledger.evm.types.Hex;
import org.gridledger.rpc.json.RevertReason;

/**
 * A JSON-RPC error object: the closed set of errors this node returns, each with the code and
 * message go-ethereum uses for it (JSON-RPC 2.0 section 5.1 for the reserved codes, EIP-1474 for
 * {@code -32005}, geth's {@code rpc/errors.go} and {@code internal/ethapi/errors.go} for the rest).
 * Errors are values: a method returns one through {@link RpcResult#failure}, or a parameter helper
 * throws it inside an {@link RpcException}.
 */
public sealed interface RpcError {
  int PARSE_ERROR = -32700;
  int INVALID_REQUEST = -32600;
  int METHOD_NOT_FOUND = -32601;
  int INVALID_PARAMS = -32602;
  int INTERNAL_ERROR = -32603;
  int SERVER_ERROR = -32000;
  int TIMEOUT = -32002;
  int RESPONSE_TOO_LARGE = -32003;
  int LIMIT_EXCEEDED = -32005;
  int EXECUTION_REVERTED = 3;

  int code();

  String message();

  /** The {@code data} member, if the error carries one. */
  default Optional<JsonNode> data() {
    return Optional.empty();
  }

  /** Invalid JSON ({@code -32700}); geth's message is always "parse error". */
  record ParseError(String message) implements RpcError {
    public int code() {
      return PARSE_ERROR;
    }
  }

  /** Not a valid request object ({@code -32600}): "invalid request", "empty batch", ... */
  record InvalidRequest(String message) implements RpcError {
    public int code() {
      return INVALID_REQUEST;
    }
  }

  /** {@code -32601} with geth's wording. */
  record MethodNotFound(String method) implements RpcError {
    public int code() {
      return METHOD_NOT_FOUND;
    }

    public String message() {
      return "the method " + method + " does not exist/is not available";
    }
  }

  /** {@code -32602}: the message names the argument ("invalid argument 0 (address): ..."). */
  record InvalidParams(String message) implements RpcError {
    public int code() {
      return INVALID_PARAMS;
    }
  }

  /** {@code -32603}; a crashed handler gives geth's "method handler crashed". */
  record InternalError(String message) implements RpcError {
    public int code() {
      return INTERNAL_ERROR;
    }
  }

  /**
   * Code 3, "execution reverted" (with ": reason" when the revert data is a Solidity {@code Error}
   * or {@code Panic}), and the revert data as hex in {@code data}; build it with {@link
   * RpcError#executionReverted(byte[])}.
   */
  record ExecutionReverted(String message, String revertDataHex) implements RpcError {
    public int code() {
      return EXECUTION_REVERTED;
    }

    public Optional<JsonNode> data() {
      return Optional.of(TextNode.valueOf(revertDataHex));
    }
  }

  /** {@code -32000}, geth's code for every plain error: "nonce too low", "unknown block", ... */
  record ServerError(String message) implements RpcError {
    public int code() {
      return SERVER_ERROR;
    }
  }

  /** {@code eth_subscribe} on a transport without notifications (HTTP): {@code -32601}. */
  record NotificationsUnsupported() implements RpcError {
    public int code() {
      return METHOD_NOT_FOUND;
    }

    public String message() {
      return "notifications not supported";
    }
  }

  /** An unknown subscription name: {@code -32601}, "no \"x\" subscription in eth namespace". */
  record SubscriptionNotFound(String namespace, String name) implements RpcError {
    public int code() {
      return METHOD_NOT_FOUND;
    }

    public String message() {
      return "no " + goQuote(name) + " subscription in " + namespace + " namespace";
    }
  }

  /** The request ran past the configured timeout: {@code -32002}, "request timed out". */
  record RequestTimeout() implements RpcError {
    public int code() {
      return TIMEOUT;
    }

    public String message() {
      return "request timed out";
    }
  }

  /** A batch's responses passed the configured size: {@code -32003}, "response too large". */
  record ResponseTooLarge() implements RpcError {
    public int code() {
      return RESPONSE_TOO_LARGE;
    }

    public String message() {
      return "response too large";
    }
  }

  /** A configured limit other than batch length was passed (EIP-1474 {@code -32005}). */
  record LimitExceeded(String message) implements RpcError {
    public int code() {
      return LIMIT_EXCEEDED;
    }
  }

  /** Any other code, for the methods that need one (e.g. engine API codes). */
  record Custom(int code, String message, Optional<JsonNode> data) implements RpcError {}

  /** The error of a reverted {@code eth_call}/{@code eth_estimateGas}, as geth builds it. */
  static RpcError executionReverted(byte[] revertData) {
    String message =
        RevertReason.decode(revertData)
            .map(reason -> "execution reverted: " + reason)
            .orElse("execution reverted");
    return new ExecutionReverted(message, Hex.encode(revertData));
  }

  /** Go's {@code %q}: a double-quoted string with backslash escapes. */
  private static String goQuote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if (cp < 0x20 || cp == 0x7f) {
                    out.append(String.format("\\x%02x", cp));
                  } else {
                    out.appendCodePoint(cp);
                  }
                }
              }
            });
    return out.append('"').toString();
  }
}
