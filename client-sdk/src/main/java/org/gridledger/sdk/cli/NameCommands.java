package org.gridledger.sdk.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.sdk.GatewayName;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.NameReservation;
import org.gridledger.sdk.Quote;
import org.gridledger.sdk.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid name reserve|release}: gateway names. */
@Command(
    name = "name",
    mixinStandardHelpOptions = true,
    description =
        "Reserve a unique gateway name (3-63 characters of a-z, 0-9 and '-', starting with a"
            + " letter, not ending with '-'). List and show name contracts with grid contracts.",
    subcommands = {NameCommands.Reserve.class, NameCommands.Release.class})
final class NameCommands {

  @Command(
      name = "reserve",
      mixinStandardHelpOptions = true,
      description =
          "Check the name locally, then reserve it with escrow for --hours at the default"
              + " policy's name price (shown before sending).")
  static final class Reserve extends Leaf {
    @Parameters(paramLabel = "<name>", description = "Gateway name, e.g. my-shop.")
    String name;

    @Option(
        names = "--hours",
        defaultValue = "24",
        description =
            "Hours of escrow to deposit (at least one billing period). Default: ${DEFAULT-VALUE}")
    long hours;

    @Override
    void run(GridCommand grid) throws Exception {
      GatewayName checked = GatewayName.parse(name);
      try (GridClient c = grid.signing()) {
        Quote quote = c.quoteName(hours);
        grid.progress(
            "price of a name: "
                + Wei.format(quote.perHour())
                + " per hour (policy "
                + quote.policyId()
                + "); depositing "
                + Wei.format(quote.deposit())
                + " ("
                + hours
                + " h; at least "
                + Wei.format(quote.minimumDeposit())
                + " for one "
                + quote.billingPeriodSeconds()
                + " s billing period)");
        NameReservation r = c.reserveName(checked.value(), hours, RentCommands.progress(grid));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("contractId", r.contractId());
        json.put("name", r.name());
        json.put("perHourWei", r.perHour().toString());
        json.put("depositWei", r.deposit().toString());
        json.put("transactionHash", r.transactionHash());
        grid.emit(
            json,
            "name contract "
                + r.contractId()
                + ": '"
                + r.name()
                + "' is yours (grid name release "
                + r.contractId()
                + " gives it back)");
      }
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = "Cancel a name contract (the name is free again) and withdraw the refund.")
  static final class Release extends Leaf {
    @Parameters(paramLabel = "<id>", description = "Name contract id.")
    long id;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        RentCommands.requireKind(c.contract(id), "Name", "grid name release");
        ContractsCommands.cancelAndWithdraw(grid, c, id);
      }
    }
  }
}
