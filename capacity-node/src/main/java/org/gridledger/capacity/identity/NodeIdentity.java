package org.gridledger.capacity.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.sdk.account.AccountInfo;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.KeystoreException;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.crypto.X25519KeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's identity: a secp256k1 account (signs registration, uptime, fulfilment and consumption
 * transactions) and an X25519 key pair (opens the deployments sealed to the node). Both live in
 * {@code <dataDir>/identity/} as the SDK's keystore files: the account as a Web3 secret-storage
 * file (scrypt + AES-128-CTR), the X25519 key in the SDK's {@code .twin.json} (scrypt +
 * AES-256-GCM), directory mode 0700, files 0600.
 *
 * <p>The X25519 key is the account's twin key ({@link org.gridledger.sdk.account.TwinKeys}, HKDF of
 * the account key), the same key the SDK's {@code NodeOperator} registers as a node's deployment
 * key: one secret to seal, one implementation of the derivation.
 */
public final class NodeIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);

  /** Environment variable holding the passphrase that seals the identity. */
  public static final String PASSPHRASE_ENV = "GRIDLEDGER_NODE_PASSPHRASE";

  private final UnlockedAccount account;
  private final boolean created;

  private NodeIdentity(UnlockedAccount account, boolean created) {
    this.account = account;
    this.created = created;
  }

  /**
   * The passphrase: {@code $GRIDLEDGER_NODE_PASSPHRASE} if set, else the first line of {@code
   * passphraseFile} (which must not be readable by group or others).
   */
  public static String passphrase(Map<String, String> env, Optional<Path> passphraseFile)
      throws IdentityException {
    String fromEnv = env.get(PASSPHRASE_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    if (passphraseFile.isEmpty()) {
      throw new IdentityException(
          "no passphrase for the node identity: set "
              + PASSPHRASE_ENV
              + " or passphraseFile in the config");
    }
    Path file = passphraseFile.get();
    try {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
      if (!mode.substring(3).equals("------")) {
        throw new IdentityException(
            "passphrase file " + file + " has mode " + mode + ": chmod 600 it");
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new IdentityException("passphrase file " + file + " is empty");
      }
      return lines.get(0);
    } catch (IOException e) {
      throw new IdentityException("cannot read passphrase file " + file + ": " + e, e);
    }
  }

  /**
   * Opens the identity in {@code dataDir/identity}, creating it on first boot.
   *
   * @throws IdentityException for a wrong passphrase, several accounts in the directory, or I/O
   */
  public static NodeIdentity openOrCreate(
      Path dataDir, String passphrase, Keystore.Strength strength) throws IdentityException {
    Path dir = dataDir.resolve("identity");
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Keystore keystore = new Keystore(dir, strength, new SecureRandom());
      List<AccountInfo> accounts = keystore.list();
      boolean created = false;
      AccountInfo info;
      if (accounts.isEmpty()) {
        info = keystore.create(passphrase);
        created = true;
        LOG.atInfo().addKeyValue("address", info.address()).log("created node identity");
      } else if (accounts.size() == 1) {
        info = accounts.get(0);
      } else {
        throw new IdentityException(
            dir + " holds " + accounts.size() + " accounts; a node has exactly one");
      }
      for (Path f : List.of(info.keystoreFile(), info.twinKeyFile())) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
      }
      return new NodeIdentity(keystore.unlock(info.address(), passphrase), created);
    } catch (KeystoreException e) {
      throw new IdentityException("node identity in " + dir + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IdentityException("node identity in " + dir + ": " + e, e);
    }
  }

  /** The account (signing key and X25519 key). */
  public UnlockedAccount account() {
    return account;
  }

  /** The key deployments are sealed to. */
  public X25519KeyPair deploymentKey() {
    return account.twinKey();
  }

  public String address() {
    return account.address();
  }

  /** Whether this call created the identity (first boot). */
  public boolean created() {
    return created;
  }

  @Override
  public String toString() {
    return "NodeIdentity[" + address() + "]";
  }
}
