package org.gridledger.network.peer;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timing of a {@link PeerManager}.
 *
 * @param maxInbound most peers that dialled us
 * @param maxOutbound most peers we dialled
 * @param pingInterval how often an idle peer is sent Ping
 * @param pingTimeout a peer silent (no message at all, Pong included) this long is disconnected
 *     with PING_TIMEOUT
 * @param offencesBeforeBan after this many invalid-data offences a peer is banned
 * @param banDuration how long a banned peer is refused
 * @param handshakeTimeout socket read timeout during the RLPx and Hello handshakes
 */
public record PeerManagerConfig(
    int maxInbound,
    int maxOutbound,
    Duration pingInterval,
    Duration pingTimeout,
    int offencesBeforeBan,
    Duration banDuration,
    Duration handshakeTimeout) {
  public PeerManagerConfig {
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(pingTimeout, "pingTimeout");
    Objects.requireNonNull(banDuration, "banDuration");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (maxInbound < 0 || maxOutbound < 0 || offencesBeforeBan < 1) {
      throw new IllegalArgumentException("limits must be non-negative, offences at least 1");
    }
  }

  /** 25 inbound, 25 outbound, ping every 15 s, 20 s timeout, banned for 1 h after 3 offences. */
  public static PeerManagerConfig defaults() {
    return new PeerManagerConfig(
        25,
        25,
        Duration.ofSeconds(15),
        Duration.ofSeconds(20),
        3,
        Duration.ofHours(1),
        Duration.ofSeconds(10));
  }
}
