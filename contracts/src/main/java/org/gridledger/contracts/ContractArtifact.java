package org.gridledger.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;

/**
 * One compiled contract as committed under {@code contracts/build/<Name>.json}: its ABI (JSON
 * text), creation bytecode, runtime bytecode and storage layout (JSON text).
 *
 * <p>The grid contracts have no constructor and no immutables, so {@link #deployedBytecode()} is
 * exactly the code to place at a contract's address; configuration goes through {@code
 * initialize(...)} (docs/contracts.md).
 *
 * @param name the contract name, for example {@code Reservations}
 * @param abi the ABI as JSON text
 * @param bytecode the creation bytecode
 * @param deployedBytecode the runtime bytecode
 * @param storageLayout the compiler's storage layout as JSON text
 */
public record ContractArtifact(
    String name, String abi, byte[] bytecode, byte[] deployedBytecode, String storageLayout) {

  /** The contracts the genesis builder places, in dependency-free order. */
  public static final List<String> GRID_CONTRACTS =
      List.of(
          "TwinRegistry",
          "FarmRegistry",
          "NodeRegistry",
          "PricingPolicy",
          "Reservations",
          "Staking");

  private static final String RESOURCE_DIR = "/org/gridledger/contracts/artifacts/";

  /** Defensive copies: records expose their arrays otherwise. */
  public ContractArtifact {
    bytecode = bytecode.clone();
    deployedBytecode = deployedBytecode.clone();
  }

  @Override
  public byte[] bytecode() {
    return bytecode.clone();
  }

  @Override
  public byte[] deployedBytecode() {
    return deployedBytecode.clone();
  }

  /**
   * Loads an artifact shipped in this jar.
   *
   * @param name a contract name, for example {@code Reservations}
   * @return the artifact
   * @throws IllegalArgumentException if there is no artifact of that name
   * @throws UncheckedIOException if the resource cannot be read or is not an artifact
   */
  public static ContractArtifact load(String name) {
    try (InputStream in =
        ContractArtifact.class.getResourceAsStream(RESOURCE_DIR + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no contract artifact named " + name);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      return new ContractArtifact(
          root.path("contractName").asText(),
          root.path("abi").toString(),
          hex(root, "bytecode", name),
          hex(root, "deployedBytecode", name),
          root.path("storageLayout").toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the artifact of " + name, e);
    }
  }

  private static byte[] hex(JsonNode root, String field, String name) throws IOException {
    String text = root.path(field).asText("");
    if (!text.startsWith("0x") || text.length() < 4) {
      throw new IOException("artifact " + name + " has no " + field);
    }
    return HexFormat.of().parseHex(text.substring(2));
  }
}
