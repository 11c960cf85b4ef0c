package org.gridledger.sdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
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
    assertThatThrownBy(() -> Envelope.parse(new byte[] {3, 0, 0}))
        .hasMessageContaining("version 3")
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

  // ------------------------------------------------------------------ version 2: node and owner

  private final X25519KeyPair owner = X25519KeyPair.generate(random);
  private final X25519KeyPair stranger = X25519KeyPair.generate(random);

  @Test
  void nodeAndOwnerOpenAThirdKeyCannot() throws Exception {
    for (byte[] envelope :
        List.of(
            cipher.sealToAll(List.of(node.publicKey(), owner.publicKey()), spec, context),
            EnvelopeCipher.sealDeterministicToAll(
                List.of(node.publicKey(), owner.publicKey()), spec, context, owner.privateKey()))) {
      assertThat(envelope[0]).isEqualTo((byte) 2);
      assertThat(envelope).hasSize(Envelope.V2.headerSize(2) + spec.length + Envelope.TAG_SIZE);
      assertThat(EnvelopeCipher.open(node.privateKey(), envelope, context)).isEqualTo(spec);
      assertThat(EnvelopeCipher.open(owner.privateKey(), envelope, context)).isEqualTo(spec);
      assertThatThrownBy(() -> EnvelopeCipher.open(stranger.privateKey(), envelope, context))
          .isInstanceOfSatisfying(
              EnvelopeException.class,
              e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.AUTHENTICATION_FAILED))
          .hasMessageContaining("not one of its 2 recipients");
      // Another contract context (owner, node, chain) does not open for anyone.
      byte[] elsewhere =
          ContractContext.deployment(
                  1337,
                  "0x0000000000000000000000000000000000001005",
                  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                  3)
              .bytes();
      assertThatThrownBy(() -> EnvelopeCipher.open(owner.privateKey(), envelope, elsewhere))
          .isInstanceOf(EnvelopeException.class);
      assertThatThrownBy(() -> EnvelopeCipher.open(node.privateKey(), envelope, elsewhere))
          .isInstanceOf(EnvelopeException.class);
    }
  }

  @Test
  void everyFlippedBitOfAVersion2EnvelopeIsDetected() throws Exception {
    byte[] envelope = cipher.sealToAll(List.of(node.publicKey(), owner.publicKey()), spec, context);
    for (int i = 0; i < envelope.length; i++) {
      byte[] tampered = envelope.clone();
      tampered[i] ^= 0x01;
      for (X25519KeyPair key : List.of(node, owner)) {
        assertThatThrownBy(() -> EnvelopeCipher.open(key.privateKey(), tampered, context))
            .as("byte %d", i)
            .isInstanceOf(EnvelopeException.class);
      }
    }
    // Dropping the other recipient's wrapped key changes the header: refused too.
    Envelope.V2 parsed = (Envelope.V2) Envelope.parse(envelope);
    byte[] onlyNode =
        new Envelope.V2(
                parsed.ephemeralPublicKey(),
                List.of(parsed.wrappedKeys().getFirst()),
                parsed.nonce(),
                parsed.ciphertext())
            .toBytes();
    assertThatThrownBy(() -> EnvelopeCipher.open(node.privateKey(), onlyNode, context))
        .isInstanceOf(EnvelopeException.class);
  }

  @Test
  void deterministicVersion2DependsOnEveryInput() throws Exception {
    List<byte[]> both = List.of(node.publicKey(), owner.publicKey());
    byte[] a = EnvelopeCipher.sealDeterministicToAll(both, spec, context, owner.privateKey());
    assertThat(EnvelopeCipher.sealDeterministicToAll(both, spec, context, owner.privateKey()))
        .isEqualTo(a);
    assertThat(
            EnvelopeCipher.sealDeterministicToAll(
                List.of(owner.publicKey(), node.publicKey()), spec, context, owner.privateKey()))
        .isNotEqualTo(a);
    assertThat(
            EnvelopeCipher.sealDeterministicToAll(
                both, "{\"cpu\":3}".getBytes(StandardCharsets.UTF_8), context, owner.privateKey()))
        .isNotEqualTo(a);
    assertThat(
            EnvelopeCipher.sealDeterministicToAll(both, spec, new byte[] {1}, owner.privateKey()))
        .isNotEqualTo(a);
    // And differs from the version-1 envelope to the node alone (another info string, layout).
    assertThat(
            java.util.Arrays.copyOfRange(
                EnvelopeCipher.sealDeterministic(
                    node.publicKey(), spec, context, owner.privateKey()),
                1,
                33))
        .isNotEqualTo(java.util.Arrays.copyOfRange(a, 1, 33));
  }

  @Test
  void version1EnvelopesStillOpen() throws Exception {
    byte[] v1 = cipher.seal(node.publicKey(), spec, context);
    assertThat(Envelope.parse(v1)).isInstanceOf(Envelope.V1.class);
    assertThat(EnvelopeCipher.open(node.privateKey(), v1, context)).isEqualTo(spec);
    assertThatThrownBy(() -> EnvelopeCipher.open(owner.privateKey(), v1, context))
        .isInstanceOf(EnvelopeException.class);
  }

  @Test
  void version2ParserIsStrict() throws Exception {
    byte[] noCount = new byte[33];
    noCount[0] = 2;
    assertThatThrownBy(() -> Envelope.parse(noCount))
        .hasMessageContaining("recipient count at offset 33");
    byte[] zero = new byte[200];
    zero[0] = 2;
    assertThatThrownBy(() -> Envelope.parse(zero))
        .hasMessageContaining("recipient count 0 at offset 33 is outside 1..16");
    byte[] tooMany = zero.clone();
    tooMany[33] = 17;
    assertThatThrownBy(() -> Envelope.parse(tooMany)).hasMessageContaining("count 17");
    byte[] two = new byte[Envelope.V2.headerSize(2) + Envelope.TAG_SIZE - 1];
    two[0] = 2;
    two[33] = 2;
    assertThatThrownBy(() -> Envelope.parse(two))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.MALFORMED))
        .hasMessageContaining("authentication tag ends at offset " + (two.length + 1));
    byte[] ok = java.util.Arrays.copyOf(two, two.length + 1);
    assertThat(Envelope.parse(ok).toBytes()).isEqualTo(ok);
    assertThatThrownBy(() -> cipher.sealToAll(List.of(), spec, context))
        .hasMessageContaining("1 to 16 recipients");
    assertThatThrownBy(
            () -> cipher.sealToAll(List.of(node.publicKey(), node.publicKey()), spec, context))
        .hasMessageContaining("repeats recipient 0");
    assertThatThrownBy(
            () -> cipher.sealToAll(List.of(node.publicKey(), new byte[32]), spec, context))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.INVALID_KEY));
  }
}
