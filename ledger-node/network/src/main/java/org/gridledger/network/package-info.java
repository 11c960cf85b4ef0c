/**
 * devp2p networking (ethereum/devp2p specifications). Subpackages: {@code rlpx} (the encrypted TCP
 * transport: ECIES handshake and framing), {@code p2p} (the base capability: Hello, Disconnect,
 * Ping, Pong and capability negotiation), {@code discovery} (Node Discovery v4 packets) and {@code
 * node} (node identities: public-key node ids, {@code enode://} URLs and Ethereum Node Records).
 * Every decoder reports bad input as a {@link org.gridledger.network.WireFormatException}.
 */
package org.gridledger.network;
