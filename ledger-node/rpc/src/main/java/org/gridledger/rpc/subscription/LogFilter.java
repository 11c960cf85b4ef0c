package org.gridledger.rpc.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.json.HexStrings;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.ParamParsers;

/**
 * The address and topic criteria of a {@code logs} subscription (geth's {@code FilterCriteria}). An
 * empty address list matches every address; an empty list at a topic position matches any topic
 * there; a log with fewer topics than there are positions does not match.
 *
 * @param addresses the addresses of which logs match (any when empty)
 * @param topics per position, the topics of which one must be at that position (any when empty)
 */
public record LogFilter(List<Address> addresses, List<List<Hash>> topics) {
  /** Matches every log. */
  public static final LogFilter ANY = new LogFilter(List.of(), List.of());

  /** At most four topic positions: a log has at most four topics (LOG0..LOG4). */
  public static final int MAX_TOPICS = 4;

  /** At most this many alternatives at one topic position (geth's {@code maxSubTopics}). */
  public static final int MAX_SUB_TOPICS = 1000;

  public LogFilter {
    addresses = List.copyOf(addresses);
    List<List<Hash>> copy = new ArrayList<>(topics.size());
    for (List<Hash> position : topics) {
      copy.add(List.copyOf(position));
    }
    topics = List.copyOf(copy);
  }

  /** Whether a log emitted by {@code address} with {@code logTopics} passes this filter. */
  public boolean matches(Address address, List<Hash> logTopics) {
    if (!addresses.isEmpty() && !addresses.contains(address)) {
      return false;
    }
    if (topics.size() > logTopics.size()) {
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      List<Hash> wanted = topics.get(i);
      if (!wanted.isEmpty() && !wanted.contains(logTopics.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads a filter object ({@code {"address": ..., "topics": [...]}}) with geth's rules and
   * messages: {@code address} is one address or an array of them; each topic position is {@code
   * null}, a hash, or an array of hashes in which a {@code null} makes the position a wildcard.
   * Block range members are not used by subscriptions and are ignored.
   */
  public static LogFilter parse(JsonNode node) throws InvalidParamException {
    if (!node.isObject()) {
      throw new InvalidParamException(
          "expected a filter object, got " + ParamParsers.describe(node));
    }
    List<Address> addresses = new ArrayList<>();
    JsonNode address = node.get("address");
    if (address != null && !address.isNull()) {
      if (address.isArray()) {
        for (int i = 0; i < address.size(); i++) {
          JsonNode a = address.get(i);
          if (!a.isTextual()) {
            throw new InvalidParamException("non-string address at index " + i);
          }
          try {
            addresses.add(Address.wrap(decode(a.textValue(), Address.SIZE, "address")));
          } catch (InvalidParamException e) {
            throw new InvalidParamException(
                "invalid address at index " + i + ": " + e.getMessage());
          }
        }
      } else if (address.isTextual()) {
        try {
          addresses.add(Address.wrap(decode(address.textValue(), Address.SIZE, "address")));
        } catch (InvalidParamException e) {
          throw new InvalidParamException("invalid address: " + e.getMessage());
        }
      } else {
        throw new InvalidParamException("invalid addresses in query");
      }
    }
    List<List<Hash>> topics = new ArrayList<>();
    JsonNode rawTopics = node.get("topics");
    if (rawTopics != null && !rawTopics.isNull()) {
      if (!rawTopics.isArray()) {
        throw new InvalidParamException("invalid topic(s)");
      }
      if (rawTopics.size() > MAX_TOPICS) {
        throw new InvalidParamException("exceed max topics");
      }
      for (JsonNode position : rawTopics) {
        topics.add(parsePosition(position));
      }
    }
    return new LogFilter(addresses, topics);
  }

  private static List<Hash> parsePosition(JsonNode position) throws InvalidParamException {
    if (position.isNull()) {
      return List.of();
    }
    if (position.isTextual()) {
      return List.of(Hash.wrap(decode(position.textValue(), Hash.SIZE, "topic")));
    }
    if (!position.isArray()) {
      throw new InvalidParamException("invalid topic(s)");
    }
    if (position.size() > MAX_SUB_TOPICS) {
      throw new InvalidParamException("exceed max topics");
    }
    List<Hash> alternatives = new ArrayList<>();
    for (JsonNode alternative : position) {
      if (alternative.isNull()) {
        // A null alternative matches anything, which makes the whole position a wildcard.
        return List.of();
      }
      if (!alternative.isTextual()) {
        throw new InvalidParamException("invalid topic(s)");
      }
      alternatives.add(Hash.wrap(decode(alternative.textValue(), Hash.SIZE, "topic")));
    }
    return alternatives;
  }

  /** geth's {@code decodeAddress}/{@code decodeTopic}: any valid hex, then a length check. */
  private static byte[] decode(String hex, int size, String what) throws InvalidParamException {
    byte[] bytes = HexStrings.decodeDataStrict(hex);
    if (bytes.length != size) {
      throw new InvalidParamException(
          "hex has invalid length "
              + bytes.length
              + " after decoding; expected "
              + size
              + " for "
              + what);
    }
    return bytes;
  }
}
