package org.gridledger.explorer.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridledger.evm.types.Hex;
import org.gridledger.genesis.abi.AbiType;

/**
 * The events of the six grid contracts at their genesis addresses ({@code 0x…1001}–{@code 0x…1006},
 * docs/genesis.md), read from the artifacts the {@code gridledger-contracts} jar carries as {@code
 * org/gridledger/contracts/artifacts/<Name>.json}.
 */
public final class GridAbi {
  /** The contracts in address order: TwinRegistry at 0x…1001 up to Staking at 0x…1006. */
  public static final List<String> CONTRACTS =
      List.of(
          "TwinRegistry",
          "FarmRegistry",
          "NodeRegistry",
          "PricingPolicy",
          "Reservations",
          "Staking");

  private final Map<String, String> contractByAddress;
  private final Map<String, EventDefinition> eventByKey;

  private GridAbi(Map<String, String> contractByAddress, Map<String, EventDefinition> events) {
    this.contractByAddress = Map.copyOf(contractByAddress);
    this.eventByKey = Map.copyOf(events);
  }

  /** Loads the six artifacts from the class path. */
  public static GridAbi load() {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> byAddress = new HashMap<>();
    Map<String, EventDefinition> events = new HashMap<>();
    for (int i = 0; i < CONTRACTS.size(); i++) {
      String contract = CONTRACTS.get(i);
      byAddress.put(address(i), contract);
      String resource = "/org/gridledger/contracts/artifacts/" + contract + ".json";
      try (InputStream in = GridAbi.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing class path resource " + resource);
        }
        for (EventDefinition e : events(contract, json.readTree(in).get("abi"))) {
          events.put(contract + ":" + e.topic0(), e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(resource, e);
      }
    }
    return new GridAbi(byAddress, events);
  }

  /** The lower-case hex address of the contract at position {@code index} of {@link #CONTRACTS}. */
  public static String address(int index) {
    return String.format(Locale.ROOT, "0x%040x", 0x1001 + index);
  }

  /** The six addresses, for {@code eth_getLogs}. */
  public List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < CONTRACTS.size(); i++) {
      out.add(address(i));
    }
    return out;
  }

  /**
   * Decodes a log emitted by {@code address}.
   *
   * @return the event, or {@code null} if the address is not a grid contract or topic 0 is not one
   *     of its events (anonymous or foreign logs are not grid state)
   * @throws EventDecodeException if a known event does not decode
   */
  public DecodedEvent decode(
      String address,
      List<String> topics,
      String data,
      long blockNumber,
      int logIndex,
      String txHash) {
    String contract = contractByAddress.get(address.toLowerCase(Locale.ROOT));
    if (contract == null || topics.isEmpty()) {
      return null;
    }
    EventDefinition def = eventByKey.get(contract + ":" + topics.get(0).toLowerCase(Locale.ROOT));
    if (def == null) {
      return null;
    }
    String where = contract + "." + def.name() + " at block " + blockNumber + " log " + logIndex;
    List<byte[]> rest = new ArrayList<>();
    for (String t : topics.subList(1, topics.size())) {
      rest.add(hex(t, where + " topic"));
    }
    return new DecodedEvent(
        contract,
        def.name(),
        blockNumber,
        logIndex,
        txHash,
        def.decode(rest, hex(data, where + " data")));
  }

  /** The event definitions, for documentation and tests. */
  public List<EventDefinition> events() {
    return List.copyOf(eventByKey.values());
  }

  private static byte[] hex(String s, String what) {
    try {
      return Hex.decode(s);
    } catch (IllegalArgumentException e) {
      throw new EventDecodeException(what + ": " + e.getMessage(), e);
    }
  }

  static List<EventDefinition> events(String contract, JsonNode abi) {
    List<EventDefinition> out = new ArrayList<>();
    for (JsonNode entry : abi) {
      if (entry.path("type").asText().equals("event") && !entry.path("anonymous").asBoolean()) {
        out.add(new EventDefinition(contract, entry.path("name").asText(), params(entry)));
      }
    }
    return out;
  }

  private static List<EventParam> params(JsonNode entry) {
    List<EventParam> params = new ArrayList<>();
    for (JsonNode p : entry.path("inputs")) {
      params.add(param(p));
    }
    return params;
  }

  private static EventParam param(JsonNode p) {
    List<EventParam> components = new ArrayList<>();
    for (JsonNode c : p.path("components")) {
      components.add(param(c));
    }
    return new EventParam(
        p.path("name").asText(),
        type(p.path("type").asText(), components),
        p.path("indexed").asBoolean(),
        components);
  }

  /** {@code uint32}, {@code bytes4}, {@code tuple}, {@code tuple[4]}, {@code uint32[]}, ... */
  static AbiType type(String type, List<EventParam> components) {
    if (type.endsWith("]")) {
      int open = type.lastIndexOf('[');
      String size = type.substring(open + 1, type.length() - 1);
      AbiType element = type(type.substring(0, open), components);
      return new AbiType.Array(
          element, size.isEmpty() ? AbiType.Array.DYNAMIC_LENGTH : Integer.parseInt(size));
    }
    if (type.equals("tuple")) {
      return new AbiType.Tuple(components.stream().map(EventParam::type).toList());
    }
    if (type.equals("address")) {
      return new AbiType.AddressType();
    }
    if (type.equals("bool")) {
      return new AbiType.Bool();
    }
    if (type.equals("string")) {
      return new AbiType.Str();
    }
    if (type.equals("bytes")) {
      return new AbiType.Bytes();
    }
    if (type.startsWith("bytes")) {
      return new AbiType.FixedBytes(Integer.parseInt(type.substring(5)));
    }
    if (type.startsWith("uint")) {
      return new AbiType.UInt(type.length() == 4 ? 256 : Integer.parseInt(type.substring(4)));
    }
    if (type.startsWith("int")) {
      return new AbiType.Int(type.length() == 3 ? 256 : Integer.parseInt(type.substring(3)));
    }
    throw new EventDecodeException("unsupported ABI type " + type);
  }
}
