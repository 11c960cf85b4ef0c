/**
 * The {@code eth} sub-protocol, version 68 (ethereum/devp2p caps/eth.md): its messages with request
 * ids and limits ({@link org.gridledger.network.eth.EthMessage}), and the fork identifier of the
 * Status handshake (EIP-2124, {@link org.gridledger.network.eth.ForkId}). Headers, bodies, blocks
 * and transactions are the {@code core} types and encodings.
 */
package org.gridledger.network.eth;
