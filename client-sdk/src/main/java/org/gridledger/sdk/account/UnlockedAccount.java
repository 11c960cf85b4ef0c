package org.gridledger.sdk.account;

import org.gridledger.sdk.crypto.X25519KeyPair;
import org.web3j.crypto.Credentials;

/**
 * An account whose keys are decrypted: the secp256k1 credentials that sign transactions and the
 * X25519 twin key that opens results. {@link #toString()} shows the address only.
 */
public record UnlockedAccount(Credentials credentials, X25519KeyPair twinKey) {
  public String address() {
    return credentials.getAddress();
  }

  @Override
  public String toString() {
    return "UnlockedAccount[" + address() + "]";
  }
}
