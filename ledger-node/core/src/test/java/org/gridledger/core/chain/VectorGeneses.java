package org.gridledger.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gridledger.core.FixturePaths;
import org.gridledger.evm.types.Hash;

/**
 * The genesis of every Cancun state test in the shipped BlockchainTests ({@code bcStateTests}),
 * rewritten as a geth genesis file: the vector's {@code pre} allocation is already in geth's alloc
 * format and its genesis header fields become the file's top-level fields. Each case carries the
 * header hash the vector expects, which both genesis readers must reproduce.
 */
final class VectorGeneses {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] HEADER_FIELDS = {
    "nonce",
    "timestamp",
    "extraData",
    "gasLimit",
    "difficulty",
    "mixHash",
    "coinbase",
    "baseFeePerGas",
    "blobGasUsed",
    "excessBlobGas",
    "parentBeaconBlockRoot"
  };

  /** One vector's genesis file and the hash its header must have. */
  record Case(String name, ObjectNode genesis, Hash expectedHash) {}

  private VectorGeneses() {}

  /**
   * @param allocFirst put {@code alloc} before the header fields (a streaming reader must then hold
   *     the allocation before it knows the header)
   */
  static List<Case> cancun(boolean allocFirst) throws IOException {
    Path dir = FixturePaths.root().resolve("BlockchainTests/ValidBlocks/bcStateTests");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<Case> cases = new ArrayList<>();
    for (Path file : files) {
      JsonNode root = MAPPER.readTree(file.toFile());
      Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> c = it.next();
        JsonNode t = c.getValue();
        if (!"Cancun".equals(t.path("network").asText())) {
          continue;
        }
        JsonNode h = t.get("genesisBlockHeader");
        ObjectNode g = MAPPER.createObjectNode();
        if (allocFirst) {
          g.set("alloc", t.get("pre"));
        }
        ObjectNode config = g.putObject("config");
        config.put("chainId", 1);
        config.put("cancunTime", 0);
        for (String f : HEADER_FIELDS) {
          g.set(f, h.get(f));
        }
        if (!allocFirst) {
          g.set("alloc", t.get("pre"));
        }
        cases.add(new Case(c.getKey(), g, Hash.fromHex(h.get("hash").asText())));
      }
    }
    return cases;
  }
}
