package org.gridledger.sdk.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.TwinInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid twin register|show}. */
@Command(
    name = "twin",
    mixinStandardHelpOptions = true,
    description = "Your twin: the on-chain identity with the X25519 key results are encrypted to.",
    subcommands = {TwinCommands.Register.class, TwinCommands.Show.class})
final class TwinCommands {
  static Map<String, Object> json(TwinInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("account", t.account());
    m.put("x25519PublicKey", t.x25519PublicKey());
    m.put("relay", t.relay());
    return m;
  }

  static String human(TwinInfo t) {
    return "twin "
        + t.id()
        + "\n  account   "
        + t.account()
        + "\n  x25519    "
        + t.x25519PublicKey()
        + (t.relay().isEmpty() ? "" : "\n  relay     " + t.relay());
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register this account's twin (idempotent).")
  static final class Register extends Leaf {
    @Option(names = "--relay", defaultValue = "", description = "Optional relay URL.")
    String relay;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        TwinInfo t = c.registerTwin(relay);
        grid.emit(json(t), human(t));
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show the twin of an account (default: yours).")
  static final class Show extends Leaf {
    @Parameters(arity = "0..1", paramLabel = "<address>", description = "Account address.")
    String address;

    @Override
    void run(GridCommand grid) throws Exception {
      String who = address;
      if (who == null) {
        who =
            grid.account != null
                ? grid.account
                : grid.keystore().list().stream()
                    .findFirst()
                    .orElseThrow(
                        () -> new CliFailure(ExitCodes.USAGE, "give an address or --account"))
                    .address();
      }
      try (GridClient c = grid.readOnly()) {
        String target = who;
        TwinInfo t =
            c.twinOf(target)
                .orElseThrow(
                    () ->
                        new GridException.NotFound(
                            "account " + target + " has no twin (grid twin register)"));
        grid.emit(json(t), human(t));
      }
    }
  }
}
