package org.gridledger.core.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

class HexPrefixTest {

  /** BasicTests/hexencodetest.json from ethereum/tests: nibble sequence + terminator → bytes. */
  @Test
  void encodesTheOfficialVectors() throws IOException {
    JsonNode vectors =
        new ObjectMapper().readTree(fixture("BasicTests/hexencodetest.json").toFile());
    int checked = 0;
    for (Map.Entry<String, JsonNode> v : vectors.properties()) {
      JsonNode seq = v.getValue().get("seq");
      byte[] nibbles = new byte[seq.size()];
      for (int i = 0; i < nibbles.length; i++) {
        nibbles[i] = (byte) seq.get(i).asInt();
      }
      boolean term = v.getValue().get("term").asBoolean();
      byte[] expected = Hex.decode(v.getValue().get("out").asText());

      assertThat(HexPrefix.encode(nibbles, term)).as(v.getKey()).isEqualTo(expected);
      HexPrefix.Path decoded = HexPrefix.decode(expected);
      assertThat(decoded.nibbles()).as(v.getKey()).isEqualTo(nibbles);
      assertThat(decoded.leaf()).as(v.getKey()).isEqualTo(term);
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  @Test
  void encodesASliceOfTheNibbles() {
    byte[] nibbles = {9, 1, 2, 3, 9};
    assertThat(HexPrefix.encode(nibbles, 1, 4, true)).isEqualTo(Hex.decode("0x3123"));
    assertThat(HexPrefix.encode(nibbles, 1, 1, false)).isEqualTo(Hex.decode("0x00"));
  }

  @Test
  void rejectsMalformedPaths() {
    assertThatThrownBy(() -> HexPrefix.decode(new byte[0]))
        .isInstanceOf(InvalidTrieNodeException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> HexPrefix.decode(Hex.decode("0x4012")))
        .isInstanceOf(InvalidTrieNodeException.class)
        .hasMessageContaining("flag nibble 4");
    assertThatThrownBy(() -> HexPrefix.decode(Hex.decode("0x2512")))
        .isInstanceOf(InvalidTrieNodeException.class)
        .hasMessageContaining("padding");
  }

  /** A file of the committed ethereum/tests vectors, found by walking up from the module. */
  static Path fixture(String relative) {
    String repo = System.getProperty("gridledger.repo.root");
    Path start = repo != null && !repo.isBlank() ? Path.of(repo) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("fixtures/ethereum-tests").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("fixture " + relative + " not found above " + start);
  }
}
