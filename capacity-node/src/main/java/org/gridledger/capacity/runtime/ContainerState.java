package org.gridledger.capacity.runtime;

import java.util.Map;
import org.gridledger.capacity.workload.WorkloadId;

/**
 * A container as runc reports it, plus what the agent derives from its cgroups.
 *
 * @param pid the init process on the host (0 once stopped)
 * @param oomKilled whether the OOM killer killed a process of the workload
 * @param annotations the bundle's annotations (ports, network slot) as stored by runc
 */
public record ContainerState(
    WorkloadId id, Status status, long pid, boolean oomKilled, Map<String, String> annotations) {
  public ContainerState {
    annotations = Map.copyOf(annotations);
  }

  /** runc's container states. */
  public enum Status {
    CREATED,
    RUNNING,
    PAUSED,
    STOPPED;

    static Status parse(String runc) {
      return switch (runc) {
        case "created", "creating" -> CREATED;
        case "running" -> RUNNING;
        case "paused", "pausing" -> PAUSED;
        default -> STOPPED;
      };
    }
  }
}
