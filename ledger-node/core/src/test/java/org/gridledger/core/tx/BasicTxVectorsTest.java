package org.gridledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.gridledger.core.FixturePaths;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/** BasicTests/txtest.json and the EIP-155 example: legacy signing payloads and signed encodings. */
class BasicTxVectorsTest {

  /**
   * Each vector gives the fields, the "unsigned" RLP (all nine fields with v = r = s = 0) and the
   * signed RLP, signed over the pre-EIP-155 six-field payload. The signed form must decode to the
   * same fields and recover to the key's address. The second vector's s is above n/2 (it predates
   * EIP-2), so only the first can be reproduced by our low-s signer; for the second, re-signing
   * must give the low-s twin of the same signer.
   */
  @Test
  void txtest() throws IOException {
    JsonNode vectors =
        new ObjectMapper().readTree(FixturePaths.root().resolve("BasicTests/txtest.json").toFile());
    assertThat(vectors.size()).isEqualTo(2);
    for (JsonNode v : vectors) {
      PrivateKey key = PrivateKey.fromHex(v.get("key").asText());
      String to = v.get("to").asText();
      LegacyTransaction unsigned =
          LegacyTransaction.unsigned(
              v.get("nonce").asLong(),
              UInt256.of(v.get("gasprice").bigIntegerValue()),
              v.get("startgas").asLong(),
              to.isEmpty() ? Optional.empty() : Optional.of(Address.fromHex(to)),
              UInt256.of(v.get("value").bigIntegerValue()),
              Hex.decode(v.get("data").asText()),
              Optional.empty());
      LegacyTransaction zeroSignature =
          new LegacyTransaction(
              unsigned.nonce(),
              unsigned.gasPrice(),
              unsigned.gasLimit(),
              unsigned.to(),
              unsigned.value(),
              unsigned.data(),
              UInt256.ZERO,
              UInt256.ZERO,
              UInt256.ZERO);
      assertThat(Hex.encodeNoPrefix(zeroSignature.encode())).isEqualTo(v.get("unsigned").asText());

      byte[] signedBytes = Hex.decode(v.get("signed").asText());
      Transaction decoded = TransactionDecoder.decode(signedBytes);
      assertThat(decoded.encode()).isEqualTo(signedBytes);
      assertThat(decoded.signingPayload()).isEqualTo(unsigned.signingPayload());
      assertThat(decoded.sender()).contains(key.address());

      LegacyTransaction ours = unsigned.sign(key);
      assertThat(ours.sender()).contains(key.address());
      LegacyTransaction theirs = (LegacyTransaction) decoded;
      assertThat(ours.r()).isEqualTo(theirs.r());
      if (theirs.s().toBigInteger().compareTo(Secp256k1.HALF_N) <= 0) {
        assertThat(ours.encode()).isEqualTo(signedBytes);
      } else {
        assertThat(ours.s().toBigInteger())
            .isEqualTo(Secp256k1.N.subtract(theirs.s().toBigInteger()));
        assertThat(ours.v()).isNotEqualTo(theirs.v());
      }
    }
  }

  /** The worked example of EIP-155 (chain id 1, nonce 9, key 0x4646…46). */
  @Test
  void eip155Example() {
    PrivateKey key = PrivateKey.fromHex("0x" + "46".repeat(32));
    LegacyTransaction unsigned =
        LegacyTransaction.unsigned(
            9,
            UInt256.of(20_000_000_000L),
            21_000,
            Optional.of(Address.fromHex("0x" + "35".repeat(20))),
            UInt256.of(1_000_000_000_000_000_000L),
            new byte[0],
            Optional.of(UInt256.ONE));
    assertThat(Hex.encode(unsigned.signingPayload()))
        .isEqualTo(
            "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080");
    assertThat(unsigned.signingHash().toHex())
        .isEqualTo("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    LegacyTransaction signed = unsigned.sign(key);
    assertThat(Hex.encode(signed.encode()))
        .isEqualTo(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
                + "8025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f"
                + "761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
    assertThat(signed.signatureChainId()).contains(UInt256.ONE);
    assertThat(signed.sender()).contains(key.address());
  }
}
