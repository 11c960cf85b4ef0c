package org.gridledger.sdk.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grid pricing show}. */
@Command(
    name = "pricing",
    mixinStandardHelpOptions = true,
    description = "Prices of the pricing policies (docs/pricing.md).",
    subcommands = {PricingCommand.Show.class})
final class PricingCommand {

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one policy or all.")
  static final class Show extends Leaf {
    @Option(names = "--policy", description = "Policy id (default: all).")
    Long policy;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.readOnly()) {
        long count = c.policyCount();
        List<Map<String, Object>> out = new ArrayList<>();
        StringBuilder h = new StringBuilder("billing period " + c.billingPeriod() + " s\n");
        for (long id = policy == null ? 1 : policy; id <= (policy == null ? count : policy); id++) {
          PricingPolicy.Policy p = c.policy(id);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", id);
          m.put("name", p.name);
          m.put("cuPricePerHourWei", p.cuPricePerHour.toString());
          m.put("suPricePerHourWei", p.suPricePerHour.toString());
          m.put("ipuPricePerHourWei", p.ipuPricePerHour.toString());
          m.put("nuPricePerGiBWei", p.nuPricePerGiB.toString());
          m.put("namePricePerHourWei", p.namePricePerHour.toString());
          m.put("dedicatedDiscountBps", p.dedicatedDiscountBps.intValue());
          out.add(m);
          h.append("policy ")
              .append(id)
              .append(" '")
              .append(p.name)
              .append("'\n")
              .append("  CU (compute unit) ")
              .append(Wei.format(p.cuPricePerHour))
              .append(" per hour\n")
              .append("  SU (storage unit) ")
              .append(Wei.format(p.suPricePerHour))
              .append(" per hour\n")
              .append("  public IP         ")
              .append(Wei.format(p.ipuPricePerHour))
              .append(" per hour\n")
              .append("  traffic           ")
              .append(Wei.format(p.nuPricePerGiB))
              .append(" per GiB\n")
              .append("  gateway name      ")
              .append(Wei.format(p.namePricePerHour))
              .append(" per hour\n")
              .append("  dedicated node    ")
              .append(p.dedicatedDiscountBps.intValue() / 100.0)
              .append("% discount\n");
        }
        grid.emit(out, h.toString().stripTrailing());
      }
    }
  }
}
