/**
 * Accounts: V3 keystore files (Web3j's {@code WalletUtils}) in a keystore directory, import from a
 * BIP-39 mnemonic or a private key, and each account's X25519 twin key, kept encrypted next to its
 * keystore file. Nothing here prints or logs a private key.
 */
package org.gridledger.sdk.account;
