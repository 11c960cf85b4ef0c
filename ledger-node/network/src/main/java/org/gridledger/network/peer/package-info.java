/**
 * Peer management: the TCP listener and dialer, one session per connected peer (RLPx, p2p Hello,
 * Snappy), dispatch of capability messages to registered {@link
 * org.gridledger.network.peer.ProtocolHandler}s, peer limits, ping timeouts, and scoring and
 * banning of peers that send invalid data. Also the handlers of {@code eth/68} and {@code gbft/1}.
 */
package org.gridledger.network.peer;
