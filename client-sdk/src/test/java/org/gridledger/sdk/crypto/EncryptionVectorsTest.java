package org.gridledger.sdk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published vectors of docs/encryption.md, checked against our code and against the JDK's own
 * X25519, HMAC-SHA256 and AES-GCM, so they are not only our code agreeing with itself.
 */
class EncryptionVectorsTest {
  private static Map<String, Map<String, String>> doc;
  private static Map<String, Map<String, String>> docV2;

  @BeforeAll
  static void readDoc() throws Exception {
    Path root = Path.of(System.getProperty("gridledger.repo.root", ".."));
    doc = EncryptionVectors.fromDoc(root.resolve("docs/encryption.md"));
    docV2 = EncryptionVectors.fromDoc(root.resolve("docs/encryption.md"), "vector-v2");
  }

  @Test
  void docHasEveryVector() {
    assertThat(doc.keySet()).containsExactlyElementsOf(EncryptionVectors.names());
  }

  @Test
  void ourCodeReproducesTheDocValues() throws Exception {
    for (EncryptionVectors.Input in : EncryptionVectors.inputs()) {
      Map<String, String> v = doc.get(in.name());
      X25519KeyPair recipient = X25519KeyPair.fromPrivateKey(hex(v.get("recipientPrivateKey")));
      assertThat(hex(v.get("recipientPrivateKey"))).isEqualTo(hex(in.recipientPrivate()));
      assertThat(recipient.publicKey()).isEqualTo(hex(v.get("recipientPublicKey")));
      assertThat(hex(v.get("plaintext"))).isEqualTo(in.plaintext());
      assertThat(hex(v.get("associatedData"))).isEqualTo(in.associatedData());
      byte[] envelope =
          EnvelopeCipher.sealWith(
              recipient.publicKey(),
              in.plaintext(),
              in.associatedData(),
              hex(v.get("ephemeralPrivateKey")),
              hex(v.get("nonce")));
      assertThat(envelope).as(in.name()).isEqualTo(hex(v.get("envelope")));
      assertThat(
              EnvelopeCipher.open(
                  recipient.privateKey(), hex(v.get("envelope")), hex(v.get("associatedData"))))
          .isEqualTo(hex(v.get("plaintext")));
    }
  }

  @Test
  void jdkComputationGivesTheDocEnvelopes() throws Exception {
    for (var entry : doc.entrySet()) {
      Map<String, String> v = entry.getValue();
      byte[] ephemeralPrivate = hex(v.get("ephemeralPrivateKey"));
      byte[] ephemeralPublic = hex(v.get("ephemeralPublicKey"));
      byte[] recipientPublic = hex(v.get("recipientPublicKey"));
      byte[] recipientPrivate = hex(v.get("recipientPrivateKey"));

      // The public keys themselves, with the JDK.
      assertThat(jdkX25519(recipientPrivate, basePoint())).isEqualTo(recipientPublic);
      assertThat(jdkX25519(ephemeralPrivate, basePoint())).isEqualTo(ephemeralPublic);

      byte[] shared = jdkX25519(ephemeralPrivate, recipientPublic);
      assertThat(jdkX25519(recipientPrivate, ephemeralPublic)).isEqualTo(shared);
      if (entry.getKey().equals("deployment")) {
        // RFC 7748 section 6.1's shared secret of Alice and Bob.
        assertThat(shared)
            .isEqualTo(hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
      }
      byte[] salt = concat(ephemeralPublic, recipientPublic);
      byte[] key = hkdfSha256(shared, salt, "gridledger envelope v1".getBytes(), 32);
      byte[] aad = concat(new byte[] {1}, hex(v.get("associatedData")));

      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, hex(v.get("nonce"))));
      gcm.updateAAD(aad);
      byte[] ciphertext = gcm.doFinal(hex(v.get("plaintext")));
      byte[] expected = concat(new byte[] {1}, ephemeralPublic, hex(v.get("nonce")), ciphertext);
      assertThat(expected).as(entry.getKey()).isEqualTo(hex(v.get("envelope")));
    }
  }

  @Test
  void docHasEveryVersion2Vector() {
    assertThat(docV2.keySet()).containsExactlyElementsOf(EncryptionVectors.namesV2());
  }

  @Test
  void ourCodeReproducesTheVersion2DocValues() throws Exception {
    for (EncryptionVectors.InputV2 in : EncryptionVectors.inputsV2()) {
      Map<String, String> v = docV2.get(in.name());
      List<byte[]> publics = new ArrayList<>();
      for (int i = 0; i < in.recipientPrivates().size(); i++) {
        X25519KeyPair r = X25519KeyPair.fromPrivateKey(hex(in.recipientPrivates().get(i)));
        assertThat(hex(v.get("recipient" + (i + 1) + "PrivateKey"))).isEqualTo(r.privateKey());
        assertThat(hex(v.get("recipient" + (i + 1) + "PublicKey"))).isEqualTo(r.publicKey());
        publics.add(r.publicKey());
      }
      assertThat(v).doesNotContainKey("recipient" + (publics.size() + 1) + "PrivateKey");
      assertThat(hex(v.get("plaintext"))).isEqualTo(in.plaintext());
      assertThat(hex(v.get("associatedData"))).isEqualTo(in.associatedData());
      byte[] envelope =
          EnvelopeCipher.sealWithV2(
              publics,
              in.plaintext(),
              in.associatedData(),
              hex(v.get("ephemeralPrivateKey")),
              hex(v.get("contentKey")),
              hex(v.get("nonce")));
      assertThat(envelope).as(in.name()).isEqualTo(hex(v.get("envelope")));
      for (String priv : in.recipientPrivates()) {
        assertThat(
                EnvelopeCipher.open(
                    hex(priv), hex(v.get("envelope")), hex(v.get("associatedData"))))
            .isEqualTo(hex(v.get("plaintext")));
      }
    }
  }

  /**
   * Version 2 recomputed with the JDK only: per recipient X25519, HKDF (HmacSHA256) and an AES-GCM
   * wrap of the content key under an all-zero nonce, then AES-GCM of the plaintext under the
   * content key with the header and the associated data as AAD.
   */
  @Test
  void jdkComputationGivesTheVersion2DocEnvelopes() throws Exception {
    for (var entry : docV2.entrySet()) {
      Map<String, String> v = entry.getValue();
      byte[] ephemeralPrivate = hex(v.get("ephemeralPrivateKey"));
      byte[] ephemeralPublic = hex(v.get("ephemeralPublicKey"));
      assertThat(jdkX25519(ephemeralPrivate, basePoint())).isEqualTo(ephemeralPublic);
      byte[] ad = hex(v.get("associatedData"));
      byte[] contentKey = hex(v.get("contentKey"));
      byte[] wraps = new byte[0];
      int k = 0;
      for (int i = 1; v.containsKey("recipient" + i + "PublicKey"); i++, k++) {
        byte[] recipientPublic = hex(v.get("recipient" + i + "PublicKey"));
        byte[] recipientPrivate = hex(v.get("recipient" + i + "PrivateKey"));
        assertThat(jdkX25519(recipientPrivate, basePoint())).isEqualTo(recipientPublic);
        byte[] shared = jdkX25519(ephemeralPrivate, recipientPublic);
        assertThat(jdkX25519(recipientPrivate, ephemeralPublic)).isEqualTo(shared);
        if (i == 1 && entry.getKey().equals("node-and-owner")) {
          assertThat(shared)
              .isEqualTo(hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
        }
        byte[] kek =
            hkdfSha256(
                shared,
                concat(ephemeralPublic, recipientPublic),
                "gridledger envelope v2".getBytes(),
                32);
        wraps = concat(wraps, jdkGcm(kek, new byte[12], concat(new byte[] {2}, ad), contentKey));
      }
      byte[] header =
          concat(
              new byte[] {2}, ephemeralPublic, new byte[] {(byte) k}, wraps, hex(v.get("nonce")));
      byte[] ciphertext =
          jdkGcm(contentKey, hex(v.get("nonce")), concat(header, ad), hex(v.get("plaintext")));
      assertThat(concat(header, ciphertext)).as(entry.getKey()).isEqualTo(hex(v.get("envelope")));
    }
  }

  private static byte[] jdkGcm(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext)
      throws Exception {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    gcm.updateAAD(aad);
    return gcm.doFinal(plaintext);
  }

  /** RFC 5869 with the JDK's HMAC: extract, then expand. */
  static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] out = new byte[0];
    byte[] t = new byte[0];
    for (int i = 1; out.length < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      out = concat(out, t);
    }
    return Arrays.copyOf(out, length);
  }

  static byte[] jdkX25519(byte[] privateKey, byte[] publicKey) throws Exception {
    KeyFactory factory = KeyFactory.getInstance("X25519");
    PrivateKey priv =
        factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
    // RFC 7748: the u-coordinate is little-endian; the top bit is masked.
    byte[] be = publicKey.clone();
    be[31] &= 0x7f;
    for (int i = 0; i < 16; i++) {
      byte t = be[i];
      be[i] = be[31 - i];
      be[31 - i] = t;
    }
    PublicKey pub =
        factory.generatePublic(
            new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    agreement.init(priv);
    agreement.doPhase(pub, true);
    return agreement.generateSecret();
  }

  private static byte[] basePoint() {
    byte[] nine = new byte[32];
    nine[0] = 9;
    return nine;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static byte[] hex(String s) {
    return s.equals("(empty)") ? new byte[0] : EncryptionVectors.HEX.parseHex(s);
  }
}
