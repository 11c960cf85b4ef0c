package org.gridledger.evm.env;

import java.math.BigInteger;
import org.gridledger.evm.gas.GasCosts;
import org.gridledger.evm.types.UInt256;

/** EIP-4844 blob gas pricing. */
public final class BlobGas {
  private BlobGas() {}

  /** The blob base fee for a block with the given excess blob gas. */
  public static UInt256 baseFee(long excessBlobGas) {
    BigInteger fee =
        fakeExponential(
            BigInteger.valueOf(GasCosts.MIN_BLOB_BASE_FEE),
            UInt256.unsignedBigInteger(excessBlobGas),
            BigInteger.valueOf(GasCosts.BLOB_BASE_FEE_UPDATE_FRACTION));
    return fee.bitLength() > 256 ? UInt256.MAX : UInt256.of(fee);
  }

  /** Blob gas used by a transaction with {@code blobs} blobs. */
  public static long gasOf(int blobs) {
    return GasCosts.BLOB_GAS_PER_BLOB * blobs;
  }

  /**
   * Approximates {@code factor * e ** (numerator / denominator)} with the Taylor expansion given in
   * EIP-4844 ({@code fake_exponential}).
   */
  static BigInteger fakeExponential(
      BigInteger factor, BigInteger numerator, BigInteger denominator) {
    BigInteger i = BigInteger.ONE;
    BigInteger output = BigInteger.ZERO;
    BigInteger accum = factor.multiply(denominator);
    while (accum.signum() > 0) {
      output = output.add(accum);
      accum = accum.multiply(numerator).divide(denominator.multiply(i));
      i = i.add(BigInteger.ONE);
    }
    return output.divide(denominator);
  }
}
