package org.gridledger.core.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;
import org.junit.jupiter.api.Test;

class HdKeysTest {
  @Test
  void bip39SeedMatchesTheReferenceVector() {
    // BIP-39 reference vectors (trezor/python-mnemonic vectors.json), passphrase "TREZOR".
    byte[] seed =
        HdKeys.seed(
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
                + " abandon about",
            "TREZOR");
    assertThat(Hex.encode(seed))
        .isEqualTo(
            "0xc55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
  }

  @Test
  void testMnemonicGivesTheAnvilAndHardhatAccounts() {
    // Accounts 0 and 1 printed by anvil and hardhat for "test test ... junk".
    List<PrivateKey> keys = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 2);
    assertThat(keys.get(0).address())
        .isEqualTo(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assertThat(keys.get(1).address())
        .isEqualTo(Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
    assertThat(Hex.encode(keys.get(0).toBytes()))
        .isEqualTo("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  }
}
