package org.gridledger.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.gridledger.bench.evm.EvmPrograms;
import org.gridledger.evm.types.Hex;

/**
 * Gas and wall time of one program on anvil through {@code eth_call}. The gas is anvil's own: the
 * program is installed with {@code anvil_setCode}, run once as a transaction, and the receipt's gas
 * used minus the 21,000 intrinsic gas (calldata is empty) is the execution gas.
 */
public record PeerMeasurement(long gas, double medianMillis) {
  private static final String TARGET = "0x00000000000000000000000000000000000b0b00";

  public double mgasPerSecond() {
    return gas / (medianMillis * 1000.0);
  }

  public static PeerMeasurement measure(AnvilPeer anvil, EvmPrograms.Program p, int runs)
      throws IOException, InterruptedException {
    if (p.calldata().length != 0) {
      throw new IllegalArgumentException("programs with calldata are not supported yet");
    }
    anvil.call("anvil_setCode", TARGET, Hex.encode(p.code()));
    String from = anvil.call("eth_accounts").get(0).asText();
    Map<String, String> tx = Map.of("from", from, "to", TARGET, "gas", "0x4c4b400");
    String txHash = anvil.call("eth_sendTransaction", tx).asText();
    JsonNode receipt = anvil.call("eth_getTransactionReceipt", txHash);
    for (int i = 0; i < 100 && (receipt == null || receipt.isNull()); i++) {
      Thread.sleep(50);
      receipt = anvil.call("eth_getTransactionReceipt", txHash);
    }
    if (receipt == null || receipt.isNull()) {
      throw new IOException(p.name() + ": anvil did not mine transaction " + txHash);
    }
    if (!"0x1".equals(receipt.get("status").asText())) {
      throw new IOException(p.name() + " failed on anvil: " + receipt);
    }
    long gas = Long.decode(receipt.get("gasUsed").asText()) - 21_000;
    Map<String, String> call = Map.of("to", TARGET, "gas", "0x4c4b400");
    anvil.call("eth_call", call, "latest"); // warm-up
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      anvil.call("eth_call", call, "latest");
      times[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(times);
    return new PeerMeasurement(gas, times[runs / 2]);
  }
}
