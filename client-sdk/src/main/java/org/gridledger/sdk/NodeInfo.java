package org.gridledger.sdk;

/**
 * A node as the registry has it, with what the search computed: whether it is online now and can
 * take contracts, and its farm's free public IPs.
 */
public record NodeInfo(
    long id,
    long farmId,
    long twinId,
    String account,
    boolean approved,
    boolean banned,
    boolean poweredUp,
    boolean online,
    long rentContractId,
    Capacity total,
    Capacity used,
    String x25519PublicKey,
    String country,
    String city,
    long farmFreePublicIps) {

  public Capacity free() {
    return total.minus(used);
  }

  /** Whether the node takes new node contracts (approved, not banned, up, online, not rented). */
  public boolean available() {
    return approved && !banned && poweredUp && online && rentContractId == 0;
  }

  /** One word for tables: available, offline, down, banned, unapproved or rented. */
  public String status() {
    if (!approved) {
      return "unapproved";
    }
    if (banned) {
      return "banned";
    }
    if (!poweredUp) {
      return "down";
    }
    if (!online) {
      return "offline";
    }
    return rentContractId != 0 ? "rented" : "available";
  }
}
