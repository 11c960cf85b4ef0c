/**
 * devp2p networking (ethereum/devp2p specifications). Subpackages: {@code rlpx} (the encrypted TCP
 * transport: ECIES handshake and framing), {@code p2p} (the base capability: Hello, Disconnect,
 * Ping, Pong, capability negotiation, Snappy after Hello), {@code snappy} (the block codec), {@code
 * eth} (eth/68 messages and EIP-2124 fork ids), {@code gbft} (the consensus capability), {@code
 * peer} (peer manager: listener, dialer, sessions, handlers, scoring), {@code discovery} (Node
 * Discovery v4 packets, table and service) and {@code node} (node identities: public-key node ids,
 * {@code enode://} URLs and Ethereum Node Records). Every decoder reports bad input as a {@link
 * org.gridledger.network.WireFormatException}.
 */
package org.gridledger.network;
