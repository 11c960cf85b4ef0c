package org.gridledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** Sign, encode, decode and recover every transaction type. */
class TransactionRoundTripTest {
  static final PrivateKey KEY =
      PrivateKey.fromHex("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
  static final UInt256 CHAIN = UInt256.of(1);
  static final Optional<Address> TO = Optional.of(Address.fromHex("0x" + "0a".repeat(20)));
  static final List<AccessListEntry> ACCESS_LIST =
      List.of(
          new AccessListEntry(
              Address.fromHex("0x" + "0b".repeat(20)), List.of(Hash.ZERO, Keccak.EMPTY)),
          new AccessListEntry(Address.fromHex("0x" + "0c".repeat(20)), List.of()));

  static List<Transaction> unsignedOfEveryType() {
    byte[] data = {0, 1, 2, 0, (byte) 0xff};
    // Nonce and gas limit above 2^63 exercise the unsigned 64-bit encoding.
    long bigNonce = 0xffff_ffff_ffff_fffeL;
    return List.of(
        LegacyTransaction.unsigned(
            0, UInt256.of(10), 30_000, TO, UInt256.of(5), data, Optional.empty()),
        LegacyTransaction.unsigned(
            bigNonce,
            UInt256.of(10),
            0x8000_0000_0000_0000L,
            TO,
            UInt256.MAX,
            data,
            Optional.of(CHAIN)),
        LegacyTransaction.unsigned(
            7,
            UInt256.of(10),
            100_000,
            Optional.empty(),
            UInt256.ZERO,
            data,
            Optional.of(UInt256.of(0x1_0000_0000L))),
        new AccessListTransaction(
            CHAIN,
            1,
            UInt256.of(10),
            60_000,
            TO,
            UInt256.ONE,
            data,
            ACCESS_LIST,
            0,
            UInt256.ZERO,
            UInt256.ZERO),
        new DynamicFeeTransaction(
            CHAIN,
            2,
            UInt256.of(2),
            UInt256.of(30),
            90_000,
            Optional.empty(),
            UInt256.ZERO,
            data,
            ACCESS_LIST,
            0,
            UInt256.ZERO,
            UInt256.ZERO),
        new BlobTransaction(
            CHAIN,
            3,
            UInt256.of(2),
            UInt256.of(30),
            60_000,
            TO,
            UInt256.ZERO,
            data,
            List.of(),
            UInt256.of(7),
            List.of(versionedHash(1), versionedHash(2)),
            0,
            UInt256.ZERO,
            UInt256.ZERO));
  }

  static Hash versionedHash(int i) {
    byte[] h = Keccak.hash(new byte[] {(byte) i});
    h[0] = 0x01;
    return Hash.wrap(h);
  }

  @Test
  void signEncodeDecodeRecover() {
    for (Transaction unsigned : unsignedOfEveryType()) {
      Transaction signed = unsigned.sign(KEY);
      assertThat(signed.type()).isEqualTo(unsigned.type());
      assertThat(signed.signingHash()).isEqualTo(unsigned.signingHash());
      byte[] encoded = signed.encode();
      Transaction decoded = TransactionDecoder.decode(encoded);
      assertThat(decoded).as(signed.toString()).isEqualTo(signed);
      assertThat(decoded.hashCode()).isEqualTo(signed.hashCode());
      assertThat(decoded.encode()).isEqualTo(encoded);
      assertThat(decoded.encodedSize()).isEqualTo(encoded.length);
      assertThat(signed.encodedSize()).isEqualTo(encoded.length);
      assertThat(decoded.hash()).isEqualTo(Keccak.of(encoded));
      assertThat(decoded.sender()).contains(KEY.address());
      assertThat(decoded.signature().orElseThrow().isCanonical()).isTrue();
      if (signed.type() == TransactionType.LEGACY) {
        assertThat(encoded[0] & 0xff).isGreaterThanOrEqualTo(0xc0);
      } else {
        assertThat(encoded[0]).isEqualTo((byte) signed.type().code());
        // EIP-2718: the signing payload is type ‖ RLP(fields without signature).
        assertThat(signed.signingPayload()[0]).isEqualTo((byte) signed.type().code());
      }
      // Signing is deterministic.
      assertThat(unsigned.sign(KEY)).isEqualTo(signed);
    }
  }

  @Test
  void legacyVEncodesChainIdAndParity() {
    for (Transaction unsigned : unsignedOfEveryType()) {
      if (!(unsigned instanceof LegacyTransaction legacy)) {
        continue;
      }
      LegacyTransaction signed = legacy.sign(KEY);
      int parity = signed.signature().orElseThrow().yParity();
      if (legacy.signatureChainId().isPresent()) {
        long chainId = legacy.signatureChainId().get().u0();
        assertThat(signed.v()).isEqualTo(UInt256.of(chainId * 2 + 35 + parity));
        assertThat(signed.signatureChainId()).contains(UInt256.of(chainId));
      } else {
        assertThat(signed.v()).isEqualTo(UInt256.of(27 + parity));
        assertThat(signed.signatureChainId()).isEmpty();
      }
    }
  }

  @Test
  void differentKeyOrTamperedFieldChangesSender() {
    Transaction signed = unsignedOfEveryType().get(4).sign(KEY);
    DynamicFeeTransaction t = (DynamicFeeTransaction) signed;
    DynamicFeeTransaction tampered =
        new DynamicFeeTransaction(
            t.chainId(),
            t.nonce() + 1,
            t.maxPriorityFeePerGas(),
            t.maxFeePerGas(),
            t.gasLimit(),
            t.to(),
            t.value(),
            t.data(),
            t.accessList(),
            t.yParity(),
            t.r(),
            t.s());
    assertThat(tampered.sender()).isNotEqualTo(Optional.of(KEY.address()));
  }

  @Test
  void blockBodyItemForm() {
    RlpWriter w = new RlpWriter();
    int list = w.startList();
    List<Transaction> txs = unsignedOfEveryType().stream().map(tx -> tx.sign(KEY)).toList();
    for (Transaction tx : txs) {
      tx.writeTo(w);
    }
    w.endList(list);
    RlpReader items = RlpReader.single(w.toByteArray()).readList();
    for (Transaction tx : txs) {
      boolean legacy = tx.type() == TransactionType.LEGACY;
      assertThat(items.nextIsList()).isEqualTo(legacy);
      assertThat(TransactionDecoder.decodeItem(items)).isEqualTo(tx);
    }
    assertThat(items.hasNext()).isFalse();
  }

  @Test
  void intrinsicGasCountsAccessListAndCreation() {
    List<Transaction> txs = unsignedOfEveryType();
    // 5 bytes of data: 2 zero (4 gas each) + 3 non-zero (16 each) = 56.
    assertThat(txs.get(0).intrinsicGas()).isEqualTo(21_000 + 56);
    // Creation: + 32000 + 2 per init-code word.
    assertThat(txs.get(2).intrinsicGas()).isEqualTo(21_000 + 56 + 32_000 + 2);
    // Access list: 2 addresses, 2 keys.
    assertThat(txs.get(3).intrinsicGas()).isEqualTo(21_000 + 56 + 2 * 2_400 + 2 * 1_900);
  }

  @Test
  void toStringAbbreviatesLargeData() {
    Transaction big =
        LegacyTransaction.unsigned(
                0, UInt256.ONE, 100_000, TO, UInt256.ZERO, new byte[1000], Optional.empty())
            .sign(KEY);
    assertThat(big.toString()).contains("1000 bytes").hasSizeLessThan(1000);
  }
}
