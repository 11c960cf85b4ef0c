package org.gridledger.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gridledger.core.FixturePaths;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

/** Header decoding, encoding and hashing against every header of the official block tests. */
class BlockHeaderTest {

  @Test
  void everyGenesisAndValidBlockHeaderRoundTripsToItsHash() throws IOException {
    ObjectMapper json = new ObjectMapper();
    int checked = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(FixturePaths.root().resolve("BlockchainTests"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      for (Map.Entry<String, JsonNode> test : json.readTree(file.toFile()).properties()) {
        JsonNode t = test.getValue();
        if (!t.has("genesisRLP")) {
          continue;
        }
        checked += checkBlock(t.get("genesisRLP").asText(), t.get("genesisBlockHeader"), file);
        for (JsonNode block : t.get("blocks")) {
          if (block.has("blockHeader") && !block.has("expectException")) {
            checked += checkBlock(block.get("rlp").asText(), block.get("blockHeader"), file);
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  private static int checkBlock(String rlpHex, JsonNode expected, Path file) {
    byte[] rlp = Hex.decode(rlpHex);
    RlpReader block = RlpReader.single(rlp).readList();
    BlockHeader h = BlockHeader.readFrom(block);
    assertThat(h.hash()).as(file.toString()).isEqualTo(Hash.fromHex(expected.get("hash").asText()));
    assertThat(h.number())
        .isEqualTo(Long.parseUnsignedLong(expected.get("number").asText().substring(2), 16));
    assertThat(h.stateRoot()).isEqualTo(Hash.fromHex(expected.get("stateRoot").asText()));
    if (expected.has("baseFeePerGas")) {
      assertThat(h.baseFeePerGas())
          .isEqualTo(new BigInteger(expected.get("baseFeePerGas").asText().substring(2), 16));
    }
    assertThat(BlockHeader.decode(h.encode())).isEqualTo(h);
    return 1;
  }

  @Test
  void truncatedHeaderIsRejectedWithOffset() {
    byte[] enc = sampleHeader().encode();
    byte[] cut = java.util.Arrays.copyOf(enc, enc.length - 5);
    assertThatThrownBy(() -> BlockHeader.decode(cut)).isInstanceOf(RlpException.class);
  }

  @Test
  void baseFeeFollowsEip1559() {
    BlockHeader parent = sampleHeader();
    // Parent at target (gas used = limit / 2): unchanged.
    assertThat(FeeRules.nextBaseFee(parent)).isEqualTo(BigInteger.valueOf(1_000_000_000));
  }

  static BlockHeader sampleHeader() {
    return new BlockHeader(
        Hash.ZERO,
        org.gridledger.evm.types.Keccak.EMPTY_LIST,
        org.gridledger.evm.types.Address.ZERO,
        org.gridledger.evm.types.Keccak.EMPTY_TRIE,
        org.gridledger.evm.types.Keccak.EMPTY_TRIE,
        org.gridledger.evm.types.Keccak.EMPTY_TRIE,
        new byte[256],
        BigInteger.ZERO,
        1,
        30_000_000,
        15_000_000,
        1000,
        new byte[0],
        Hash.ZERO,
        new byte[8],
        BigInteger.valueOf(1_000_000_000),
        org.gridledger.evm.types.Keccak.EMPTY_TRIE,
        0L,
        0L,
        Hash.ZERO);
  }
}
