package org.gridledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.gas.IntrinsicGas;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

class TransactionValidatorTest {
  private static final PrivateKey KEY = TransactionRoundTripTest.KEY;
  private static final TransactionValidator MAINNET = new TransactionValidator(1);
  private static final Optional<Address> TO = TransactionRoundTripTest.TO;

  private static String invalidReason(Transaction tx) {
    ValidationResult r = MAINNET.validate(tx);
    assertThat(r).as(tx.toString()).isInstanceOf(ValidationResult.Invalid.class);
    return ((ValidationResult.Invalid) r).reason();
  }

  private static BlobTransaction blob(Optional<Address> to, List<Hash> hashes) {
    return new BlobTransaction(
            UInt256.ONE,
            0,
            UInt256.ONE,
            UInt256.of(10),
            21_000,
            to,
            UInt256.ZERO,
            new byte[0],
            List.of(),
            UInt256.ONE,
            hashes,
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(KEY);
  }

  private static DynamicFeeTransaction dynamic(
      long nonce, UInt256 tip, UInt256 cap, long gasLimit, Optional<Address> to, byte[] data) {
    return new DynamicFeeTransaction(
            UInt256.ONE,
            nonce,
            tip,
            cap,
            gasLimit,
            to,
            UInt256.ZERO,
            data,
            List.of(),
            0,
            UInt256.ZERO,
            UInt256.ZERO)
        .sign(KEY);
  }

  @Test
  void signedTransactionsOfEveryTypeAreValid() {
    for (Transaction tx : TransactionRoundTripTest.unsignedOfEveryType()) {
      Transaction signed = tx.sign(KEY);
      if (signed.signatureChainId().filter(id -> !id.equals(UInt256.ONE)).isPresent()) {
        assertThat(invalidReason(signed)).contains("chain id");
      } else {
        assertThat(MAINNET.validate(signed))
            .as(signed.toString())
            .isEqualTo(ValidationResult.VALID);
      }
    }
  }

  @Test
  void chainId() {
    Transaction otherChain =
        LegacyTransaction.unsigned(
                0, UInt256.ONE, 21_000, TO, UInt256.ZERO, new byte[0], Optional.of(UInt256.of(5)))
            .sign(KEY);
    assertThat(invalidReason(otherChain)).contains("chain id 0x5");
    assertThat(new TransactionValidator(5).validate(otherChain).isValid()).isTrue();
    // Pre-EIP-155 transactions are valid on every chain.
    Transaction unprotected =
        LegacyTransaction.unsigned(
                0, UInt256.ONE, 21_000, TO, UInt256.ZERO, new byte[0], Optional.empty())
            .sign(KEY);
    assertThat(new TransactionValidator(5).validate(unprotected).isValid()).isTrue();
  }

  @Test
  void signatureRanges() {
    LegacyTransaction good =
        LegacyTransaction.unsigned(
                0, UInt256.ONE, 21_000, TO, UInt256.ZERO, new byte[0], Optional.empty())
            .sign(KEY);
    UInt256 n = UInt256.of(Secp256k1.N);
    UInt256 highS = UInt256.of(Secp256k1.N.subtract(good.s().toBigInteger()));
    assertThat(invalidReason(withSignature(good, good.v(), UInt256.ZERO, good.s()))).contains("r");
    assertThat(invalidReason(withSignature(good, good.v(), n, good.s()))).contains("r is outside");
    assertThat(invalidReason(withSignature(good, good.v(), good.r(), n))).contains("s is outside");
    assertThat(invalidReason(withSignature(good, good.v(), good.r(), highS))).contains("EIP-2");
    assertThat(invalidReason(withSignature(good, UInt256.of(29), good.r(), good.s())))
        .contains("v 0x1d");
    // s = n/2 exactly is still low.
    assertThat(
            MAINNET
                .validate(withSignature(good, good.v(), good.r(), UInt256.of(Secp256k1.HALF_N)))
                .isValid())
        .isTrue();
  }

  private static LegacyTransaction withSignature(
      LegacyTransaction t, UInt256 v, UInt256 r, UInt256 s) {
    return new LegacyTransaction(
        t.nonce(), t.gasPrice(), t.gasLimit(), t.to(), t.value(), t.data(), v, r, s);
  }

  @Test
  void nonceLimitEip2681() {
    assertThat(invalidReason(dynamic(-1L, UInt256.ONE, UInt256.ONE, 21_000, TO, new byte[0])))
        .contains("EIP-2681");
    assertThat(
            MAINNET
                .validate(dynamic(-2L, UInt256.ONE, UInt256.ONE, 21_000, TO, new byte[0]))
                .isValid())
        .isTrue();
  }

  @Test
  void feeCapAndTip() {
    assertThat(invalidReason(dynamic(0, UInt256.of(11), UInt256.of(10), 21_000, TO, new byte[0])))
        .contains("exceeds maxFeePerGas");
    assertThat(
            MAINNET
                .validate(dynamic(0, UInt256.of(10), UInt256.of(10), 21_000, TO, new byte[0]))
                .isValid())
        .isTrue();
  }

  @Test
  void gasLimitTimesFeeCapMustFit256Bits() {
    // (2^64 - 1) gas at a cap of 2^192 is just below 2^256; at 2^193 it overflows.
    UInt256 big = UInt256.of(BigInteger.ONE.shiftLeft(193));
    UInt256 fits = UInt256.of(BigInteger.ONE.shiftLeft(192));
    assertThat(invalidReason(dynamic(0, UInt256.ONE, big, -1L, TO, new byte[0])))
        .contains("256 bits");
    assertThat(MAINNET.validate(dynamic(0, UInt256.ONE, fits, -1L, TO, new byte[0])).isValid())
        .isTrue();
  }

  @Test
  void intrinsicGasAndInitCodeSize() {
    assertThat(invalidReason(dynamic(0, UInt256.ONE, UInt256.ONE, 20_999, TO, new byte[0])))
        .contains("intrinsic gas 21000");
    byte[] maxInitCode = new byte[IntrinsicGas.MAX_INIT_CODE_SIZE];
    long gas = IntrinsicGas.of(maxInitCode, true, 0, 0);
    assertThat(
            MAINNET
                .validate(dynamic(0, UInt256.ONE, UInt256.ONE, gas, Optional.empty(), maxInitCode))
                .isValid())
        .isTrue();
    byte[] tooBig = new byte[IntrinsicGas.MAX_INIT_CODE_SIZE + 1];
    assertThat(
            invalidReason(
                dynamic(0, UInt256.ONE, UInt256.ONE, 10_000_000, Optional.empty(), tooBig)))
        .contains("EIP-3860");
    // The size limit applies to creations only.
    assertThat(
            MAINNET
                .validate(dynamic(0, UInt256.ONE, UInt256.ONE, 10_000_000, TO, tooBig))
                .isValid())
        .isTrue();
  }

  @Test
  void blobRules() {
    Hash good = TransactionRoundTripTest.versionedHash(1);
    assertThat(MAINNET.validate(blob(TO, List.of(good))).isValid()).isTrue();
    assertThat(MAINNET.validate(blob(TO, Collections.nCopies(6, good))).isValid()).isTrue();
    assertThat(invalidReason(blob(Optional.empty(), List.of(good)))).contains("create");
    assertThat(invalidReason(blob(TO, List.of()))).contains("at least one blob");
    assertThat(invalidReason(blob(TO, Collections.nCopies(7, good)))).contains("7 blobs");
    byte[] v2 = good.toArray();
    v2[0] = 0x02;
    assertThat(invalidReason(blob(TO, List.of(good, Hash.wrap(v2))))).contains("hash 1");
    assertThat(BlobTransaction.GAS_PER_BLOB * 2).isEqualTo(blob(TO, List.of(good, good)).blobGas());
  }
}
