package org.gridledger.genesis;

import org.gridledger.evm.types.Address;

/**
 * The six grid contracts and the fixed addresses every Gridledger genesis places them at
 * (docs/contracts.md, "Deployment at fixed addresses").
 */
public enum GridContract {
  TWIN_REGISTRY("TwinRegistry", 0x1001),
  FARM_REGISTRY("FarmRegistry", 0x1002),
  NODE_REGISTRY("NodeRegistry", 0x1003),
  PRICING_POLICY("PricingPolicy", 0x1004),
  RESERVATIONS("Reservations", 0x1005),
  STAKING("Staking", 0x1006);

  private final String contractName;
  private final Address address;

  GridContract(String contractName, long address) {
    this.contractName = contractName;
    this.address = Address.ofLow(address);
  }

  /** The Solidity contract name, which is also its artifact's file name. */
  public String contractName() {
    return contractName;
  }

  public Address address() {
    return address;
  }
}
