package org.gridledger.sdk.account;

import java.nio.file.Path;

/**
 * An account in a keystore directory: its address (EIP-55), its V3 keystore file, its encrypted
 * twin-key file and the twin key's X25519 public key (public, safe to show).
 */
public record AccountInfo(
    String address, Path keystoreFile, Path twinKeyFile, String x25519PublicKey) {}
