/**
 * Cryptographic primitives the EVM and transaction checks share: {@link
 * org.gridledger.evm.crypto.Kzg} (EIP-4844 KZG proofs, one trusted setup per process).
 */
package org.gridledger.evm.crypto;
