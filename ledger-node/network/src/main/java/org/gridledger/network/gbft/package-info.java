/**
 * The {@code gbft} capability: the devp2p sub-protocol that carries Gridledger's BFT consensus
 * messages between validators. Version 1 has one message id whose data is the opaque consensus
 * message; version 2 adds Have, the hash of a payload the sender holds. The consensus module owns
 * the message codec, this package only carries its bytes.
 */
package org.gridledger.network.gbft;
