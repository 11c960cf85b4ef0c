package org.gridledger.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.core.tx.DynamicFeeTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionDecoder;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding a signed EIP-1559 transaction (an ERC-20 transfer with a one-entry access list): the
 * strict RLP walk alone, and the full decode into a {@link Transaction}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RlpBenchmark {
  private final byte[] encoded;

  public RlpBenchmark() {
    byte[] transferCall = new byte[68];
    transferCall[0] = (byte) 0xa9;
    transferCall[1] = 0x05;
    transferCall[2] = (byte) 0x9c;
    transferCall[3] = (byte) 0xbb;
    transferCall[35] = 0x42;
    transferCall[67] = 0x01;
    DynamicFeeTransaction unsigned =
        new DynamicFeeTransaction(
            UInt256.of(1),
            7,
            UInt256.of(1_000_000_000),
            UInt256.of(30_000_000_000L),
            60_000,
            Optional.of(Address.ofLow(0xe20)),
            UInt256.ZERO,
            transferCall,
            List.of(new AccessListEntry(Address.ofLow(0xe20), List.of(Hash.ZERO))),
            0,
            UInt256.ONE,
            UInt256.ONE);
    encoded = unsigned.sign(PrivateKey.fromHex("0x" + "46".repeat(32))).encode();
  }

  /** Walks every item of the typed payload without building objects. */
  @Benchmark
  public int walkRlp() {
    RlpReader fields = new RlpReader(encoded, 1, encoded.length).readList();
    int items = 0;
    while (fields.hasNext()) {
      fields.skip();
      items++;
    }
    return items;
  }

  @Benchmark
  public Transaction decodeTransaction() {
    return TransactionDecoder.decode(encoded);
  }
}
