package org.gridledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGridTest {
  static final long TIMESTAMP = 1_800_000_000L;

  static GenesisConfig config() throws IOException {
    String yaml =
        Files.readString(Path.of("devnet.yaml")).replace("timestamp: 0", "timestamp: " + TIMESTAMP);
    return GenesisConfigReader.parse(yaml, "devnet.yaml with a timestamp");
  }

  static byte[] build(SyntheticGrid.Size size, Path scratch, List<String> progress)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new GenesisBuilder(config()).writeSynthetic(size, scratch, out, progress::add);
    return out.toByteArray();
  }

  @Test
  void aSmallSyntheticGridIsInTheGenesisAndUsableByItsKeys(@TempDir Path scratch)
      throws IOException {
    List<String> progress = new ArrayList<>();
    byte[] json = build(new SyntheticGrid.Size(2, 5, 7), scratch, progress);
    assertThat(progress).anyMatch(l -> l.contains("synthetic grid: 2 farms, 5 nodes, 7 contracts"));
    try (var files = Files.list(scratch)) {
      assertThat(files).as("scratch state deleted").isEmpty();
    }

    try (GridChain grid = new GridChain(json)) {
      assertThat(grid.call1(GridContract.FARM_REGISTRY, "farmCount")).isEqualTo(BigInteger.TWO);
      assertThat(grid.call1(GridContract.NODE_REGISTRY, "nodeCount"))
          .isEqualTo(BigInteger.valueOf(5));
      assertThat(grid.call1(GridContract.TWIN_REGISTRY, "twinCount"))
          .isEqualTo(BigInteger.valueOf(2 + 5 + 7));
      assertThat(grid.call1(GridContract.RESERVATIONS, "contractCount"))
          .isEqualTo(BigInteger.valueOf(7));
      assertThat(grid.call1(GridContract.FARM_REGISTRY, "farmIdByName", "synthetic-farm-1"))
          .isEqualTo(BigInteger.TWO);

      // The documented key derivation: keccak256("gridledger synthetic <role> <i>").
      PrivateKey node3 =
          PrivateKey.fromBytes(
              Keccak.hash(
                  "gridledger synthetic node 3".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(SyntheticGrid.key("node", 3).address()).isEqualTo(node3.address());
      assertThat(grid.call1(GridContract.NODE_REGISTRY, "nodeIdOf", node3.address()))
          .isEqualTo(BigInteger.valueOf(4));
      assertThat(grid.call1(GridContract.NODE_REGISTRY, "farmOf", 4)).isEqualTo(BigInteger.TWO);
      List<?> contract7 = (List<?>) grid.call1(GridContract.RESERVATIONS, "getContract", 7);
      assertThat(contract7.get(5)).as("node of contract 7").isEqualTo(BigInteger.TWO);
      assertThat(contract7.get(9)).isEqualTo(SyntheticGrid.key("user", 6).address());

      // Node 4 acts with its key after genesis: an uptime report a report interval later.
      List<Receipt> receipts =
          grid.block(
              TIMESTAMP + 60,
              List.of(
                  grid.tx(
                      node3, 3, GridContract.NODE_REGISTRY, UInt256.ZERO, "reportUptime", 120)));
      assertThat(receipts.get(0).success()).isTrue();
    }
  }

  @Test
  void syntheticBuildsAreDeterministic(@TempDir Path scratch) throws IOException {
    SyntheticGrid.Size size = new SyntheticGrid.Size(1, 3, 4);
    assertThat(build(size, scratch, new ArrayList<>()))
        .isEqualTo(build(size, scratch, new ArrayList<>()));
  }

  @Test
  void impossibleSizesAreRejected() throws IOException {
    assertThatThrownBy(() -> new SyntheticGrid.Size(0, 1, 0))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> new SyntheticGrid.Size(1, 1, 65)).hasMessageContaining("at most 64");
    GenesisConfig atZero =
        GenesisConfigReader.parse(Files.readString(Path.of("devnet.yaml")), "devnet.yaml");
    assertThatThrownBy(
            () ->
                new GenesisBuilder(atZero)
                    .writeSynthetic(
                        new SyntheticGrid.Size(1, 1, 0),
                        Path.of("target"),
                        new ByteArrayOutputStream(),
                        l -> {}))
        .hasMessageContaining("chain.timestamp must be at least");
  }
}
