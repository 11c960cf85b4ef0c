package org.gridledger.network.peer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.gridledger.network.node.NodeId;

/**
 * Reputation of remote nodes: every offence (invalid data, protocol violation) lowers the score by
 * {@link #OFFENCE_PENALTY}; the {@code offencesBeforeBan}-th offence bans the node for {@code
 * banDuration}, after which it starts afresh. Thread-safe.
 */
public final class PeerScores {
  public static final int OFFENCE_PENALTY = 50;

  private record Entry(int score, int offences, Instant bannedUntil) {}

  private final Map<NodeId, Entry> entries = new HashMap<>();
  private final int offencesBeforeBan;
  private final Duration banDuration;
  private final Clock clock;

  public PeerScores(int offencesBeforeBan, Duration banDuration, Clock clock) {
    this.offencesBeforeBan = offencesBeforeBan;
    this.banDuration = banDuration;
    this.clock = clock;
  }

  /** Records one offence; returns whether the node is now banned. */
  public synchronized boolean offence(NodeId node) {
    Entry e = entries.getOrDefault(node, new Entry(0, 0, Instant.MIN));
    int offences = e.offences() + 1;
    Instant banned = e.bannedUntil();
    if (offences >= offencesBeforeBan) {
      banned = clock.instant().plus(banDuration);
      offences = 0;
    }
    entries.put(node, new Entry(e.score() - OFFENCE_PENALTY, offences, banned));
    return banned.isAfter(clock.instant());
  }

  /** The node's score: 0 for a node never seen misbehaving, lower for each offence. */
  public synchronized int score(NodeId node) {
    Entry e = entries.get(node);
    return e == null ? 0 : e.score();
  }

  public synchronized boolean isBanned(NodeId node) {
    Entry e = entries.get(node);
    return e != null && e.bannedUntil().isAfter(clock.instant());
  }
}
