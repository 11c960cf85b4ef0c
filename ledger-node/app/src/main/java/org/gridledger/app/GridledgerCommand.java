package org.gridledger.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.gridledger.conformance.ConformanceMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gridledger} executable. Today it offers the conformance runner; the node itself
 * ({@code gridledger node}, {@code gridledger dev}) arrives with the chain issue.
 */
@Command(
    name = "gridledger",
    mixinStandardHelpOptions = true,
    versionProvider = GridledgerCommand.Version.class,
    description = {
      "Gridledger: an Ethereum-compatible ledger whose smart contracts reserve IT",
      "capacity on provider machines.",
      "",
      "This build has the Ethereum primitives and the conformance runner.",
      "The devnet node (gridledger dev / node) is not implemented yet."
    },
    subcommands = {ConformanceMain.class, CommandLine.HelpCommand.class})
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
