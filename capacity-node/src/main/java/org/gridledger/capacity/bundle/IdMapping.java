package org.gridledger.capacity.bundle;

/**
 * A user-namespace mapping: container uids and gids {@code 0..size-1} are host ids {@code
 * hostId..hostId+size-1}. Each workload gets its own range so that a process escaping one workload
 * owns nothing of another's.
 */
public record IdMapping(long hostId, long size) {
  public IdMapping {
    if (hostId <= 0 || size <= 0 || hostId + size > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("bad id mapping " + hostId + "+" + size);
    }
  }
}
