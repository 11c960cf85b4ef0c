package org.gridledger.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.gridledger.evm.types.Hex;
import org.gridledger.genesis.abi.ContractAbi;

/**
 * A grid contract's committed build artifact ({@code contracts/build/<Name>.json}, bundled in this
 * module's jar): its ABI and its runtime bytecode. The contracts have no constructor and no
 * immutables, so the runtime bytecode is placed at the contract's address as is.
 */
public record ContractArtifact(String name, ContractAbi abi, byte[] deployedBytecode) {
  static final String RESOURCE_DIR = "contracts/";

  public ContractArtifact {
    deployedBytecode = deployedBytecode.clone();
  }

  @Override
  public byte[] deployedBytecode() {
    return deployedBytecode.clone();
  }

  /** Loads the artifact of {@code contract} from the class path. */
  public static ContractArtifact load(GridContract contract) {
    String resource = RESOURCE_DIR + contract.contractName() + ".json";
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      String code = root.path("deployedBytecode").asText();
      if (code.isEmpty() || code.equals("0x")) {
        throw new IllegalStateException(resource + " has no deployedBytecode");
      }
      return new ContractArtifact(
          contract.contractName(),
          ContractAbi.fromJson(contract.contractName(), root.get("abi")),
          Hex.decode(code));
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }
}
