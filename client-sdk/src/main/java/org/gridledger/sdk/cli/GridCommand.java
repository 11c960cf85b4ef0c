package org.gridledger.sdk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.account.AccountInfo;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.KeystoreException;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code grid}: the Gridledger client. */
@Command(
    name = "grid",
    mixinStandardHelpOptions = true,
    versionProvider = GridCommand.Version.class,
    description = {
      "Reserve capacity, deploy encrypted workloads and audit reservations on a Gridledger"
          + " chain, over JSON-RPC only.",
      "",
      "Exit codes: 0 ok, 1 internal error, 2 bad input, 3 node unreachable, 4 wrong chain,"
          + " 5 refused by a contract, 6 insufficient funds, 7 not found, 8 timeout,"
          + " 9 verification failed, 10 keystore (e.g. wrong password)."
    },
    subcommands = {
      AccountCommands.class,
      TwinCommands.class,
      FarmCommands.class,
      NodeCommands.class,
      NodesCommand.class,
      DeployCommand.class,
      RentCommands.class,
      NameCommands.class,
      ContractsCommands.class,
      AuditCommand.class,
      PricingCommand.class,
      ValidatorCommands.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GridCommand {
  @Option(
      names = "--rpc",
      scope = ScopeType.INHERIT,
      paramLabel = "<url>",
      defaultValue = "${env:GRID_RPC:-http://127.0.0.1:8545}",
      description = "JSON-RPC URL of a node (env GRID_RPC). Default: ${DEFAULT-VALUE}")
  String rpc;

  @Option(
      names = "--explorer",
      scope = ScopeType.INHERIT,
      paramLabel = "<url>",
      defaultValue = "${env:GRID_EXPLORER}",
      description =
          "Grid Explorer URL for node search (env GRID_EXPLORER); the contract views are used"
              + " when it is not set or cannot answer.")
  String explorer;

  @Option(
      names = "--chain-id",
      scope = ScopeType.INHERIT,
      paramLabel = "<id>",
      description = "Refuse to talk to a node of another chain (the devnet is 1337).")
  Long chainId;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print results (and errors) as JSON for scripts.")
  boolean json;

  @Option(
      names = "--keystore",
      scope = ScopeType.INHERIT,
      paramLabel = "<dir>",
      description = "Keystore directory (env GRIDLEDGER_KEYSTORE). Default: ~/.gridledger/keystore")
  Path keystoreDir;

  @Option(
      names = {"--account", "-a"},
      scope = ScopeType.INHERIT,
      paramLabel = "<address>",
      defaultValue = "${env:GRID_ACCOUNT}",
      description =
          "Account to sign with (env GRID_ACCOUNT); needed when the keystore has several.")
  String account;

  @Option(
      names = "--password-file",
      scope = ScopeType.INHERIT,
      paramLabel = "<file>",
      description =
          "Read the keystore password from this file (first line). Else env GRID_PASSWORD, else a"
              + " prompt.")
  Path passwordFile;

  PrintWriter out;
  PrintWriter err;
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Runs {@code grid} with {@code args}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    GridCommand root = new GridCommand();
    root.out = out;
    root.err = err;
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> root.fail(e));
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  int fail(Exception e) {
    int code;
    String message;
    switch (e) {
      case GridException g -> {
        code = g.exitCode();
        message = g.getMessage();
      }
      case KeystoreException k -> {
        code =
            k.reason() == KeystoreException.Reason.INVALID_INPUT
                ? ExitCodes.USAGE
                : k.reason() == KeystoreException.Reason.NOT_FOUND
                    ? ExitCodes.NOT_FOUND
                    : ExitCodes.KEYSTORE;
        message = k.getMessage();
      }
      case SpecException s -> {
        code = ExitCodes.USAGE;
        message = s.getMessage();
      }
      case CliFailure c -> {
        code = c.exitCode;
        message = c.getMessage();
      }
      default -> {
        code = ExitCodes.INTERNAL;
        message = "internal error: " + e;
      }
    }
    if (json) {
      emitJson(Map.of("error", message, "exitCode", code));
    } else {
      err.println("error: " + message);
    }
    err.flush();
    out.flush();
    return code;
  }

  // ------------------------------------------------------------------ shared by commands

  Keystore keystore() {
    return keystore(false);
  }

  Keystore keystore(boolean light) {
    return new Keystore(
        keystoreDir == null ? Keystore.defaultDir() : keystoreDir,
        light ? Keystore.Strength.LIGHT : Keystore.Strength.STANDARD,
        new java.security.SecureRandom());
  }

  GridClient.Options options() throws CliFailure {
    GridClient.Options o = GridClient.Options.of(rpc);
    if (explorer != null && !explorer.isBlank()) {
      java.net.URI url;
      try {
        url = new java.net.URI(explorer.strip());
      } catch (java.net.URISyntaxException e) {
        throw new CliFailure(ExitCodes.USAGE, "--explorer " + explorer + " is not a URL");
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new CliFailure(ExitCodes.USAGE, "--explorer " + explorer + " is not an http(s) URL");
      }
      o = o.withExplorer(url);
    }
    return chainId == null ? o : o.expectChainId(chainId);
  }

  GridClient readOnly() throws GridException, CliFailure {
    return GridClient.connect(options(), null);
  }

  GridClient signing() throws GridException, KeystoreException, CliFailure {
    return GridClient.connect(options(), unlock());
  }

  /** The account's address without unlocking it: --account, else the keystore's only one. */
  String accountAddress() throws KeystoreException, CliFailure {
    return account != null && !account.isBlank() ? account : onlyAccount(keystore());
  }

  private static String onlyAccount(Keystore ks) throws KeystoreException, CliFailure {
    List<AccountInfo> all = ks.list();
    if (all.isEmpty()) {
      throw new CliFailure(
          ExitCodes.NOT_FOUND,
          "no account in "
              + ks.dir()
              + ": create one (grid account new) or import one (grid account import)");
    }
    if (all.size() > 1) {
      throw new CliFailure(
          ExitCodes.USAGE,
          ks.dir()
              + " has "
              + all.size()
              + " accounts: choose one with --account (grid account list)");
    }
    return all.getFirst().address();
  }

  UnlockedAccount unlock() throws KeystoreException, CliFailure {
    Keystore ks = keystore();
    String address = account;
    if (address == null || address.isBlank()) {
      address = onlyAccount(ks);
    }
    return ks.unlock(address, password("Password for " + address + ": "));
  }

  String password(String prompt) throws CliFailure {
    if (passwordFile != null) {
      try {
        return Files.readAllLines(passwordFile).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw new CliFailure(
            ExitCodes.USAGE, "cannot read --password-file " + passwordFile + ": " + e.getMessage());
      }
    }
    String env = System.getenv("GRID_PASSWORD");
    if (env != null) {
      return env;
    }
    Console console = System.console();
    if (console == null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "no password: give --password-file <file> or set GRID_PASSWORD (no terminal to ask on)");
    }
    char[] chars = console.readPassword("%s", prompt);
    return chars == null ? "" : new String(chars);
  }

  /** Prints {@code json} with --json, else {@code human}. */
  void emit(Object json, String human) {
    if (this.json) {
      emitJson(json);
    } else {
      out.println(human);
    }
    out.flush();
  }

  /** Prints a progress line (never with --json, where only the final result is printed). */
  void progress(String line) {
    if (!json) {
      out.println(line);
      out.flush();
    }
  }

  private void emitJson(Object value) {
    try {
      out.println(mapper.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GridCommand.class.getPackage().getImplementationVersion();
      return new String[] {"grid " + (v == null ? "development build" : v)};
    }
  }
}
