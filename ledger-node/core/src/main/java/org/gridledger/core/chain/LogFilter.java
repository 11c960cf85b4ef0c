package org.gridledger.core.chain;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.receipt.LogsBloom;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;

/**
 * Which logs an {@code eth_getLogs} query wants, as the execution-apis spec defines it: a log
 * matches if its address is one of {@code addresses} (any address when empty) and, for each
 * position {@code i} of {@code topics}, its topic {@code i} is one of {@code topics.get(i)} (any
 * topic when that list is empty, but the log must have a topic there only if the list is not
 * empty).
 */
public record LogFilter(List<Address> addresses, List<List<Hash>> topics) {
  /** Every log. */
  public static final LogFilter ALL = new LogFilter(List.of(), List.of());

  public LogFilter {
    addresses = List.copyOf(addresses);
    List<List<Hash>> copy = new ArrayList<>(topics.size());
    for (List<Hash> alternatives : topics) {
      copy.add(List.copyOf(alternatives));
    }
    topics = List.copyOf(copy);
  }

  public boolean matches(Log log) {
    if (!addresses.isEmpty() && !addresses.contains(log.address())) {
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      List<Hash> alternatives = topics.get(i);
      if (alternatives.isEmpty()) {
        continue;
      }
      if (i >= log.topics().size() || !alternatives.contains(log.topics().get(i))) {
        return false;
      }
    }
    return true;
  }

  /** False if no log summarised by {@code bloom} can match; true if one may. */
  public boolean mightMatch(LogsBloom bloom) {
    if (!addresses.isEmpty() && addresses.stream().noneMatch(bloom::mightContain)) {
      return false;
    }
    for (List<Hash> alternatives : topics) {
      if (!alternatives.isEmpty() && alternatives.stream().noneMatch(bloom::mightContain)) {
        return false;
      }
    }
    return true;
  }
}
