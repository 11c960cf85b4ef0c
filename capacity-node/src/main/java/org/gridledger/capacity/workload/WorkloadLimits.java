package org.gridledger.capacity.workload;

/**
 * The resources a workload may use, enforced by cgroups and the volume size.
 *
 * @param cpuMillis CPU in thousandths of a core (1 cru = 1 core = 1000): a CFS quota of {@code
 *     cpuMillis/1000} periods per period
 * @param memoryBytes memory limit (mru); swap is not granted on top of it
 * @param diskBytes size of the writable volume (sru)
 * @param pids maximum number of processes and threads
 */
public record WorkloadLimits(long cpuMillis, long memoryBytes, long diskBytes, long pids) {
  /**
   * Below this the kernel's CFS quota is too coarse to mean anything (the kernel minimum is 1 ms).
   */
  public static final long MIN_CPU_MILLIS = 10;

  public static final long MIN_MEMORY_BYTES = 8L << 20;
  public static final long MIN_DISK_BYTES = 8L << 20;

  public WorkloadLimits {
    if (cpuMillis < MIN_CPU_MILLIS) {
      throw new IllegalArgumentException("cpuMillis " + cpuMillis + " < " + MIN_CPU_MILLIS);
    }
    if (memoryBytes < MIN_MEMORY_BYTES) {
      throw new IllegalArgumentException("memoryBytes " + memoryBytes + " < " + MIN_MEMORY_BYTES);
    }
    if (diskBytes < MIN_DISK_BYTES) {
      throw new IllegalArgumentException("diskBytes " + diskBytes + " < " + MIN_DISK_BYTES);
    }
    if (pids < 1) {
      throw new IllegalArgumentException("pids " + pids + " < 1");
    }
  }

  /**
   * Limits from a reservation's resource units: cru in cores, mru and sru in bytes (GridTypes.sol),
   * and the node's per-workload process limit.
   */
  public static WorkloadLimits fromUnits(long cru, long mru, long sru, long pids) {
    return new WorkloadLimits(Math.multiplyExact(cru, 1000L), mru, sru, pids);
  }
}
