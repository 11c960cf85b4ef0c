package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The artifacts shipped in the jar are the committed ones and carry what a genesis needs. */
class ContractArtifactTest {
  private static final Path BUILD =
      Path.of(System.getProperty("gridledger.contracts.dir", "."), "build");

  @Test
  void everyGridContractLoadsWithTheCommittedBytecode() throws Exception {
    for (String name : ContractArtifact.GRID_CONTRACTS) {
      ContractArtifact artifact = ContractArtifact.load(name);
      assertThat(artifact.name()).isEqualTo(name);
      String bin = Files.readString(BUILD.resolve(name + ".bin"), StandardCharsets.US_ASCII).trim();
      assertThat(HexFormat.of().formatHex(artifact.bytecode())).isEqualTo(bin);
      // Creation code = constructor prologue + runtime code (no constructor arguments, no
      // immutables).
      assertThat(HexFormat.of().formatHex(artifact.bytecode()))
          .endsWith(HexFormat.of().formatHex(artifact.deployedBytecode()));
      assertThat(artifact.deployedBytecode().length).isBetween(1, 24_576); // EIP-170
      assertThat(artifact.abi()).contains("\"type\":\"function\"");
      assertThat(artifact.storageLayout()).contains("\"storage\"");
    }
    assertThat(ContractArtifact.load("Reservations").abi()).contains("createNodeContract");
  }

  @Test
  void unknownNamesAreRefused() {
    assertThatThrownBy(() -> ContractArtifact.load("Nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nope");
  }
}
