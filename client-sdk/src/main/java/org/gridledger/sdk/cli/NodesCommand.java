package org.gridledger.sdk.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.NodeInfo;
import org.gridledger.sdk.NodeOffer;
import org.gridledger.sdk.NodeQuery;
import org.gridledger.sdk.Wei;
import org.gridledger.sdk.spec.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grid nodes find}. */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = "Search the node registry.",
    subcommands = {NodesCommand.Find.class})
final class NodesCommand {

  static long size(String option, String text) throws CliFailure {
    return ByteSize.parse(text)
        .orElseThrow(
            () ->
                new CliFailure(
                    ExitCodes.USAGE, option + " " + text + " is not a size: write e.g. 4GiB"));
  }

  static Map<String, Object> json(NodeInfo n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("farmId", n.farmId());
    m.put("status", n.status());
    m.put("country", n.country());
    m.put("city", n.city());
    m.put("freeCru", n.free().cru());
    m.put("freeMru", n.free().mru());
    m.put("freeSru", n.free().sru());
    m.put("freeHru", n.free().hru());
    m.put("farmFreePublicIps", n.farmFreePublicIps());
    m.put("x25519PublicKey", n.x25519PublicKey());
    return m;
  }

  @Command(
      name = "find",
      mixinStandardHelpOptions = true,
      description =
          "Nodes with at least this much free capacity, cheapest first (price for what you ask).")
  static final class Find extends Leaf {
    @Option(names = "--cru", defaultValue = "0", description = "Free cores.")
    long cru;

    @Option(names = "--mru", defaultValue = "0", description = "Free memory, e.g. 4GiB.")
    String mru;

    @Option(names = "--sru", defaultValue = "0", description = "Free SSD, e.g. 20GiB.")
    String sru;

    @Option(names = "--hru", defaultValue = "0", description = "Free HDD.")
    String hru;

    @Option(names = "--country", description = "ISO country code, e.g. BE.")
    String country;

    @Option(names = "--farm", description = "Farm id.")
    Long farm;

    @Option(
        names = "--public-ips",
        defaultValue = "0",
        description = "Free public IPs needed in the node's farm.")
    int publicIps;

    @Option(names = "--max-price", description = "Most you pay per hour, e.g. '0.02 ether'.")
    String maxPrice;

    @Option(
        names = "--max-node-price",
        description =
            "Most the node itself costs per hour: renting all of it under its farm's policy"
                + " (the explorer's node price), e.g. '0.5 ether'.")
    String maxNodePrice;

    @Option(
        names = "--all",
        description =
            "Also list nodes that take no contracts now (offline, down, rented, unapproved).")
    boolean all;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "At most this many. Default: ${DEFAULT-VALUE}")
    int limit;

    @Override
    void run(GridCommand grid) throws Exception {
      NodeQuery q =
          NodeQuery.of(
                  new Capacity(cru, size("--mru", mru), size("--sru", sru), size("--hru", hru)))
              .withPublicIps(publicIps)
              .limit(limit);
      if (country != null) {
        q = q.inCountry(country);
      }
      if (farm != null) {
        q = q.inFarm(farm);
      }
      if (maxPrice != null) {
        q =
            q.maxPrice(
                Wei.parse(maxPrice)
                    .orElseThrow(
                        () ->
                            new CliFailure(
                                ExitCodes.USAGE,
                                "--max-price "
                                    + maxPrice
                                    + " is not an amount: write e.g. '0.02 ether'")));
      }
      if (maxNodePrice != null) {
        q =
            q.maxNodePrice(
                Wei.parse(maxNodePrice)
                    .orElseThrow(
                        () ->
                            new CliFailure(
                                ExitCodes.USAGE,
                                "--max-node-price "
                                    + maxNodePrice
                                    + " is not an amount: write e.g. '0.5 ether'")));
      }
      if (all) {
        q = q.includingUnavailable();
      }
      try (GridClient c = grid.readOnly()) {
        List<NodeOffer> offers = c.findNodes(q, warning -> grid.err.println("warning: " + warning));
        StringBuilder human = new StringBuilder();
        if (offers.isEmpty()) {
          human.append("no node matches (try --all to see unavailable nodes too)");
        } else {
          human.append(
              String.format(
                  "%-6s %-6s %-11s %-8s %6s %10s %10s %10s %4s  %s%n",
                  "NODE",
                  "FARM",
                  "STATUS",
                  "COUNTRY",
                  "CORES",
                  "MEMORY",
                  "SSD",
                  "HDD",
                  "IPS",
                  "PRICE/HOUR"));
          for (NodeOffer o : offers) {
            NodeInfo n = o.node();
            human.append(
                String.format(
                    "%-6d %-6d %-11s %-8s %6d %10s %10s %10s %4d  %s%n",
                    n.id(),
                    n.farmId(),
                    n.status(),
                    n.country(),
                    n.free().cru(),
                    ByteSize.format(n.free().mru()),
                    ByteSize.format(n.free().sru()),
                    ByteSize.format(n.free().hru()),
                    n.farmFreePublicIps(),
                    Wei.format(o.pricePerHour())));
          }
        }
        grid.emit(
            offers.stream()
                .map(
                    o -> {
                      Map<String, Object> m = json(o.node());
                      m.put("pricePerHourWei", o.pricePerHour().toString());
                      return m;
                    })
                .toList(),
            human.toString().stripTrailing());
      }
    }
  }
}
