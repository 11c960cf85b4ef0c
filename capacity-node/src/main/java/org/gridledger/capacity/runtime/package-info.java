/**
 * Running workloads as OCI containers with runc ({@link
 * org.gridledger.capacity.runtime.ContainerRuntime}): the runc command line ({@link
 * org.gridledger.capacity.runtime.Runc}), the host side of a workload (network namespace and veth
 * pair in {@link org.gridledger.capacity.runtime.WorkloadNetwork}, the loop-mounted volume and the
 * secrets tmpfs in {@link org.gridledger.capacity.runtime.HostMounts}), published ports ({@link
 * org.gridledger.capacity.runtime.PortForwarder}) and cgroup accounting ({@link
 * org.gridledger.capacity.runtime.Cgroups}).
 */
package org.gridledger.capacity.runtime;
