/**
 * The chain-driven agent: {@link org.gridledger.capacity.agent.CapacityNodeCommand} (the {@code
 * capacity-node} command), {@link org.gridledger.capacity.agent.Agent} (registration, uptime, the
 * reconciliation loop), {@link org.gridledger.capacity.agent.Reconciler} (desired set from the
 * chain vs actual set from runc), {@link org.gridledger.capacity.agent.DeploymentCheck} (hash,
 * decryption, spec, reservation), {@link org.gridledger.capacity.agent.BlockWatcher} (newHeads with
 * polling fallback) and {@link org.gridledger.capacity.agent.ChainView} (the contracts, via the
 * SDK's bindings and envelope).
 */
package org.gridledger.capacity.agent;
