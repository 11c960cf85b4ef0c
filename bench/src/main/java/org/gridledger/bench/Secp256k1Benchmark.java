package org.gridledger.bench;

import java.util.concurrent.TimeUnit;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * secp256k1: address recovery (the core of ecrecover and of sender recovery) through libsecp256k1
 * where it is installed, the same with Bouncy Castle (a fork with {@code
 * -Dgridledger.secp256k1=java}), and deterministic signing (Bouncy Castle).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Secp256k1Benchmark {
  private final PrivateKey key = PrivateKey.fromHex("0x" + "46".repeat(32));
  private final byte[] hash = Keccak.hash(new byte[] {1, 2, 3});
  private final Signature signature = Secp256k1.sign(hash, key);

  @Benchmark
  public Address recoverAddress() {
    return Secp256k1.recoverAddress(hash, signature);
  }

  /** The fallback of machines without libsecp256k1. */
  @Benchmark
  @Fork(jvmArgsAppend = "-Dgridledger.secp256k1=java")
  public Address recoverAddressBouncyCastle() {
    return Secp256k1.recoverAddress(hash, signature);
  }

  @Benchmark
  public Signature sign() {
    return Secp256k1.sign(hash, key);
  }
}
