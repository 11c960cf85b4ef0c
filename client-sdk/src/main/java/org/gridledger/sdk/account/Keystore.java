package org.gridledger.sdk.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gridledger.sdk.crypto.X25519KeyPair;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * A keystore directory: one V3 keystore file per account ({@code UTC--<time>--<address>.json},
 * Web3j's {@link WalletUtils}, readable by geth, cast and MetaMask) and next to it {@code
 * <address>.twin.json}, the account's X25519 twin key encrypted with the same password (scrypt →
 * AES-256-GCM, the address as associated data).
 */
public final class Keystore {
  /** scrypt cost of new files: STANDARD is geth's (n = 2^18, p = 1), LIGHT geth's light one. */
  public enum Strength {
    STANDARD(1 << 18, 1),
    LIGHT(1 << 12, 6);

    final int n;
    final int p;

    Strength(int n, int p) {
      this.n = n;
      this.p = p;
    }
  }

  /** BIP-44 path of Ethereum accounts: m/44'/60'/0'/0/index. */
  public static final String DERIVATION_PATH = "m/44'/60'/0'/0/<index>";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final Strength strength;
  private final SecureRandom random;

  public Keystore(Path dir, Strength strength, SecureRandom random) {
    this.dir = dir;
    this.strength = strength;
    this.random = random;
  }

  public Keystore(Path dir) {
    this(dir, Strength.STANDARD, new SecureRandom());
  }

  /**
   * The default directory: {@code $GRIDLEDGER_KEYSTORE} if set, else {@code
   * ~/.gridledger/keystore}.
   */
  public static Path defaultDir() {
    String env = System.getenv("GRIDLEDGER_KEYSTORE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".gridledger", "keystore");
  }

  public Path dir() {
    return dir;
  }

  /** Creates an account with a new random key. */
  public AccountInfo create(String password) throws KeystoreException {
    try {
      return store(Keys.createEcKeyPair(random), password);
    } catch (java.security.GeneralSecurityException e) {
      throw new KeystoreException(KeystoreException.Reason.IO, "cannot generate a key", e);
    }
  }

  /**
   * Imports a private key (64 hex digits, with or without 0x).
   *
   * @throws KeystoreException INVALID_INPUT for a malformed key, ALREADY_EXISTS if present
   */
  public AccountInfo importPrivateKey(String privateKeyHex, String password)
      throws KeystoreException {
    String hex = privateKeyHex.trim();
    if (hex.startsWith("0x") || hex.startsWith("0X")) {
      hex = hex.substring(2);
    }
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new KeystoreException(
          KeystoreException.Reason.INVALID_INPUT,
          "a private key is 64 hex digits (32 bytes), optionally with 0x; got "
              + hex.length()
              + " characters");
    }
    BigInteger key = new BigInteger(hex, 16);
    if (key.signum() == 0 || key.compareTo(org.web3j.crypto.Sign.CURVE_PARAMS.getN()) >= 0) {
      throw new KeystoreException(
          KeystoreException.Reason.INVALID_INPUT, "the private key is outside the secp256k1 range");
    }
    return store(ECKeyPair.create(key), password);
  }

  /**
   * Imports account {@code index} of a BIP-39 mnemonic (path m/44'/60'/0'/0/index, as geth,
   * MetaMask and anvil derive).
   */
  public AccountInfo importMnemonic(String mnemonic, String passphrase, int index, String password)
      throws KeystoreException {
    return store(fromMnemonic(mnemonic, passphrase, index), password);
  }

  /** The key pair of account {@code index} of a mnemonic. */
  public static ECKeyPair fromMnemonic(String mnemonic, String passphrase, int index)
      throws KeystoreException {
    String words = String.join(" ", mnemonic.trim().toLowerCase(Locale.ROOT).split("\\s+"));
    if (!MnemonicUtils.validateMnemonic(words)) {
      throw new KeystoreException(
          KeystoreException.Reason.INVALID_INPUT,
          "not a valid BIP-39 English mnemonic (12-24 words with a correct checksum)");
    }
    if (index < 0) {
      throw new KeystoreException(KeystoreException.Reason.INVALID_INPUT, "index must be >= 0");
    }
    byte[] seed = MnemonicUtils.generateSeed(words, passphrase == null ? "" : passphrase);
    Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
    int hardened = Bip32ECKeyPair.HARDENED_BIT;
    int[] path = {44 | hardened, 60 | hardened, hardened, 0, index};
    return Bip32ECKeyPair.deriveKeyPair(master, path);
  }

  /** Every account in the directory, by address. */
  public List<AccountInfo> list() throws KeystoreException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<AccountInfo> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("UTC--") && name.endsWith(".json")) {
          String address = addressOfKeystoreFile(file);
          Path twin = twinFile(address);
          out.add(
              new AccountInfo(
                  Keys.toChecksumAddress(address), file, twin, readTwinPublicKey(twin).orElse("")));
        }
      }
    } catch (IOException e) {
      throw new KeystoreException(KeystoreException.Reason.IO, "cannot read " + dir, e);
    }
    return out;
  }

  /** The account with this address. */
  public AccountInfo find(String address) throws KeystoreException {
    String want = normalise(address);
    for (AccountInfo a : list()) {
      if (normalise(a.address()).equals(want)) {
        return a;
      }
    }
    throw new KeystoreException(
        KeystoreException.Reason.NOT_FOUND,
        "no account "
            + address
            + " in "
            + dir
            + " (grid account list shows the accounts; grid account import adds one)");
  }

  /**
   * Decrypts an account's keys.
   *
   * @throws KeystoreException WRONG_PASSWORD, NOT_FOUND
   */
  public UnlockedAccount unlock(String address, String password) throws KeystoreException {
    AccountInfo info = find(address);
    Credentials credentials;
    try {
      credentials = WalletUtils.loadCredentials(password, info.keystoreFile().toFile());
    } catch (CipherException e) {
      throw new KeystoreException(
          KeystoreException.Reason.WRONG_PASSWORD,
          "wrong password for " + info.address() + " (" + info.keystoreFile() + ")");
    } catch (IOException e) {
      throw new KeystoreException(
          KeystoreException.Reason.IO, "cannot read " + info.keystoreFile(), e);
    }
    X25519KeyPair twin = openTwinKey(info, password);
    return new UnlockedAccount(credentials, twin);
  }

  private AccountInfo store(ECKeyPair key, String password) throws KeystoreException {
    if (password == null || password.isEmpty()) {
      throw new KeystoreException(
          KeystoreException.Reason.INVALID_INPUT, "a keystore password must not be empty");
    }
    String address = Keys.getAddress(key.getPublicKey());
    for (AccountInfo existing : list()) {
      if (normalise(existing.address()).equals(address)) {
        throw new KeystoreException(
            KeystoreException.Reason.ALREADY_EXISTS,
            "account " + existing.address() + " is already in " + dir);
      }
    }
    try {
      Files.createDirectories(dir);
      String name =
          WalletUtils.generateWalletFile(
              password, key, dir.toFile(), strength == Strength.STANDARD);
      X25519KeyPair twin = TwinKeys.derive(key.getPrivateKey());
      Path twinFile = twinFile(address);
      writeTwinKey(twinFile, address, twin, password);
      return new AccountInfo(
          Keys.toChecksumAddress(address), dir.resolve(name), twinFile, twin.publicKeyHex());
    } catch (IOException | CipherException e) {
      throw new KeystoreException(KeystoreException.Reason.IO, "cannot write to " + dir, e);
    }
  }

  private Path twinFile(String address) {
    return dir.resolve(normalise(address) + ".twin.json");
  }

  private void writeTwinKey(Path file, String address, X25519KeyPair twin, String password)
      throws IOException {
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    byte[] key = scrypt(password, salt, strength.n, strength.p);
    byte[] ciphertext;
    try {
      ciphertext = gcm(true, key, nonce, aad(address), twin.privateKey());
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("version", 1);
    node.put("address", "0x" + normalise(address));
    node.put("x25519PublicKey", twin.publicKeyHex());
    node.put("kdf", "scrypt");
    node.put("n", strength.n);
    node.put("r", 8);
    node.put("p", strength.p);
    node.put("salt", HexFormat.of().formatHex(salt));
    node.put("cipher", "aes-256-gcm");
    node.put("nonce", HexFormat.of().formatHex(nonce));
    node.put("ciphertext", HexFormat.of().formatHex(ciphertext));
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
  }

  private X25519KeyPair openTwinKey(AccountInfo info, String password) throws KeystoreException {
    Path file = info.twinKeyFile();
    if (!Files.exists(file)) {
      throw new KeystoreException(
          KeystoreException.Reason.NOT_FOUND,
          "twin key file " + file + " is missing: re-import the account to recreate it");
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      byte[] salt = HexFormat.of().parseHex(node.path("salt").asText());
      byte[] nonce = HexFormat.of().parseHex(node.path("nonce").asText());
      byte[] ciphertext = HexFormat.of().parseHex(node.path("ciphertext").asText());
      int n = node.path("n").asInt();
      int p = node.path("p").asInt();
      if (node.path("version").asInt() != 1 || n < 2 || p < 1) {
        throw new KeystoreException(
            KeystoreException.Reason.INVALID_INPUT, file + " is not a version-1 twin key file");
      }
      byte[] key = scrypt(password, salt, n, p);
      byte[] plain = gcm(false, key, nonce, aad(info.address()), ciphertext);
      return X25519KeyPair.fromPrivateKey(plain);
    } catch (InvalidCipherTextException e) {
      throw new KeystoreException(
          KeystoreException.Reason.WRONG_PASSWORD, "wrong password for twin key " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new KeystoreException(
          KeystoreException.Reason.INVALID_INPUT, "cannot read twin key file " + file, e);
    }
  }

  private static Optional<String> readTwinPublicKey(Path file) {
    try {
      return Optional.of(JSON.readTree(file.toFile()).path("x25519PublicKey").asText());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String addressOfKeystoreFile(Path file) throws IOException {
    return normalise(JSON.readTree(file.toFile()).path("address").asText());
  }

  static String normalise(String address) {
    String a = address.toLowerCase(Locale.ROOT);
    return a.startsWith("0x") ? a.substring(2) : a;
  }

  private static byte[] aad(String address) {
    return ("gridledger twin key v1 0x" + normalise(address)).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] scrypt(String password, byte[] salt, int n, int p) {
    return SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, n, 8, p, 32);
  }

  private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
      throws InvalidCipherTextException {
    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[cipher.getOutputSize(input.length)];
    int len = cipher.processBytes(input, 0, input.length, out, 0);
    cipher.doFinal(out, len);
    return out;
  }
}
