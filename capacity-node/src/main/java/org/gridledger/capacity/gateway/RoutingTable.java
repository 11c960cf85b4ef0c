package org.gridledger.capacity.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.capacity.workload.WorkloadId;

/**
 * The gateway's routes by name and its byte counts by workload. The reconciler thread writes, the
 * proxy's event loop reads and counts; both maps are concurrent. A workload's count outlives its
 * route (the name contract may end while the workload runs on) until {@link #forget} — called when
 * the workload stops, as the port forwarders' counts end with them.
 */
public final class RoutingTable {
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<WorkloadId, AtomicLong> bytes = new ConcurrentHashMap<>();

  /** Adds or replaces the route of {@code route.name()}. */
  public void put(Route route) {
    routes.put(route.name(), route);
  }

  /** Removes the route of {@code name}; whether there was one. */
  public boolean remove(String name) {
    return routes.remove(name) != null;
  }

  /** Removes every route to {@code workload}. */
  public void removeWorkload(WorkloadId workload) {
    routes.values().removeIf(r -> r.workload().equals(workload));
  }

  public Optional<Route> lookup(String name) {
    return Optional.ofNullable(routes.get(name));
  }

  /** The routes now, by name (a copy). */
  public Map<String, Route> snapshot() {
    return Map.copyOf(routes);
  }

  /** Counts {@code n} bytes relayed for {@code workload}. */
  void count(WorkloadId workload, long n) {
    bytes.computeIfAbsent(workload, w -> new AtomicLong()).addAndGet(n);
  }

  /** Bytes relayed through the gateway for {@code workload}, both directions, since it started. */
  public long bytesRelayed(WorkloadId workload) {
    AtomicLong n = bytes.get(workload);
    return n == null ? 0 : n.get();
  }

  /** Drops the routes and the count of a stopped workload. */
  public void forget(WorkloadId workload) {
    removeWorkload(workload);
    bytes.remove(workload);
  }
}
