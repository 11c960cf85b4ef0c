package org.gridledger.evm.types;

import java.util.Arrays;
import java.util.List;

/**
 * An event emitted by LOG0..LOG4: the emitting contract, up to four topics and the data. The data
 * array is owned by the log and never modified.
 */
public record Log(Address address, List<Hash> topics, byte[] data) {
  public Log {
    topics = List.copyOf(topics);
    if (topics.size() > 4) {
      throw new IllegalArgumentException("a log has at most 4 topics, got " + topics.size());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Log l
        && address.equals(l.address)
        && topics.equals(l.topics)
        && Arrays.equals(data, l.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * address.hashCode() + topics.hashCode()) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Log[" + address + ", " + topics + ", " + Hex.encode(data) + "]";
  }
}
