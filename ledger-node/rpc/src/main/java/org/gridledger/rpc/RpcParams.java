package org.gridledger.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.ParamParser;

/**
 * The positional parameters of one call. Absent {@code params} and {@code "params": null} read as
 * no parameters (as geth allows); anything but an array is rejected before the method runs.
 *
 * <p>Errors follow geth's texts ({@code rpc/json.go}) with the parameter's name added: "missing
 * value for required argument 1 (block)", "invalid argument 0 (address): hex string without 0x
 * prefix". A JSON {@code null} counts as missing.
 */
public final class RpcParams {
  private final ArrayNode values;

  private RpcParams(ArrayNode values) {
    this.values = values;
  }

  /** No parameters. */
  public static RpcParams empty() {
    return new RpcParams(JsonNodeFactory.instance.arrayNode());
  }

  /**
   * The parameters of a request whose {@code params} member is {@code node} ({@code null} when
   * absent).
   *
   * @throws RpcException "non-array args" when {@code node} is neither absent, null nor an array
   */
  public static RpcParams of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return empty();
    }
    if (!node.isArray()) {
      throw new RpcException(new RpcError.InvalidParams("non-array args"));
    }
    return new RpcParams((ArrayNode) node);
  }

  /** How many parameters were sent (including trailing nulls). */
  public int size() {
    return values.size();
  }

  /** The raw JSON of parameter {@code index}, if sent and not null. */
  public Optional<JsonNode> raw(int index) {
    JsonNode node = values.get(index);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.deepCopy());
  }

  /** Parameter {@code index}, which must be present and parse with {@code parser}. */
  public <T> T required(int index, String name, ParamParser<T> parser) {
    return optional(index, name, parser)
        .orElseThrow(
            () ->
                new RpcException(
                    new RpcError.InvalidParams(
                        "missing value for required argument " + index + " (" + name + ")")));
  }

  /** Parameter {@code index} if present (absent and null give empty); it must parse if present. */
  public <T> Optional<T> optional(int index, String name, ParamParser<T> parser) {
    JsonNode node = values.get(index);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(node));
    } catch (InvalidParamException e) {
      throw new RpcException(
          new RpcError.InvalidParams(
              "invalid argument " + index + " (" + name + "): " + e.getMessage()));
    }
  }

  /** Parameter {@code index}, or {@code defaultValue} when absent or null. */
  public <T> T optional(int index, String name, ParamParser<T> parser, T defaultValue) {
    return optional(index, name, parser).orElse(defaultValue);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
