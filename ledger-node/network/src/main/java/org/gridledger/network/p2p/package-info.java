/**
 * The "p2p" base capability of devp2p (rlpx.md "Capability Messaging", "p2p Capability"): the
 * {@link org.gridledger.network.p2p.P2pMessage} codecs (Hello, Disconnect, Ping, Pong), capability
 * negotiation and message-id assignment ({@link org.gridledger.network.p2p.SharedCapabilities}),
 * and a peer session over an RLPx connection ({@link org.gridledger.network.p2p.P2pPeer}).
 */
package org.gridledger.network.p2p;
