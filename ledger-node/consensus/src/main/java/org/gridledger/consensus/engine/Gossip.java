package org.gridledger.consensus.engine;

import org.gridledger.consensus.message.ConsensusMessage;

/**
 * Delivers a message to every other validator (the consensus sub-protocol). Implementations relay
 * messages they see for the first time, so a validator that sends different messages to different
 * peers is seen doing so. Messages received from peers go to {@link BftDriver#onMessage}.
 */
public interface Gossip {
  void broadcast(ConsensusMessage message);
}
