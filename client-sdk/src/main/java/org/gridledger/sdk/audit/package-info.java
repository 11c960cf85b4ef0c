/**
 * Audit of reservations without trusting the node: Merkle-Patricia proofs from {@code eth_getProof}
 * verified against the block's state root, the block header's hash recomputed from its fields, its
 * seal checked by a pluggable {@link org.gridledger.sdk.audit.SealVerifier}, and the contract's
 * history from events. The verifier is our own code on Web3j's RLP and Bouncy Castle's Keccak; it
 * does not use the ledger node's classes, so the SDK carries no RocksDB.
 */
package org.gridledger.sdk.audit;
