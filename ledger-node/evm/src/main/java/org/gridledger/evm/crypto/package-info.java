/**
 * secp256k1 ECDSA as Ethereum uses it: deterministic signing (RFC 6979) with low-s normalisation
 * (EIP-2), public-key recovery (the core of transaction sender recovery and of the ecrecover
 * precompile), verification, and the private-key type. Built on Bouncy Castle's custom secp256k1
 * curve, which uses the GLV endomorphism for fast scalar multiplication.
 */
package org.gridledger.evm.crypto;
