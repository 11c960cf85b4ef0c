package org.gridledger.sdk;

/**
 * Where the six grid contracts live. Every Gridledger genesis puts them at {@link #DEFAULT}
 * (docs/genesis.md).
 */
public record GridAddresses(
    String twins, String farms, String nodes, String pricing, String reservations, String staking) {
  public static final GridAddresses DEFAULT =
      new GridAddresses(
          "0x0000000000000000000000000000000000001001",
          "0x0000000000000000000000000000000000001002",
          "0x0000000000000000000000000000000000001003",
          "0x0000000000000000000000000000000000001004",
          "0x0000000000000000000000000000000000001005",
          "0x0000000000000000000000000000000000001006");
}
