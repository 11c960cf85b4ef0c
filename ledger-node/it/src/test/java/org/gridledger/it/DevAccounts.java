package org.gridledger.it;

import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.evm.types.Hex;
import org.web3j.crypto.Credentials;

/**
 * The funded accounts of {@code gridledger dev} as the clients see them: each test uses its own
 * account so nonces never collide. Addresses are derived by web3j, not by our code.
 */
final class DevAccounts {
  private DevAccounts() {}

  /** The 0x-prefixed private key of dev account {@code index} (0..9). */
  static String privateKey(int index) {
    return Hex.encode(DevnetGenesis.accountKeys().get(index).toBytes());
  }

  static Credentials credentials(int index) {
    return Credentials.create(privateKey(index));
  }

  /** The lower-case 0x address of dev account {@code index}, derived by web3j. */
  static String address(int index) {
    return credentials(index).getAddress();
  }
}
