package org.gridledger.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The committed artifact of {@code contracts/solidity/test/ClientProbe.sol} (compiled by the pinned
 * solc-js of the contracts module; {@code ArtifactsReproducibleTest} there checks it is
 * reproducible).
 *
 * @param path the artifact file, passed to the node scripts
 * @param bytecode the creation code, 0x-prefixed
 * @param deployedBytecode the runtime code, 0x-prefixed
 */
record ProbeContract(Path path, String bytecode, String deployedBytecode) {
  /** The runtime code in lower-case hex without 0x. */
  String deployedBytecodeHex() {
    return deployedBytecode.substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  static ProbeContract load() throws IOException {
    String file = System.getProperty("gridledger.it.probe.artifact");
    if (file == null) {
      throw new IllegalStateException(
          "system property gridledger.it.probe.artifact is not set (run through Maven)");
    }
    Path path = Path.of(file).toAbsolutePath().normalize();
    JsonNode artifact = JsonRpc.json().readTree(path.toFile());
    return new ProbeContract(
        path, artifact.get("bytecode").asText(), artifact.get("deployedBytecode").asText());
  }
}
