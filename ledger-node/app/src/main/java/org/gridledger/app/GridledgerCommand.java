package org.gridledger.app;

import java.io.IOException;
import java.io.InputStream;
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
      "Start a development chain with 'gridledger dev'. JSON-RPC serves web3_*, net_* and",
      "eth_chainId so far; the other eth_* methods are being wired in."
    },
    subcommands = {
      DevCommand.class,
      NodeCommand.class,
      ImportCommand.class,
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
    System.exit(new CommandLine(new GridledgerCommand()).execute(args));
  }

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
