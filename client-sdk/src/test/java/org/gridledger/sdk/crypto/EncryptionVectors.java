package org.gridledger.sdk.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inputs of the published vectors (docs/encryption.md) and a reader of the doc's values. {@link
 * #main} prints the vector blocks for the doc; it was run once to write them (test-only hook {@link
 * EnvelopeCipher#sealWith}).
 */
final class EncryptionVectors {
  static final HexFormat HEX = HexFormat.of();

  /** One vector's inputs. */
  record Input(
      String name,
      String recipientPrivate,
      String ephemeralPrivate,
      String nonce,
      byte[] plaintext,
      byte[] associatedData) {}

  /** One version-2 vector's inputs: several recipients, a fixed content key. */
  record InputV2(
      String name,
      List<String> recipientPrivates,
      String ephemeralPrivate,
      String contentKey,
      String nonce,
      byte[] plaintext,
      byte[] associatedData) {}

  static List<InputV2> inputsV2() {
    return List.of(
        // The deployment of the first v1 vector, now to the node (Bob of RFC 7748 section 6.1,
        // ephemeral = Alice, so the node's shared secret is the RFC's) and to the owner's twin key.
        new InputV2(
            "node-and-owner",
            List.of(
                "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
                "0101010101010101010101010101010101010101010101010101010101010101"),
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "0c0d0e0f1011121314151617",
            "{\"image\":\"sha256:00\",\"cpu\":2}".getBytes(StandardCharsets.UTF_8),
            ContractContext.deployment(1337, RESERVATIONS, OWNER, 1).bytes()),
        new InputV2(
            "single-empty",
            List.of("a8abababababababababababababababababababababababababababababab6b"),
            "0303030303030303030303030303030303030303030303030303030303030303",
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "000000000000000000000001",
            new byte[0],
            new byte[0]));
  }

  static final String RESERVATIONS = "0x0000000000000000000000000000000000001005";
  static final String OWNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  static List<Input> inputs() {
    return List.of(
        // Recipient = Bob and ephemeral = Alice of RFC 7748 section 6.1, so the shared secret is
        // the
        // RFC's published value.
        new Input(
            "deployment",
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
            "000102030405060708090a0b",
            "{\"image\":\"sha256:00\",\"cpu\":2}".getBytes(StandardCharsets.UTF_8),
            ContractContext.deployment(1337, RESERVATIONS, OWNER, 1).bytes()),
        new Input(
            "result",
            "0101010101010101010101010101010101010101010101010101010101010101",
            "0202020202020202020202020202020202020202020202020202020202020202",
            "ffffffffffffffffffffffff",
            "{\"status\":\"ok\",\"endpoint\":\"203.0.113.7:443\"}".getBytes(StandardCharsets.UTF_8),
            ContractContext.result(1337, RESERVATIONS, 42, 7).bytes()),
        new Input(
            "empty",
            "a8abababababababababababababababababababababababababababababab6b",
            "c8cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd4d",
            "0000000000000000000000ff",
            new byte[0],
            new byte[0]));
  }

  /** Prints the vector blocks of docs/encryption.md. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("v2")) {
      printV2();
      return;
    }
    for (Input in : inputs()) {
      X25519KeyPair recipient = X25519KeyPair.fromPrivateKey(HEX.parseHex(in.recipientPrivate()));
      X25519KeyPair ephemeral = X25519KeyPair.fromPrivateKey(HEX.parseHex(in.ephemeralPrivate()));
      byte[] envelope =
          EnvelopeCipher.sealWith(
              recipient.publicKey(),
              in.plaintext(),
              in.associatedData(),
              HEX.parseHex(in.ephemeralPrivate()),
              HEX.parseHex(in.nonce()));
      System.out.println("```vector " + in.name());
      System.out.println("recipientPrivateKey = " + in.recipientPrivate());
      System.out.println("recipientPublicKey  = " + HEX.formatHex(recipient.publicKey()));
      System.out.println("ephemeralPrivateKey = " + in.ephemeralPrivate());
      System.out.println("ephemeralPublicKey  = " + HEX.formatHex(ephemeral.publicKey()));
      System.out.println("nonce               = " + in.nonce());
      System.out.println("plaintext           = " + HEX.formatHex(in.plaintext()));
      System.out.println("associatedData      = " + HEX.formatHex(in.associatedData()));
      System.out.println("envelope            = " + HEX.formatHex(envelope));
      System.out.println("```");
      System.out.println();
    }
  }

  /** Prints the version-2 vector blocks of docs/encryption.md. */
  static void printV2() throws Exception {
    for (InputV2 in : inputsV2()) {
      List<byte[]> publics = new ArrayList<>();
      for (String p : in.recipientPrivates()) {
        publics.add(X25519KeyPair.fromPrivateKey(HEX.parseHex(p)).publicKey());
      }
      byte[] envelope =
          EnvelopeCipher.sealWithV2(
              publics,
              in.plaintext(),
              in.associatedData(),
              HEX.parseHex(in.ephemeralPrivate()),
              HEX.parseHex(in.contentKey()),
              HEX.parseHex(in.nonce()));
      System.out.println("```vector-v2 " + in.name());
      for (int i = 0; i < publics.size(); i++) {
        System.out.println("recipient" + (i + 1) + "PrivateKey = " + in.recipientPrivates().get(i));
        System.out.println("recipient" + (i + 1) + "PublicKey  = " + HEX.formatHex(publics.get(i)));
      }
      System.out.println("ephemeralPrivateKey  = " + in.ephemeralPrivate());
      System.out.println(
          "ephemeralPublicKey   = "
              + HEX.formatHex(
                  X25519KeyPair.fromPrivateKey(HEX.parseHex(in.ephemeralPrivate())).publicKey()));
      System.out.println("contentKey           = " + in.contentKey());
      System.out.println("nonce                = " + in.nonce());
      System.out.println("plaintext            = " + hexOrEmpty(in.plaintext()));
      System.out.println("associatedData       = " + hexOrEmpty(in.associatedData()));
      System.out.println("envelope             = " + HEX.formatHex(envelope));
      System.out.println("```");
      System.out.println();
    }
  }

  private static String hexOrEmpty(byte[] b) {
    return b.length == 0 ? "(empty)" : HEX.formatHex(b);
  }

  /** The version-1 vectors of docs/encryption.md by name, each field name to its hex value. */
  static Map<String, Map<String, String>> fromDoc(Path doc) throws IOException {
    return fromDoc(doc, "vector");
  }

  /** The vectors of one block tag ({@code vector} or {@code vector-v2}) by name. */
  static Map<String, Map<String, String>> fromDoc(Path doc, String tag) throws IOException {
    String text = Files.readString(doc);
    Pattern block =
        Pattern.compile("```" + Pattern.quote(tag) + " (\\S+)\\n(.*?)```", Pattern.DOTALL);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Matcher m = block.matcher(text);
    while (m.find()) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : m.group(2).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] kv = line.split("=", 2);
        fields.put(kv[0].trim(), kv[1].trim());
      }
      out.put(m.group(1), fields);
    }
    return out;
  }

  static List<String> namesV2() {
    List<String> names = new ArrayList<>();
    inputsV2().forEach(i -> names.add(i.name()));
    return names;
  }

  static List<String> names() {
    List<String> names = new ArrayList<>();
    inputs().forEach(i -> names.add(i.name()));
    return names;
  }

  private EncryptionVectors() {}
}
