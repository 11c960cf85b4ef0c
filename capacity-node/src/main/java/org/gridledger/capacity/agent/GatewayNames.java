package org.gridledger.capacity.agent;

import java.util.Optional;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.GridException;

/**
 * Who holds a gateway name: one view call per name ({@code nameContractOf}), so the agent only ever
 * asks about the names its own workloads use, never scans the chain's name contracts.
 */
@FunctionalInterface
public interface GatewayNames {
  /** No name is held by anyone (a node without chain access to names, or tests). */
  GatewayNames NONE = name -> Optional.empty();

  /** The live (Created or GracePeriod) name contract holding {@code name}, if any. */
  Optional<ContractInfo> holderOf(String name) throws GridException;
}
