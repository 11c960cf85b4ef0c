package org.gridledger.rpc.subscription;

import java.util.ArrayList;
import java.util.List;

/** A test subscriber that records what it is given. */
public final class RecordingSubscriber implements Subscriber {
  public final List<String> notifications = new ArrayList<>();
  private final int max;
  public boolean open = true;

  /**
   * @param max how many subscriptions it may hold
   */
  public RecordingSubscriber(int max) {
    this.max = max;
  }

  @Override
  public int maxSubscriptions() {
    return max;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void deliver(Subscription subscription, String notification) {
    notifications.add(notification);
  }
}
