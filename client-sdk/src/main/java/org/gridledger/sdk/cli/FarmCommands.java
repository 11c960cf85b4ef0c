package org.gridledger.sdk.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.sdk.FarmInfo;
import org.gridledger.sdk.GridClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid farm create|add-ip|approve-node|show}. */
@Command(
    name = "farm",
    mixinStandardHelpOptions = true,
    description = "Farms: a farmer's group of nodes, its pricing policy and public IPv4 addresses.",
    subcommands = {
      FarmCommands.Create.class,
      FarmCommands.AddIp.class,
      FarmCommands.Approve.class,
      FarmCommands.Show.class
    })
final class FarmCommands {
  static Map<String, Object> json(FarmInfo f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("name", f.name());
    m.put("twinId", f.twinId());
    m.put("pricingPolicyId", f.pricingPolicyId());
    m.put("payout", f.payout());
    m.put("certified", f.certified());
    m.put("freePublicIps", f.freePublicIps());
    return m;
  }

  static String human(FarmInfo f) {
    return "farm "
        + f.id()
        + " '"
        + f.name()
        + "'\n  twin      "
        + f.twinId()
        + "\n  policy    "
        + f.pricingPolicyId()
        + "\n  payout    "
        + f.payout()
        + "\n  free IPs  "
        + f.freePublicIps();
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a farm owned by your twin.")
  static final class Create extends Leaf {
    @Parameters(paramLabel = "<name>", description = "3-40 characters of A-Z a-z 0-9 _ -, unique.")
    String name;

    @Option(
        names = "--policy",
        defaultValue = "1",
        description = "Pricing policy id. Default: 1 (the default policy)")
    long policy;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        FarmInfo f = c.createFarm(name, policy);
        grid.emit(json(f), human(f));
      }
    }
  }

  @Command(
      name = "add-ip",
      mixinStandardHelpOptions = true,
      description = "Add a public IPv4 address to your farm.")
  static final class AddIp extends Leaf {
    @Parameters(index = "0", paramLabel = "<farm>", description = "Farm id.")
    long farm;

    @Parameters(index = "1", paramLabel = "<address/prefix>", description = "e.g. 203.0.113.10/24")
    String cidr;

    @Option(
        names = "--gateway",
        required = true,
        paramLabel = "<ip>",
        description = "The gateway of that network.")
    String gateway;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        long id = c.addPublicIp(farm, cidr, gateway);
        grid.emit(
            Map.of("farmId", farm, "ipId", id, "ip", cidr, "gateway", gateway),
            "added " + cidr + " (gateway " + gateway + ") to farm " + farm + " as IP " + id);
      }
    }
  }

  @Command(
      name = "approve-node",
      mixinStandardHelpOptions = true,
      description = "Approve a node of your farm.")
  static final class Approve extends Leaf {
    @Parameters(paramLabel = "<node>", description = "Node id.")
    long node;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        c.approveNode(node);
        grid.emit(Map.of("nodeId", node, "approved", true), "approved node " + node);
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a farm.")
  static final class Show extends Leaf {
    @Parameters(paramLabel = "<farm>", description = "Farm id.")
    long farm;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.readOnly()) {
        FarmInfo f = c.farm(farm);
        grid.emit(json(f), human(f));
      }
    }
  }
}
