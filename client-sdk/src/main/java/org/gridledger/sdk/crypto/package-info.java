/**
 * The encryption envelopes of deployments and results (docs/encryption.md): version byte, an
 * ephemeral X25519 key, HKDF-SHA256, AES-256-GCM with the contract context as associated data;
 * version 2 wraps one content key per recipient (the node and the owner); the strict parser of both
 * versions; X25519 key pairs.
 */
package org.gridledger.sdk.crypto;
