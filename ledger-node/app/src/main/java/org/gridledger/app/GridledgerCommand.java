package org.gridledger.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.gridledger.conformance.ConformanceMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gridledger} executable: {@code dev} (the devnet), {@code node}, {@code import}, {@code
 * genesis build} and the {@code conformance} runner.
 */
@Command(
    name = "gridledger",
    mixinStandardHelpOptions = true,
    versionProvider = GridledgerCommand.Version.class,
    description = {
      "Gridledger: an Ethereum-compatible ledger whose smart contracts reserve IT",
      "capacity on provider machines.",
      "",
      "Start a development chain with 'gridledger dev', a node for a genesis file with",
      "'gridledger node'. Options, config file, metrics and signals: docs/operations.md."
    },
    subcommands = {
      DevCommand.class,
      NodeCommand.class,
      ImportCommand.class,
      DevChainCommand.class,
      GenesisCommand.class,
      ConformanceMain.class,
      CommandLine.HelpCommand.class
    })
public final class GridledgerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(List.of(args), System.getenv()));
  }

  /** Runs the command line {@code args}; returns the exit status. */
  static int execute(List<String> args, Map<String, String> env) {
    CommandLine commandLine;
    try {
      commandLine = commandLine(args, env);
    } catch (ConfigFileDefaults.ConfigFileException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    return commandLine.execute(args.toArray(String[]::new));
  }

  /**
   * The command line, with option defaults for {@code dev} and {@code node} from {@code env}
   * ({@code GRIDLEDGER_<OPTION>}) and from the config file that {@code args} name with {@code
   * --config-file}, if any.
   *
   * @throws ConfigFileDefaults.ConfigFileException if that file cannot be used
   */
  static CommandLine commandLine(List<String> args, Map<String, String> env)
      throws ConfigFileDefaults.ConfigFileException {
    CommandLine commandLine = new CommandLine(new GridledgerCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    for (String name : CONFIGURABLE) {
      commandLine
          .getSubcommands()
          .get(name)
          .setDefaultValueProvider(ConfigFileDefaults.fromEnvironment(env));
    }
    // The subcommand is the first argument that is not an option (the top level has only flags).
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-")) {
        continue;
      }
      if (CONFIGURABLE.contains(arg)) {
        CommandLine sub = commandLine.getSubcommands().get(arg);
        Optional<Path> file =
            ConfigFileDefaults.configFileArgument(args.subList(i + 1, args.size()), env);
        if (file.isPresent()) {
          sub.setDefaultValueProvider(
              ConfigFileDefaults.load(file.get(), sub.getCommandSpec(), env));
        }
      }
      break;
    }
    return commandLine;
  }

  /** The subcommands that read a config file and environment variables. */
  private static final List<String> CONFIGURABLE = List.of("dev", "node");

  /** Reads the version Maven filtered into {@code gridledger-version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in =
          GridledgerCommand.class.getResourceAsStream("/gridledger-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "gridledger " + p.getProperty("version", "unknown"),
        "JVM: ${java.version} (${java.vendor} ${java.vm.name})",
        "OS: ${os.name} ${os.version} ${os.arch}"
      };
    }
  }
}
