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
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Block and body RLP and the header commitments against every block of the official tests. */
class BlockTest {

  @Test
  void everyDecodableBlockReEncodesToItsBytesAndValidOnesMatchTheirRoots() throws IOException {
    ObjectMapper json = new ObjectMapper();
    int valid = 0;
    int rejected = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(FixturePaths.root().resolve("BlockchainTests"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      for (Map.Entry<String, JsonNode> test : json.readTree(file.toFile()).properties()) {
        for (JsonNode b : test.getValue().path("blocks")) {
          byte[] rlp = Hex.decode(b.get("rlp").asText());
          Block block;
          try {
            block = Block.decode(rlp);
          } catch (RlpException e) {
            assertThat(b.has("expectException")).as(file + " " + e.getMessage()).isTrue();
            rejected++;
            continue;
          }
          assertThat(Hex.encode(block.encode())).as(file.toString()).isEqualTo(Hex.encode(rlp));
          assertThat(BlockBody.decode(block.body().encode())).isEqualTo(block.body());
          if (b.has("expectException")) {
            continue;
          }
          BlockHeader h = block.header();
          BlockBody body = block.body();
          assertThat(BlockRoots.transactionsRoot(body.transactions()))
              .isEqualTo(h.transactionsRoot());
          assertThat(BlockRoots.withdrawalsRoot(body.withdrawals())).isEqualTo(h.withdrawalsRoot());
          assertThat(BlockRoots.ommersHash(body.ommers())).isEqualTo(h.ommersHash());
          assertThat(body.transactions()).hasSize(b.get("transactions").size());
          valid++;
        }
      }
    }
    assertThat(valid).isGreaterThan(2000);
    assertThat(rejected).isGreaterThan(10);
  }

  @Test
  void withdrawalAmountsAreUnsigned64BitGwei() {
    Withdrawal w = new Withdrawal(-1L, 0, Address.ofLow(1), -1L);
    Withdrawal decoded = Withdrawal.readFrom(new RlpReader(w.encode()));
    assertThat(decoded).isEqualTo(w);
    // (2^64 - 1) gwei in wei
    assertThat(w.amountWei().toBigInteger())
        .isEqualTo(new BigInteger("18446744073709551615").multiply(BigInteger.TEN.pow(9)));
    assertThat(new Withdrawal(0, 0, Address.ZERO, 1).amountWei())
        .isEqualTo(UInt256.of(1_000_000_000L));
  }

  @Test
  void truncatedBlocksAreRejectedWithAnOffset() {
    assertThatThrownBy(() -> Block.decode(Hex.decode("0xc0")))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> BlockBody.decode(Hex.decode("0xc1c0")))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("ommer list");
  }

  @Test
  void emptyRootsAreTheEmptyTrieAndList() {
    assertThat(BlockRoots.transactionsRoot(List.of()))
        .isEqualTo(
            Hash.fromHex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"));
    assertThat(BlockRoots.ommersHash(List.of()))
        .isEqualTo(
            Hash.fromHex("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"));
  }
}
