/**
 * Cryptography the EVM and transaction checks share: secp256k1 ECDSA as Ethereum uses it
 * (deterministic signing per RFC 6979 with low-s normalisation per EIP-2, public-key recovery for
 * transaction senders and the ecrecover precompile, verification, the private-key type), built on
 * Bouncy Castle's custom secp256k1 curve with the GLV endomorphism; and {@link
 * org.gridledger.evm.crypto.Kzg}, EIP-4844 KZG proof verification over the native c-kzg-4844
 * library with one trusted setup per process.
 */
package org.gridledger.evm.crypto;
