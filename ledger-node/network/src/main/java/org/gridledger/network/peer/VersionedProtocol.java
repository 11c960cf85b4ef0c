package org.gridledger.network.peer;

import org.gridledger.network.p2p.Capability;

/**
 * The {@link ProtocolHandler} of one version of a capability that a node speaks in several versions
 * (eth/68-70, gbft/1-2): each version is registered as a handler of its own, and devp2p's
 * negotiation picks the highest one both peers speak.
 */
abstract class VersionedProtocol implements ProtocolHandler {
  protected final int version;
  private final Capability capability;
  private final int messageCount;

  /**
   * @param capability the capability's name and {@code version}
   * @param messageCount how many message ids that version uses
   */
  VersionedProtocol(Capability capability, int messageCount) {
    this.version = capability.version();
    this.capability = capability;
    this.messageCount = messageCount;
  }

  @Override
  public final Capability capability() {
    return capability;
  }

  @Override
  public final int messageCount() {
    return messageCount;
  }
}
