package org.gridledger.conformance.rlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gridledger.conformance.ConformanceCase;
import org.gridledger.conformance.ConformanceSuite;
import org.gridledger.conformance.Fixtures;
import org.gridledger.conformance.Outcome;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Hex;

/**
 * RLPTests: {@code in} is encoded and compared with {@code out}; {@code in: "INVALID"} means {@code
 * out} must be rejected, {@code in: "VALID"} that it must decode. Every decodable {@code out} must
 * also re-encode to itself (canonical form round-trips).
 */
public final class RlpSuite implements ConformanceSuite {

  @Override
  public String name() {
    return "rlp";
  }

  @Override
  public String directory() {
    return "RLPTests";
  }

  @Override
  public List<ConformanceCase> load(Path suiteDir) throws IOException {
    return Fixtures.perTest(
        suiteDir, (name, test, into) -> into.add(ConformanceCase.of(name, () -> check(test))));
  }

  static Outcome check(JsonNode test) {
    JsonNode in = test.get("in");
    byte[] out = Hex.decode(test.get("out").asText());
    if (in.isTextual() && in.asText().equals("INVALID")) {
      try {
        decodeFully(out);
        return Outcome.failed("decoded input that must be rejected");
      } catch (RlpException expected) {
        return Outcome.PASSED;
      }
    }
    byte[] reencoded;
    try {
      reencoded = decodeFully(out);
    } catch (RlpException e) {
      return Outcome.failed("rejected valid input: " + e.getMessage());
    }
    if (!Arrays.equals(reencoded, out)) {
      return Outcome.failed("decode→encode round trip gave " + Hex.encode(reencoded));
    }
    if (in.isTextual() && in.asText().equals("VALID")) {
      return Outcome.PASSED;
    }
    RlpWriter w = new RlpWriter();
    encode(in, w);
    byte[] encoded = w.toByteArray();
    return Outcome.check(
        Arrays.equals(encoded, out),
        "encoded as " + Hex.encode(encoded) + ", expected " + Hex.encode(out));
  }

  /** Decodes a whole item tree strictly and returns its re-encoding. */
  static byte[] decodeFully(byte[] data) {
    RlpReader r = RlpReader.single(data);
    RlpWriter w = new RlpWriter();
    copy(r, w);
    return w.toByteArray();
  }

  private static void copy(RlpReader r, RlpWriter w) {
    if (r.nextIsList()) {
      RlpReader inner = r.readList();
      int mark = w.startList();
      while (inner.hasNext()) {
        copy(inner, w);
      }
      w.endList(mark);
    } else {
      w.writeBytes(r.readBytes());
    }
  }

  private static void encode(JsonNode in, RlpWriter w) {
    if (in.isArray()) {
      int mark = w.startList();
      for (JsonNode item : in) {
        encode(item, w);
      }
      w.endList(mark);
    } else if (in.isIntegralNumber()) {
      w.writeBigInteger(in.bigIntegerValue());
    } else {
      String s = in.asText();
      if (s.startsWith("#")) {
        w.writeBigInteger(new BigInteger(s.substring(1)));
      } else {
        w.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
