package org.gridledger.capacity.agent;

/** A config file that cannot be used; the message names the file and the key. */
public final class AgentConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentConfigException(String message) {
    super(message);
  }
}
