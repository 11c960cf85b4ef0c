package org.gridledger.capacity.runtime;

/**
 * A workload's cgroup counters at one moment.
 *
 * @param cpuNanos CPU time used by all its tasks since start (cpuacct.usage)
 * @param memoryBytes current memory charge
 * @param maxMemoryBytes the highest memory charge seen
 * @param memoryFailCount how often the memory limit was hit (memory.failcnt)
 * @param oomKills processes the OOM killer killed in this cgroup (memory.oom_control oom_kill)
 * @param pids current number of tasks
 * @param pidsLimitHits forks refused because of the pids limit (pids.events max)
 */
public record ResourceUsage(
    long cpuNanos,
    long memoryBytes,
    long maxMemoryBytes,
    long memoryFailCount,
    long oomKills,
    long pids,
    long pidsLimitHits) {}
