package org.gridledger.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every JSON vector file under {@code vectors/precompiles/} (sources in the README there).
 * Success vectors ({@code Expected}) check the output, the gas and that the input is untouched;
 * failure vectors ({@code ExpectedError}) check that {@code run} returns {@code null}.
 */
class PrecompileVectorsTest {
  private static final String DIR = "/vectors/precompiles/";

  /** How a file is checked: against which precompile, and whether its gas figures apply. */
  private record VectorFile(Supplier<Precompile> precompile, boolean checkGas) {}

  private static final Map<String, VectorFile> FILES =
      Map.ofEntries(
          Map.entry("blake2F.json", new VectorFile(Blake2f::new, true)),
          Map.entry("fail-blake2f.json", new VectorFile(Blake2f::new, true)),
          Map.entry("bn256Add.json", new VectorFile(Bn254Add::new, true)),
          Map.entry("fail-bn256Add-gridledger.json", new VectorFile(Bn254Add::new, true)),
          Map.entry("bn256ScalarMul.json", new VectorFile(Bn254Mul::new, true)),
          Map.entry("fail-bn256ScalarMul-gridledger.json", new VectorFile(Bn254Mul::new, true)),
          Map.entry("bn256Pairing.json", new VectorFile(Bn254Pairing::new, true)),
          Map.entry("fail-bn256Pairing-gridledger.json", new VectorFile(Bn254Pairing::new, true)),
          Map.entry("modexp_eip2565.json", new VectorFile(ModExp::new, true)),
          // Byzantium-era vectors: the outputs hold, the gas figures are EIP-198's old pricing.
          Map.entry("modexp.json", new VectorFile(ModExp::new, false)),
          Map.entry("pointEvaluation.json", new VectorFile(PointEvaluation::new, true)),
          Map.entry("pointEvaluation-ckzg.json", new VectorFile(PointEvaluation::new, true)),
          Map.entry("fail-pointEvaluation-besu.json", new VectorFile(PointEvaluation::new, true)),
          Map.entry("ecRecover.json", new VectorFile(EcRecover::new, true)));

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicNode> vectors() {
    return FILES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> DynamicContainer.dynamicContainer(e.getKey(), cases(e.getKey(), e.getValue())));
  }

  @Test
  void everyVectorFileIsRun() throws IOException, URISyntaxException {
    URL dir = PrecompileVectorsTest.class.getResource(DIR);
    assertThat(dir).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      List<String> json =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toList());
      assertThat(FILES.keySet()).containsExactlyInAnyOrderElementsOf(json);
    }
  }

  private static Stream<DynamicTest> cases(String file, VectorFile kind) {
    JsonNode root;
    try (InputStream in = PrecompileVectorsTest.class.getResourceAsStream(DIR + file)) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode vector : root) {
      String name = vector.get("Name").asText();
      tests.add(DynamicTest.dynamicTest(name, () -> check(kind, vector)));
    }
    assertThat(tests).as(file).isNotEmpty();
    return tests.stream();
  }

  private static void check(VectorFile kind, JsonNode vector) {
    Precompile precompile = kind.precompile().get();
    byte[] input = Hex.decode(vector.get("Input").asText());
    byte[] copy = input.clone();
    long gas = precompile.gas(input);
    byte[] output = precompile.run(input);
    assertThat(input).as("input untouched").isEqualTo(copy);
    if (vector.has("ExpectedError")) {
      assertThat(output).as("failure: " + vector.get("ExpectedError").asText()).isNull();
    } else {
      assertThat(output).as("output").isNotNull();
      assertThat(Hex.encodeNoPrefix(output)).isEqualTo(vector.get("Expected").asText());
    }
    if (kind.checkGas() && vector.has("Gas")) {
      assertThat(gas).as("gas").isEqualTo(vector.get("Gas").asLong());
    }
  }
}
