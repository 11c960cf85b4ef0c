package org.gridledger.capacity.gateway;

import org.gridledger.capacity.workload.WorkloadId;

/**
 * Where a gateway name leads: the workload's first TCP port at its address inside its network
 * namespace (reachable from the host over the workload's veth pair; the published host port is not
 * needed, so gateway traffic is counted once, by the gateway). A paused route answers 503.
 */
public record Route(String name, WorkloadId workload, String host, int port, boolean paused) {
  public Route {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("route port must be 1..65535: " + port);
    }
  }

  public Route withPaused(boolean p) {
    return new Route(name, workload, host, port, p);
  }
}
