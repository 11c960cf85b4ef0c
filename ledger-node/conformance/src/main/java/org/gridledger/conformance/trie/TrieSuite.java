package org.gridledger.conformance.trie;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gridledger.conformance.ConformanceCase;
import org.gridledger.conformance.ConformanceSuite;
import org.gridledger.conformance.Fixtures;
import org.gridledger.conformance.Outcome;
import org.gridledger.core.trie.MerklePatriciaTrie;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;

/**
 * TrieTests: the pairs of {@code in} (a list of {@code [key, value]} applied in order, or an object
 * for the order-independent tests) are put into an empty trie, a {@code null} value deleting the
 * key, and the root must equal {@code root}. Strings starting with {@code 0x} are hex, others ASCII
 * (all hex when the test sets {@code hexEncoded}). Files named {@code *secureTrie*} hash every key
 * with Keccak-256 first.
 *
 * <p>{@code trietestnextprev.json} lists keys in {@code in} and checks {@code [key, prev, next]}:
 * the neighbours of {@code key} in key order, {@code ""} meaning there is none.
 */
public final class TrieSuite implements ConformanceSuite {

  @Override
  public String name() {
    return "trie";
  }

  @Override
  public String directory() {
    return "TrieTests";
  }

  @Override
  public List<ConformanceCase> load(Path suiteDir) throws IOException {
    return Fixtures.perTest(
        suiteDir,
        (name, test, into) -> {
          String file = name.substring(0, name.lastIndexOf('/'));
          boolean secure = file.toLowerCase(Locale.ROOT).contains("securetrie");
          if (test.has("tests")) {
            into.add(ConformanceCase.of(name, () -> checkNextPrev(test)));
          } else {
            into.add(ConformanceCase.of(name, () -> checkRoot(test, secure)));
          }
        });
  }

  static Outcome checkRoot(JsonNode test, boolean secure) {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    boolean hex = test.path("hexEncoded").asBoolean(false);
    for (Map.Entry<String, JsonNode> pair : pairs(test.get("in"))) {
      byte[] key = bytes(pair.getKey(), hex);
      if (secure) {
        key = Keccak.hash(key);
      }
      JsonNode value = pair.getValue();
      if (value == null || value.isNull()) {
        trie.remove(key);
      } else {
        trie.put(key, bytes(value.asText(), hex));
      }
    }
    Hash expected = Hash.fromHex(test.get("root").asText());
    Hash actual = trie.rootHash();
    return Outcome.check(actual.equals(expected), "root " + actual + ", expected " + expected);
  }

  static Outcome checkNextPrev(JsonNode test) {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    for (JsonNode key : test.get("in")) {
      byte[] k = bytes(key.asText());
      trie.put(k, k);
    }
    List<String> problems = new ArrayList<>();
    for (JsonNode t : test.get("tests")) {
      String key = t.get(0).asText();
      String prev = text(trie.prevKey(bytes(key)));
      String next = text(trie.nextKey(bytes(key)));
      if (!prev.equals(t.get(1).asText()) || !next.equals(t.get(2).asText())) {
        problems.add(
            "'" + key + "': prev '" + prev + "', next '" + next + "', expected " + t.toString());
      }
    }
    return Outcome.check(problems.isEmpty(), String.join("; ", problems));
  }

  /** The {@code in} pairs in file order; values may be JSON null. */
  private static List<Map.Entry<String, JsonNode>> pairs(JsonNode in) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    if (in.isArray()) {
      for (JsonNode pair : in) {
        out.add(Map.entry(pair.get(0).asText(), pair.get(1)));
      }
    } else {
      out.addAll(in.properties());
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return bytes(s, false);
  }

  /** Hex when {@code 0x}-prefixed or the test says {@code hexEncoded}, else ASCII. */
  private static byte[] bytes(String s, boolean hex) {
    return hex || s.startsWith("0x") ? Hex.decode(s) : s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Optional<byte[]> key) {
    return key.map(k -> new String(k, StandardCharsets.UTF_8)).orElse("");
  }
}
