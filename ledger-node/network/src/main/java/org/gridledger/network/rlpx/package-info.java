/**
 * The RLPx transport (ethereum/devp2p rlpx.md, EIP-8): {@link org.gridledger.network.rlpx.Ecies}
 * ("ECIES Encryption"), the handshake ("Initial Handshake": {@link
 * org.gridledger.network.rlpx.AuthMessage}, {@link org.gridledger.network.rlpx.AckMessage}, {@link
 * org.gridledger.network.rlpx.HandshakePackets}, {@link
 * org.gridledger.network.rlpx.InitiatorHandshake}, {@link
 * org.gridledger.network.rlpx.RecipientHandshake}), the derived {@link
 * org.gridledger.network.rlpx.Secrets}, framing with MACs ("Framing", "MAC": {@link
 * org.gridledger.network.rlpx.FrameCodec}, {@link org.gridledger.network.rlpx.MacState}) and a
 * blocking socket connection ({@link org.gridledger.network.rlpx.RlpxConnection}).
 *
 * <p>Frames carry message data as given; the Snappy compression of messages after Hello (EIP-706)
 * is applied above this layer, in {@link org.gridledger.network.p2p.P2pPeer}.
 */
package org.gridledger.network.rlpx;
