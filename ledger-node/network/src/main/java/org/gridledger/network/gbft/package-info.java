/**
 * The {@code gbft/1} capability: the devp2p sub-protocol that carries Gridledger's BFT consensus
 * messages between validators. It has one message id whose data is the opaque consensus message;
 * the consensus module owns the message codec, this package only carries its bytes.
 */
package org.gridledger.network.gbft;
