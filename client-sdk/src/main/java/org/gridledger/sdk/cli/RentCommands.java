package org.gridledger.sdk.cli;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.Progress;
import org.gridledger.sdk.Quote;
import org.gridledger.sdk.Rental;
import org.gridledger.sdk.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid rent create|cancel}: whole nodes for one twin. */
@Command(
    name = "rent",
    mixinStandardHelpOptions = true,
    description =
        "Rent a whole node: only your twin deploys on it and those deployments pay for public IPs"
            + " only. List and show rent contracts with grid contracts.",
    subcommands = {RentCommands.Create.class, RentCommands.Cancel.class})
final class RentCommands {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Rent a node that has no contracts, with escrow for --hours at the farm's price for its"
              + " full capacity less the policy's dedicated discount (shown before sending).")
  static final class Create extends Leaf {
    @Option(names = "--node", required = true, paramLabel = "<id>", description = "Node id.")
    long node;

    @Option(
        names = "--hours",
        defaultValue = "24",
        description =
            "Hours of escrow to deposit (at least one billing period). Default: ${DEFAULT-VALUE}")
    long hours;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        Quote quote = c.quoteRent(node, hours);
        long discountBps = c.policy(quote.policyId()).dedicatedDiscountBps.longValue();
        grid.progress(
            "price to rent node "
                + node
                + ": "
                + Wei.format(quote.perHour())
                + " per hour (policy "
                + quote.policyId()
                + ", dedicated discount "
                + percent(discountBps)
                + "); depositing "
                + Wei.format(quote.deposit())
                + " ("
                + hours
                + " h; at least "
                + Wei.format(quote.minimumDeposit())
                + " for one "
                + quote.billingPeriodSeconds()
                + " s billing period)");
        Rental r = c.rent(node, hours, progress(grid));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("contractId", r.contractId());
        json.put("nodeId", r.nodeId());
        json.put("perHourWei", r.perHour().toString());
        json.put("depositWei", r.deposit().toString());
        json.put("dedicatedDiscountBps", discountBps);
        json.put("transactionHash", r.transactionHash());
        grid.emit(
            json,
            "rent contract "
                + r.contractId()
                + ": node "
                + node
                + " is yours; deploy on it with grid deploy <spec> --node "
                + node
                + " (public IPs only are billed)");
      }
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description =
          "Cancel a rent contract (after cancelling the node contracts on its node) and withdraw"
              + " the refund.")
  static final class Cancel extends Leaf {
    @Parameters(paramLabel = "<id>", description = "Rent contract id.")
    long id;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        requireKind(c.contract(id), "Rent", "grid rent cancel");
        ContractsCommands.cancelAndWithdraw(grid, c, id);
      }
    }
  }

  static Progress.Listener progress(GridCommand grid) {
    return (step, detail) ->
        grid.progress(
            switch (step) {
              case SUBMITTED -> "submitted   transaction " + detail;
              case INCLUDED -> "included    in block " + detail;
              case FULFILLED -> "fulfilled   in block " + detail;
              case FAILED -> "FAILED      in block " + detail;
            });
  }

  static void requireKind(ContractInfo c, String kind, String command) throws CliFailure {
    if (!c.kind().equals(kind)) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "contract "
              + c.id()
              + " is a "
              + c.kind().toLowerCase(java.util.Locale.ROOT)
              + " contract, "
              + command
              + " takes a "
              + kind.toLowerCase(java.util.Locale.ROOT)
              + " contract: use grid contracts cancel "
              + c.id());
    }
  }

  static String percent(long bps) {
    return BigInteger.valueOf(bps).divide(BigInteger.valueOf(100))
        + (bps % 100 == 0 ? "" : String.format(".%02d", bps % 100))
        + " %";
  }
}
