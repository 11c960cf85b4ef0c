package org.gridledger.conformance.transaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.conformance.ConformanceCase;
import org.gridledger.conformance.ConformanceSuite;
import org.gridledger.conformance.Fixtures;
import org.gridledger.conformance.Outcome;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionDecoder;
import org.gridledger.core.tx.TransactionDecodingException;
import org.gridledger.core.tx.TransactionValidator;
import org.gridledger.core.tx.ValidationResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;

/**
 * TransactionTests: decode {@code txbytes} and check it against the Cancun result (or, for the
 * vectors that have none, the newest fork present; the fixtures README lists them, all malformed
 * RLP). A result with {@code exception} means decoding, static validation or sender recovery must
 * reject the transaction; otherwise it must pass all three and match {@code hash}, {@code sender}
 * and {@code intrinsicGas}. The vectors are signed for chain id 1.
 */
public final class TransactionSuite implements ConformanceSuite {
  /** The chain id the vectors were signed for. */
  static final long CHAIN_ID = 1;

  /** Forks newest first; a vector is judged by the first one it has a result for. */
  private static final List<String> FORKS_NEWEST_FIRST =
      List.of("Cancun", "Shanghai", "Paris", "London", "Berlin", "Istanbul");

  private final TransactionValidator validator = new TransactionValidator(CHAIN_ID);

  @Override
  public String name() {
    return "transaction";
  }

  @Override
  public String directory() {
    return "TransactionTests";
  }

  @Override
  public List<ConformanceCase> load(Path suiteDir) throws IOException {
    return Fixtures.perTest(
        suiteDir, (name, test, into) -> into.add(ConformanceCase.of(name, () -> check(test))));
  }

  Outcome check(JsonNode test) {
    Optional<Map.Entry<String, JsonNode>> result = newestResult(test.get("result"));
    if (result.isEmpty()) {
      return Outcome.failed("no result for any fork in " + FORKS_NEWEST_FIRST);
    }
    JsonNode expected = result.get().getValue();
    byte[] txBytes = Hex.decode(test.get("txbytes").asText());
    return expected.has("exception")
        ? checkRejected(txBytes, expected)
        : checkAccepted(txBytes, expected);
  }

  private Outcome checkRejected(byte[] txBytes, JsonNode expected) {
    String exception = expected.get("exception").asText();
    Transaction tx;
    try {
      tx = TransactionDecoder.decode(txBytes);
    } catch (TransactionDecodingException e) {
      return Outcome.PASSED;
    }
    // Where the reference client got as far as computing intrinsic gas, it must agree with ours.
    long expectedGas = intrinsicGas(expected);
    if (expectedGas != 0 && tx.intrinsicGas() != expectedGas) {
      return Outcome.failed("intrinsic gas " + tx.intrinsicGas() + ", expected " + expectedGas);
    }
    if (validator.validate(tx) instanceof ValidationResult.Invalid) {
      return Outcome.PASSED;
    }
    if (tx.sender().isEmpty()) {
      return Outcome.PASSED;
    }
    return Outcome.failed("accepted a transaction the vector rejects with " + exception);
  }

  private Outcome checkAccepted(byte[] txBytes, JsonNode expected) {
    Transaction tx;
    try {
      tx = TransactionDecoder.decode(txBytes);
    } catch (TransactionDecodingException e) {
      return Outcome.failed("rejected a valid transaction: " + e.getMessage());
    }
    if (validator.validate(tx) instanceof ValidationResult.Invalid invalid) {
      return Outcome.failed("static validation rejected a valid transaction: " + invalid.reason());
    }
    Optional<Address> sender = tx.sender();
    if (sender.isEmpty()) {
      return Outcome.failed("could not recover the sender");
    }
    Hash expectedHash = Hash.fromHex(expected.get("hash").asText());
    if (!tx.hash().equals(expectedHash)) {
      return Outcome.failed("hash " + tx.hash() + ", expected " + expectedHash);
    }
    Address expectedSender = Address.fromHex(expected.get("sender").asText());
    if (!sender.get().equals(expectedSender)) {
      return Outcome.failed("sender " + sender.get() + ", expected " + expectedSender);
    }
    long expectedGas = intrinsicGas(expected);
    if (tx.intrinsicGas() != expectedGas) {
      return Outcome.failed("intrinsic gas " + tx.intrinsicGas() + ", expected " + expectedGas);
    }
    return Outcome.PASSED;
  }

  private static Optional<Map.Entry<String, JsonNode>> newestResult(JsonNode results) {
    if (results == null) {
      return Optional.empty();
    }
    for (String fork : FORKS_NEWEST_FIRST) {
      if (results.has(fork)) {
        return Optional.of(Map.entry(fork, results.get(fork)));
      }
    }
    return Optional.empty();
  }

  private static long intrinsicGas(JsonNode result) {
    String hex = result.get("intrinsicGas").asText();
    return Long.parseUnsignedLong(hex.startsWith("0x") ? hex.substring(2) : hex, 16);
  }
}
