/**
 * Value types describing a workload independent of how it runs: its id, the limits a reservation
 * grants ({@link org.gridledger.capacity.workload.WorkloadLimits}) and what to run ({@link
 * org.gridledger.capacity.workload.WorkloadSpec}).
 */
package org.gridledger.capacity.workload;
