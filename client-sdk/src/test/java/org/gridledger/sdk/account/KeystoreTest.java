package org.gridledger.sdk.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
  static final String TEST_MNEMONIC = "test test test test test test test test test test test junk";

  @TempDir Path dir;

  private Keystore keystore() {
    return new Keystore(dir.resolve("keys"), Keystore.Strength.LIGHT, new SecureRandom());
  }

  @Test
  void mnemonicImportGivesTheWellKnownDevAccounts() throws Exception {
    // The anvil/hardhat accounts 0 and 1 of the public test mnemonic (printed by anvil and by
    // gridledger dev).
    AccountInfo a0 = keystore().importMnemonic(TEST_MNEMONIC, "", 0, "pw");
    assertThat(a0.address()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    AccountInfo a1 = keystore().importMnemonic(TEST_MNEMONIC, "", 1, "pw");
    assertThat(a1.address()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    UnlockedAccount u = keystore().unlock(a1.address(), "pw");
    assertThat(u.credentials().getEcKeyPair().getPrivateKey().toString(16))
        .isEqualTo("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    assertThat(u.toString()).doesNotContain("59c6995e");
  }

  @Test
  void createListUnlockAndTwinKey() throws Exception {
    Keystore ks = keystore();
    AccountInfo created = ks.create("secret");
    assertThat(Files.exists(created.keystoreFile())).isTrue();
    assertThat(Files.readString(created.twinKeyFile())).contains("x25519PublicKey");
    assertThat(ks.list()).extracting(AccountInfo::address).containsExactly(created.address());
    UnlockedAccount u = ks.unlock(created.address().toLowerCase(), "secret");
    assertThat(u.address()).isEqualToIgnoringCase(created.address());
    assertThat(u.twinKey().publicKeyHex()).isEqualTo(created.x25519PublicKey());
    assertThat(u.twinKey())
        .isEqualTo(TwinKeys.derive(u.credentials().getEcKeyPair().getPrivateKey()));
    String privateHex = u.credentials().getEcKeyPair().getPrivateKey().toString(16);
    for (Path f : Files.list(ks.dir()).toList()) {
      assertThat(Files.readString(f)).doesNotContain(privateHex);
    }
  }

  @Test
  void errorsAreTyped() throws Exception {
    Keystore ks = keystore();
    AccountInfo a =
        ks.importPrivateKey(
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "right");
    assertThatThrownBy(() -> ks.unlock(a.address(), "wrong"))
        .isInstanceOfSatisfying(
            KeystoreException.class,
            e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.WRONG_PASSWORD))
        .hasMessageContaining("wrong password");
    assertThatThrownBy(
            () ->
                ks.importPrivateKey(
                    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "x"))
        .isInstanceOfSatisfying(
            KeystoreException.class,
            e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.ALREADY_EXISTS));
    assertThatThrownBy(() -> ks.importPrivateKey("0x1234", "x"))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> ks.importMnemonic("test test test", "", 0, "x"))
        .hasMessageContaining("BIP-39");
    assertThatThrownBy(() -> ks.unlock("0x0000000000000000000000000000000000000001", "x"))
        .isInstanceOfSatisfying(
            KeystoreException.class,
            e -> assertThat(e.reason()).isEqualTo(KeystoreException.Reason.NOT_FOUND));
  }
}
