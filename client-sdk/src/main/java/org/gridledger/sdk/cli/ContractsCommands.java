package org.gridledger.sdk.cli;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.FulfilmentResult;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid contracts list|show|topup|cancel|settle}. */
@Command(
    name = "contracts",
    mixinStandardHelpOptions = true,
    description = "Your contracts: state, escrow and runway; top up, cancel, settle.",
    subcommands = {
      ContractsCommands.ListMine.class,
      ContractsCommands.Show.class,
      ContractsCommands.TopUp.class,
      ContractsCommands.Cancel.class,
      ContractsCommands.Settle.class
    })
final class ContractsCommands {
  static Map<String, Object> json(ContractInfo c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("kind", c.kind());
    m.put("state", c.state());
    m.put("nodeId", c.nodeId());
    m.put("name", c.name());
    m.put("rentContractId", c.rentContractId());
    m.put("twinId", c.twinId());
    m.put("owner", c.owner());
    m.put("billing", c.billing());
    m.put("escrowWei", c.escrow().toString());
    m.put("ratePerHourWei", c.ratePerHour().toString());
    m.put("accruedWei", c.accrued().toString());
    m.put("runwaySeconds", c.runway().toSeconds());
    m.put("cru", c.resources().cru());
    m.put("mru", c.resources().mru());
    m.put("sru", c.resources().sru());
    m.put("hru", c.resources().hru());
    m.put("publicIps", c.publicIps());
    m.put("deploymentHash", c.deploymentHash());
    m.put("createdAt", c.createdAt());
    return m;
  }

  /** Cancels contract {@code id}, withdraws what is credited, prints both. */
  static void cancelAndWithdraw(GridCommand grid, GridClient c, long id) throws GridException {
    BigInteger refund = c.cancel(id);
    BigInteger withdrawn = c.withdraw();
    grid.emit(
        Map.of(
            "contractId", id, "refundWei", refund.toString(), "withdrawnWei", withdrawn.toString()),
        "cancelled contract "
            + id
            + ": refund "
            + Wei.format(refund)
            + ", withdrawn "
            + Wei.format(withdrawn));
  }

  /** Node id for node and rent contracts, the name for name contracts. */
  static String target(ContractInfo c) {
    return c.kind().equals("Name") ? c.name() : Long.toString(c.nodeId());
  }

  static String runway(ContractInfo c) {
    return !c.live() ? "-" : c.unbilled() ? "unbilled" : runway(c.runway());
  }

  static String runway(Duration d) {
    long h = d.toHours();
    return h >= 48
        ? (h / 24) + " d"
        : h >= 1 ? h + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min";
  }

  static String human(ContractInfo c) {
    StringBuilder b = new StringBuilder();
    b.append("contract ").append(c.id()).append(" (").append(c.kind()).append(")");
    b.append("\n  state     ").append(c.state());
    if (c.billing()) {
      b.append(" (billing)");
    } else if (c.kind().equals("Node")) {
      b.append(" (not billed: not fulfilled yet, or the node reported a failure)");
    } else {
      b.append(" (not billed)");
    }
    switch (c.kind()) {
      case "Name" -> b.append("\n  name      ").append(c.name());
      case "Rent" -> b.append("\n  node      ").append(c.nodeId()).append(" (rented whole)");
      default -> {
        b.append("\n  node      ").append(c.nodeId());
        if (c.rentContractId() != 0) {
          b.append(" (rented: rent contract ").append(c.rentContractId()).append(")");
        }
      }
    }
    b.append("\n  owner     ").append(c.owner()).append(" (twin ").append(c.twinId()).append(")");
    if (!c.kind().equals("Name")) {
      b.append("\n  reserved  ").append(c.resources());
      b.append(", ").append(c.publicIps()).append(" public IPs");
    }
    b.append("\n  rate      ").append(Wei.format(c.ratePerHour())).append(" per hour");
    b.append("\n  escrow    ").append(Wei.format(c.escrow()));
    b.append(" (accrued, not yet settled: ").append(Wei.format(c.accrued())).append(")");
    b.append("\n  runway    ").append(runway(c));
    if (c.kind().equals("Node")) {
      b.append("\n  deployment hash ").append(c.deploymentHash());
    }
    return b.toString();
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Your contracts with state and runway.")
  static final class ListMine extends Leaf {
    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        List<ContractInfo> all = c.myContracts();
        StringBuilder human = new StringBuilder();
        if (all.isEmpty()) {
          human.append("no contracts (grid deploy creates one)");
        } else {
          human.append(
              String.format(
                  "%-6s %-5s %-12s %-12s %18s %18s  %s%n",
                  "ID", "TYPE", "NODE/NAME", "STATE", "ESCROW", "RATE/HOUR", "RUNWAY"));
          for (ContractInfo ci : all) {
            human.append(
                String.format(
                    "%-6d %-5s %-12s %-12s %18s %18s  %s%n",
                    ci.id(),
                    ci.kind(),
                    target(ci),
                    ci.state(),
                    Wei.format(ci.escrow()),
                    Wei.format(ci.ratePerHour()),
                    runway(ci)));
          }
        }
        grid.emit(
            all.stream().map(ContractsCommands::json).toList(), human.toString().stripTrailing());
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One contract.")
  static final class Show extends Leaf {
    @Parameters(paramLabel = "<id>", description = "Contract id.")
    long id;

    @Option(
        names = "--decrypt",
        description =
            "Also read the deployment spec and the node's last report (running with its endpoint,"
                + " or failed with its reason) from the chain and decrypt them with your twin key"
                + " (node contracts you own; needs your account).")
    boolean decrypt;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = decrypt ? grid.signing() : grid.readOnly()) {
        ContractInfo ci = c.contract(id);
        if (!decrypt) {
          grid.emit(json(ci), human(ci));
          return;
        }
        String spec = new String(c.openDeployment(id), StandardCharsets.UTF_8);
        Map<String, Object> m = json(ci);
        m.put("deployment", spec);
        StringBuilder h = new StringBuilder(human(ci));
        h.append("\n  deployment (decrypted with your twin key)\n  ").append(spec);
        Optional<FulfilmentResult> report = c.lastReport(id);
        if (report.isPresent()) {
          FulfilmentResult r = report.get();
          Map<String, Object> last = new LinkedHashMap<>();
          last.put("failed", r.failed());
          last.put("blockNumber", r.blockNumber());
          last.put("result", r.text());
          m.put("lastReport", last);
          h.append("\n  last report: ")
              .append(r.failed() ? "FAILED" : "fulfilled")
              .append(" in block ")
              .append(r.blockNumber())
              .append("\n  ")
              .append(r.text());
        } else {
          h.append("\n  last report: none (the node has not reported yet)");
        }
        grid.emit(m, h.toString());
      }
    }
  }

  @Command(
      name = "topup",
      mixinStandardHelpOptions = true,
      description = "Add escrow to a contract.")
  static final class TopUp extends Leaf {
    @Parameters(index = "0", paramLabel = "<id>", description = "Contract id.")
    long id;

    @Parameters(
        index = "1",
        paramLabel = "<amount>",
        description = "e.g. '0.5 ether', '1000000 gwei' or wei.")
    String amount;

    @Override
    void run(GridCommand grid) throws Exception {
      BigInteger wei =
          Wei.parse(amount)
              .orElseThrow(
                  () ->
                      new CliFailure(
                          ExitCodes.USAGE,
                          "'" + amount + "' is not an amount: write e.g. '0.5 ether'"));
      try (GridClient c = grid.signing()) {
        ContractInfo ci = c.topUp(id, wei);
        grid.emit(
            json(ci),
            "topped up contract "
                + id
                + " by "
                + Wei.format(wei)
                + ": escrow "
                + Wei.format(ci.escrow())
                + ", runway "
                + runway(ci.runway()));
      }
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancel a contract and withdraw the refund.")
  static final class Cancel extends Leaf {
    @Parameters(paramLabel = "<id>", description = "Contract id.")
    long id;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        cancelAndWithdraw(grid, c, id);
      }
    }
  }

  @Command(
      name = "settle",
      mixinStandardHelpOptions = true,
      description = "Bill a contract up to now (anyone may).")
  static final class Settle extends Leaf {
    @Parameters(paramLabel = "<id>", description = "Contract id.")
    long id;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        c.settle(id);
        ContractInfo ci = c.contract(id);
        grid.emit(
            json(ci),
            "settled contract " + id + ": " + ci.state() + ", escrow " + Wei.format(ci.escrow()));
      }
    }
  }
}
