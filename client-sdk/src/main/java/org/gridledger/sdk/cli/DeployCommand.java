package org.gridledger.sdk.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.Deployment;
import org.gridledger.sdk.FulfilmentResult;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.NodeOffer;
import org.gridledger.sdk.NodeQuery;
import org.gridledger.sdk.Progress;
import org.gridledger.sdk.Quote;
import org.gridledger.sdk.Wei;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.gridledger.sdk.spec.SpecParser;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid deploy spec.yaml [--node N | --auto]}. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Validate a deployment spec, price it, encrypt it to the node and create the node contract"
            + " with escrow for --hours; then wait for the node to report it fulfilled and decrypt"
            + " the result. Submitting the same spec again finds the live contract and sends"
            + " nothing.")
final class DeployCommand extends Leaf {
  @Parameters(
      paramLabel = "<spec>",
      description = "Deployment spec, YAML or JSON (docs/deployment-spec.md).")
  Path specFile;

  static final class Target {
    @Option(names = "--node", paramLabel = "<id>", description = "Deploy on this node.")
    Long node;

    @Option(
        names = "--auto",
        description = "Pick the cheapest node that fits (and matches the location hint).")
    boolean auto;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(
      names = "--hours",
      defaultValue = "24",
      description =
          "Hours of escrow to deposit (at least one billing period). Default: ${DEFAULT-VALUE}")
  long hours;

  @Option(
      names = "--timeout",
      defaultValue = "300",
      description = "Seconds to wait for fulfilment. Default: ${DEFAULT-VALUE}")
  long timeoutSeconds;

  @Option(names = "--no-wait", description = "Return once the contract is in a block.")
  boolean noWait;

  @Override
  void run(GridCommand grid) throws Exception {
    DeploymentSpec spec = new SpecParser().read(specFile);
    grid.progress(
        "spec "
            + specFile
            + " is valid: "
            + spec.name()
            + " ("
            + Capacity.of(spec.resources())
            + ", "
            + spec.publicIps()
            + " public IPs)");
    try (GridClient c = grid.signing()) {
      long nodeId;
      var existing =
          target.auto
              ? c.existingDeployment(spec)
              : java.util.Optional.<org.gridledger.sdk.ContractInfo>empty();
      if (existing.isPresent()) {
        nodeId = existing.get().nodeId();
      } else if (target.auto) {
        NodeQuery q =
            NodeQuery.of(Capacity.of(spec.resources())).withPublicIps(spec.publicIps()).limit(1);
        if (spec.location().isPresent()) {
          q = q.inCountry(spec.location().get().country());
        }
        List<NodeOffer> offers = c.findNodes(q);
        if (offers.isEmpty()) {
          throw new GridException.NotFound(
              "no available node has "
                  + Capacity.of(spec.resources())
                  + " free"
                  + (spec.publicIps() > 0 ? " and " + spec.publicIps() + " public IPs" : "")
                  + spec.location().map(l -> " in " + l.country()).orElse("")
                  + ": ask for less (grid nodes find --all shows what exists)");
        }
        nodeId = offers.getFirst().node().id();
        grid.progress("picked node " + nodeId + " (cheapest that fits)");
      } else {
        nodeId = target.node;
      }
      Quote quote = c.quote(nodeId, Capacity.of(spec.resources()), spec.publicIps(), hours);
      long rentId = c.node(nodeId).rentContractId();
      grid.progress(
          "price on node "
              + nodeId
              + (rentId != 0
                  ? " (rented by you, rent contract " + rentId + ": public IPs only)"
                  : "")
              + ": "
              + Wei.format(quote.perHour())
              + " per hour; depositing "
              + Wei.format(quote.deposit())
              + " ("
              + hours
              + " h; at least "
              + Wei.format(quote.minimumDeposit())
              + " for one "
              + quote.billingPeriodSeconds()
              + " s billing period)");
      Deployment d =
          c.deploy(
              spec,
              nodeId,
              hours,
              (step, detail) ->
                  grid.progress(
                      switch (step) {
                        case SUBMITTED -> "submitted   transaction " + detail;
                        case INCLUDED -> "included    in block " + detail;
                        case FULFILLED -> "fulfilled   in block " + detail;
                        case FAILED -> "FAILED      in block " + detail;
                      }));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("contractId", d.contractId());
      json.put("nodeId", d.nodeId());
      json.put("deploymentHash", d.deploymentHash());
      json.put("alreadyExisted", d.alreadyExisted());
      json.put("perHourWei", d.perHour().toString());
      json.put("depositWei", d.deposit().toString());
      json.put("transactionHash", d.transactionHash());
      if (d.alreadyExisted()) {
        grid.progress(
            "already deployed: contract "
                + d.contractId()
                + " on node "
                + nodeId
                + " has this exact deployment; nothing sent");
      } else {
        grid.progress("contract    " + d.contractId() + " created on node " + nodeId);
      }
      if (noWait) {
        grid.emit(
            json,
            "contract "
                + d.contractId()
                + " (not waiting for fulfilment: grid contracts show "
                + d.contractId()
                + ")");
        return;
      }
      grid.progress(
          "waiting for node " + nodeId + " to deploy it (up to " + timeoutSeconds + " s)...");
      FulfilmentResult r =
          c.awaitFulfilment(
              d.contractId(),
              Duration.ofSeconds(timeoutSeconds),
              (step, detail) ->
                  grid.progress(
                      (step == Progress.FAILED ? "FAILED      in block " : "fulfilled   in block ")
                          + detail));
      json.put("failed", r.failed());
      json.put("result", r.text());
      grid.emit(json, "result      " + r.text());
      if (r.failed()) {
        throw new CliFailure(
            ExitCodes.REJECTED,
            "node "
                + nodeId
                + " could not deploy contract "
                + d.contractId()
                + " (the result above says why); nothing is billed while it has failed: publish a"
                + " fixed deployment or cancel it (grid contracts cancel "
                + d.contractId()
                + ")");
      }
    }
  }
}
