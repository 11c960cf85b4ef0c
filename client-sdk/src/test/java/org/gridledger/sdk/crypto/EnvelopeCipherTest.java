package org.gridledger.sdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {
  private final SecureRandom random = new SecureRandom();
  private final EnvelopeCipher cipher = new EnvelopeCipher(random);
  private final X25519KeyPair node = X25519KeyPair.generate(random);
  private final byte[] context =
      ContractContext.deployment(
              1337,
              "0x0000000000000000000000000000000000001005",
              "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
              3)
          .bytes();
  private final byte[] spec = "{\"cpu\":2}".getBytes(StandardCharsets.UTF_8);

  @Test
  void rfc7748KeyPairs() {
    // RFC 7748 section 6.1.
    X25519KeyPair alice =
        X25519KeyPair.fromPrivateKey(
            HexFormat.of()
                .parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    assertThat(alice.publicKeyHex())
        .isEqualTo("0x8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(alice.toString()).doesNotContain("77076d0a");
  }

  @Test
  void roundTripAndFreshness() throws Exception {
    byte[] a = cipher.seal(node.publicKey(), spec, context);
    byte[] b = cipher.seal(node.publicKey(), spec, context);
    assertThat(a).isNotEqualTo(b);
    assertThat(a).hasSize(Envelope.MIN_SIZE + spec.length);
    assertThat(EnvelopeCipher.open(node.privateKey(), a, context)).isEqualTo(spec);
    assertThat(EnvelopeCipher.open(node.privateKey(), b, context)).isEqualTo(spec);
  }

  @Test
  void everyFlippedByteIsDetected() throws Exception {
    byte[] envelope = cipher.seal(node.publicKey(), spec, context);
    for (int i = 0; i < envelope.length; i++) {
      byte[] changed = envelope.clone();
      changed[i] ^= 0x01;
      EnvelopeException.Reason expected =
          i == 0
              ? EnvelopeException.Reason.UNSUPPORTED_VERSION
              : EnvelopeException.Reason.AUTHENTICATION_FAILED;
      assertThatThrownBy(() -> EnvelopeCipher.open(node.privateKey(), changed, context))
          .as("byte %d", i)
          .isInstanceOfSatisfying(
              EnvelopeException.class, e -> assertThat(e.reason()).isEqualTo(expected));
    }
  }

  @Test
  void wrongKeyAndWrongContextAreRejected() throws Exception {
    byte[] envelope = cipher.seal(node.publicKey(), spec, context);
    X25519KeyPair other = X25519KeyPair.generate(random);
    assertThatThrownBy(() -> EnvelopeCipher.open(other.privateKey(), envelope, context))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.AUTHENTICATION_FAILED));
    byte[] otherNode =
        ContractContext.deployment(
                1337,
                "0x0000000000000000000000000000000000001005",
                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                4)
            .bytes();
    assertThatThrownBy(() -> EnvelopeCipher.open(node.privateKey(), envelope, otherNode))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.AUTHENTICATION_FAILED));
  }

  @Test
  void deterministicSealingRepeatsOnlyForTheSameInputs() throws Exception {
    byte[] owner = X25519KeyPair.generate(random).privateKey();
    byte[] a = EnvelopeCipher.sealDeterministic(node.publicKey(), spec, context, owner);
    assertThat(EnvelopeCipher.sealDeterministic(node.publicKey(), spec, context, owner))
        .isEqualTo(a);
    assertThat(EnvelopeCipher.open(node.privateKey(), a, context)).isEqualTo(spec);
    byte[] otherSpec = "{\"cpu\":3}".getBytes(StandardCharsets.UTF_8);
    byte[] b = EnvelopeCipher.sealDeterministic(node.publicKey(), otherSpec, context, owner);
    // Another plaintext: another ephemeral key and nonce (bytes 1..45), not just another
    // ciphertext.
    assertThat(java.util.Arrays.copyOfRange(b, 1, Envelope.HEADER_SIZE))
        .isNotEqualTo(java.util.Arrays.copyOfRange(a, 1, Envelope.HEADER_SIZE));
    byte[] otherOwner = X25519KeyPair.generate(random).privateKey();
    assertThat(EnvelopeCipher.sealDeterministic(node.publicKey(), spec, context, otherOwner))
        .isNotEqualTo(a);
    byte[] otherContext = new byte[] {1};
    assertThat(EnvelopeCipher.sealDeterministic(node.publicKey(), spec, otherContext, owner))
        .isNotEqualTo(a);
  }

  @Test
  void parserIsStrict() {
    assertThatThrownBy(() -> Envelope.parse(new byte[0]))
        .hasMessageContaining("offset 0")
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.MALFORMED));
    assertThatThrownBy(() -> Envelope.parse(new byte[] {2, 0, 0}))
        .hasMessageContaining("version 2")
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.UNSUPPORTED_VERSION));
    byte[] shortTag = new byte[Envelope.MIN_SIZE - 1];
    shortTag[0] = 1;
    assertThatThrownBy(() -> Envelope.parse(shortTag))
        .hasMessageContaining("authentication tag ends at offset 61");
    byte[] shortHeader = new byte[20];
    shortHeader[0] = 1;
    assertThatThrownBy(() -> Envelope.parse(shortHeader)).hasMessageContaining("header");
    byte[] huge = new byte[Envelope.MAX_SIZE + 1];
    huge[0] = 1;
    assertThatThrownBy(() -> Envelope.parse(huge)).hasMessageContaining("exceeds the limit");
  }

  @Test
  void lowOrderKeysAreRefused() throws Exception {
    byte[] zero = new byte[32];
    assertThatThrownBy(() -> cipher.seal(zero, spec, context))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.INVALID_KEY));
    byte[] forged = cipher.seal(node.publicKey(), spec, context);
    System.arraycopy(zero, 0, forged, 1, 32);
    assertThatThrownBy(() -> EnvelopeCipher.open(node.privateKey(), forged, context))
        .hasMessageContaining("low-order");
    assertThatThrownBy(() -> cipher.seal(new byte[31], spec, context))
        .hasMessageContaining("must be 32 bytes");
  }
}
