/**
 * The capacity node benchmark ({@code make bench-capacity}): {@code gridledger dev} and the agent
 * started as real processes (the agent through its launcher, with the launcher's JVM flags),
 * workloads deployed through the SDK and run by real runc containers. Measures the agent's resident
 * memory with 0 and 20 workloads and a running workload's request latency with and without 10
 * CPU-busy neighbours being deployed next to it.
 */
package org.gridledger.bench.capacity;
