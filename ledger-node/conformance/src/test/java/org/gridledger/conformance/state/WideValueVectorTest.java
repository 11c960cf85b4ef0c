package org.gridledger.conformance.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.gridledger.conformance.Outcome;
import org.gridledger.conformance.SingleVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state vector whose transaction value is written in retesteth's {@code "0x:bigint 0x…"} form
 * (2^256 + 1): the transaction must be rejected and the pre-state root kept. The accounts, the
 * environment and the expected root are those of ethereum/tests
 * GeneralStateTests/stTransactionTest/ValueOverflowParis.json (commit 4c87ebbf, MIT), trimmed to
 * its Cancun entry; that file is not among the vendored fixtures.
 */
class WideValueVectorTest {

  private static String vector(String postEntryExtra) {
    return """
        {"ValueOverflowParis": {
          "env": {"currentBaseFee": "0x0a",
                  "currentCoinbase": "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
                  "currentDifficulty": "0x020000", "currentExcessBlobGas": "0x00",
                  "currentGasLimit": "0x05500000", "currentNumber": "0x01",
                  "currentRandom": "0x0000000000000000000000000000000000000000000000000000000000020000",
                  "currentTimestamp": "0x03e8"},
          "pre": {
            "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b":
              {"balance": "0x3b9aca00", "code": "0x", "nonce": "0x00", "storage": {}},
            "0xd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0":
              {"balance": "0x0a", "code": "0x", "nonce": "0x00", "storage": {}}},
          "transaction": {
            "data": ["0x"], "gasLimit": ["0x5208"], "gasPrice": "0x64", "nonce": "0x00",
            "secretKey": "0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8",
            "sender": "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b",
            "to": "0xd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0",
            "value": ["0x:bigint 0x10000000000000000000000000000000000000000000000000000000000000001"]},
          "post": {"Cancun": [{
            %s
            "hash": "0xecd1cea72bd1224b1d7a28a577170c00dd480b26b5b0f353e3d4ad2bb542cc09",
            "indexes": {"data": 0, "gas": 0, "value": 0},
            "logs": "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"}]}}}
        """
        .formatted(postEntryExtra);
  }

  private static Outcome runOnlyCase(Path dir, String json) throws Exception {
    return SingleVector.run(
        new StateSuite(), dir, "stTransactionTest/ValueOverflowParis.json", json);
  }

  @Test
  void aValueWiderThan256BitsIsRejectedAndKeepsThePreState(@TempDir Path dir) throws Exception {
    Outcome o =
        runOnlyCase(
            dir, vector("\"expectException\": \"TransactionException.RLP_INVALID_VALUE\","));

    assertThat(o).isEqualTo(Outcome.PASSED);
  }

  @Test
  void theSameVectorWithoutTheExpectedExceptionFails(@TempDir Path dir) throws Exception {
    Outcome o = runOnlyCase(dir, vector(""));

    assertThat(o).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) o).reason()).contains("exceeds 256 bits");
  }
}
