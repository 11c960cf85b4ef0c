/**
 * The encryption envelope of deployments and results (docs/encryption.md): version byte, an
 * ephemeral X25519 key, HKDF-SHA256, AES-256-GCM with the contract context as associated data; the
 * strict parser of its bytes; X25519 key pairs.
 */
package org.gridledger.sdk.crypto;
