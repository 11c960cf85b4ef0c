package org.gridledger.bench;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionDecoder;

/**
 * The same work as {@link KeccakBenchmark}, {@link RlpBenchmark} and {@link Secp256k1Benchmark},
 * done by Web3j (the Java library most Ethereum tools use), so one {@code make bench} run prints
 * our figures next to a peer's on the same inputs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Web3jPeerBenchmark {
  private final byte[] word = new byte[32];
  private final byte[] kib = new byte[1024];
  private final byte[] tx = new RlpBenchmark().encoded();
  private final byte[] hash = Hash.sha3(new byte[] {1, 2, 3});
  private final ECDSASignature signature;
  private final int recId;

  public Web3jPeerBenchmark() {
    BigInteger key = new BigInteger("46".repeat(32), 16);
    Sign.SignatureData sig = Sign.signMessage(hash, org.web3j.crypto.ECKeyPair.create(key), false);
    signature = new ECDSASignature(new BigInteger(1, sig.getR()), new BigInteger(1, sig.getS()));
    recId = sig.getV()[0] - 27;
  }

  @Benchmark
  public byte[] keccak32() {
    return Hash.sha3(word);
  }

  @Benchmark
  public byte[] keccak1KiB() {
    return Hash.sha3(kib);
  }

  @Benchmark
  public RawTransaction decodeTransaction() {
    return TransactionDecoder.decode(org.web3j.utils.Numeric.toHexString(tx));
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public BigInteger recoverPublicKey() {
    return Sign.recoverFromSignature(recId, signature, hash);
  }
}
