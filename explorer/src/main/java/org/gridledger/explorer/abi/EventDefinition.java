package org.gridledger.explorer.abi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.genesis.abi.AbiDecoder;
import org.gridledger.genesis.abi.AbiException;
import org.gridledger.genesis.abi.AbiType;

/**
 * One event of a contract's ABI. Its topic 0 is {@code keccak256(Name(type1,...))}; indexed
 * parameters follow as topics (value types are stored in place; the grid contracts index no dynamic
 * type), the others are ABI-encoded as a tuple in the data (Solidity ABI spec, "Events").
 */
public record EventDefinition(String contract, String name, List<EventParam> params) {
  public EventDefinition {
    params = List.copyOf(params);
  }

  /** {@code Name(type1,type2,...)}. */
  public String signature() {
    return name
        + params.stream().map(p -> p.type().canonical()).collect(Collectors.joining(",", "(", ")"));
  }

  /** Topic 0 as 0x-prefixed lower-case hex. */
  public String topic0() {
    return Hex.encode(Keccak.hash(signature().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * Decodes a log's topics (without topic 0) and data.
   *
   * @throws EventDecodeException if the topic count is wrong or the data does not decode
   */
  public Map<String, Object> decode(List<byte[]> topics, byte[] data) {
    List<EventParam> indexed = params.stream().filter(EventParam::indexed).toList();
    List<EventParam> plain = params.stream().filter(p -> !p.indexed()).toList();
    if (topics.size() != indexed.size()) {
      throw new EventDecodeException(
          contract + "." + name + ": " + topics.size() + " topics, expected " + indexed.size());
    }
    List<Object> values;
    try {
      values = AbiDecoder.decode(plain.stream().map(EventParam::type).toList(), data);
    } catch (AbiException e) {
      throw new EventDecodeException(contract + "." + name + " data: " + e.getMessage(), e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    int t = 0;
    int v = 0;
    for (EventParam p : params) {
      if (p.indexed()) {
        out.put(p.name(), topicValue(p, topics.get(t), t + 1));
        t++;
      } else {
        out.put(p.name(), named(p, values.get(v++)));
      }
    }
    return out;
  }

  private Object topicValue(EventParam p, byte[] topic, int position) {
    if (topic.length != 32) {
      throw new EventDecodeException(
          contract + "." + name + ": topic " + position + " has " + topic.length + " bytes");
    }
    if (p.type().isDynamic()
        || p.type() instanceof AbiType.Tuple
        || p.type() instanceof AbiType.Array) {
      return topic; // the hash of the value (not used by the grid contracts)
    }
    try {
      return AbiDecoder.decode(List.of(p.type()), topic).get(0);
    } catch (AbiException e) {
      throw new EventDecodeException(
          contract + "." + name + " topic " + position + ": " + e.getMessage(), e);
    }
  }

  /** Tuples become maps by component name, arrays lists; other values pass through. */
  private static Object named(EventParam p, Object value) {
    return switch (p.type()) {
      case AbiType.Tuple tuple -> {
        List<?> parts = (List<?>) value;
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
          EventParam c = p.components().get(i);
          m.put(c.name(), named(c, parts.get(i)));
        }
        yield m;
      }
      case AbiType.Array array -> {
        EventParam element = new EventParam(p.name(), array.element(), false, p.components());
        List<Object> items = new ArrayList<>();
        for (Object item : (List<?>) value) {
          items.add(named(element, item));
        }
        yield items;
      }
      default -> value instanceof Address a ? a : value;
    };
  }
}
