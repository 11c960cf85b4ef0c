package org.gridledger.capacity.workload;

/** A TCP port of the workload published on a host port. */
public record PortMapping(int containerPort, int hostPort) {
  public PortMapping {
    if (containerPort < 1 || containerPort > 65535 || hostPort < 1 || hostPort > 65535) {
      throw new IllegalArgumentException(
          "ports must be 1..65535: " + containerPort + "->" + hostPort);
    }
  }
}
