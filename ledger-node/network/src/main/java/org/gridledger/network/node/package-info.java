/**
 * Node identities: {@link org.gridledger.network.node.NodeId} (the 64-byte secp256k1 public key of
 * discv4 and RLPx), {@link org.gridledger.network.node.EnodeUrl} ({@code enode://} URLs) and {@link
 * org.gridledger.network.node.NodeRecord} (Ethereum Node Records, devp2p enr.md / EIP-778).
 */
package org.gridledger.network.node;
