package org.gridledger.sdk.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.NodeOperator;
import org.gridledger.sdk.spec.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid node register|deployment|fulfil}: the node operator's side, by hand. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description =
        "Node operator commands, signed with the node's own account (--account), for testing a"
            + " grid by hand until the capacity node runs them itself.",
    subcommands = {
      NodeCommands.Register.class,
      NodeCommands.Deployment.class,
      NodeCommands.Fulfil.class,
      NodeCommands.Fail.class
    })
final class NodeCommands {

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register this account as a node of a farm.")
  static final class Register extends Leaf {
    @Option(names = "--farm", required = true, description = "Farm id.")
    long farm;

    @Option(names = "--cru", required = true, description = "Cores.")
    long cru;

    @Option(names = "--mru", required = true, description = "Memory, e.g. 64GiB.")
    String mru;

    @Option(names = "--sru", defaultValue = "0", description = "SSD, e.g. 1TiB.")
    String sru;

    @Option(names = "--hru", defaultValue = "0", description = "HDD.")
    String hru;

    @Option(names = "--country", required = true, description = "ISO country code, e.g. BE.")
    String country;

    @Option(names = "--city", defaultValue = "", description = "City.")
    String city;

    @Option(names = "--serial", defaultValue = "", description = "Machine serial number.")
    String serial;

    @Override
    void run(GridCommand grid) throws Exception {
      Capacity total =
          new Capacity(
              cru,
              NodesCommand.size("--mru", mru),
              NodesCommand.size("--sru", sru),
              NodesCommand.size("--hru", hru));
      var account = grid.unlock();
      try (GridClient c = GridClient.connect(grid.options(), account)) {
        long id = new NodeOperator(c, account).register(farm, total, country, city, serial);
        grid.emit(
            Map.of("nodeId", id, "farmId", farm),
            "node "
                + id
                + " registered in farm "
                + farm
                + " ("
                + total
                + "); the farmer approves it with grid farm approve-node "
                + id);
      }
    }
  }

  @Command(
      name = "deployment",
      mixinStandardHelpOptions = true,
      description = "Decrypt a contract's deployment with this node's key.")
  static final class Deployment extends Leaf {
    @Parameters(paramLabel = "<contract>", description = "Contract id.")
    long contract;

    @Override
    void run(GridCommand grid) throws Exception {
      var account = grid.unlock();
      try (GridClient c = GridClient.connect(grid.options(), account)) {
        String text =
            new String(new NodeOperator(c, account).deployment(contract), StandardCharsets.UTF_8);
        grid.emit(Map.of("contractId", contract, "deployment", text), text);
      }
    }
  }

  @Command(
      name = "fulfil",
      mixinStandardHelpOptions = true,
      description = "Report a contract fulfilled, with a result only its owner can read.")
  static final class Fulfil extends Leaf {
    @Parameters(index = "0", paramLabel = "<contract>", description = "Contract id.")
    long contract;

    @Option(
        names = "--result",
        required = true,
        description = "Result text (JSON), e.g. '{\"endpoint\":\"203.0.113.10:80\"}'.")
    String result;

    @Override
    void run(GridCommand grid) throws Exception {
      var account = grid.unlock();
      try (GridClient c = GridClient.connect(grid.options(), account)) {
        new NodeOperator(c, account).fulfil(contract, result);
        grid.emit(
            Map.of("contractId", contract, "fulfilled", true),
            "reported contract " + contract + " fulfilled");
      }
    }
  }

  @Command(
      name = "fail",
      mixinStandardHelpOptions = true,
      description =
          "Report that a contract's workload could not be deployed or stopped for good, with a"
              + " reason only its owner can read; billing stops until the next fulfil.")
  static final class Fail extends Leaf {
    @Parameters(index = "0", paramLabel = "<contract>", description = "Contract id.")
    long contract;

    @Option(
        names = "--result",
        required = true,
        description = "Result text (JSON), e.g. '{\"status\":\"failed\",\"error\":\"...\"}'.")
    String result;

    @Override
    void run(GridCommand grid) throws Exception {
      var account = grid.unlock();
      try (GridClient c = GridClient.connect(grid.options(), account)) {
        new NodeOperator(c, account).fail(contract, result);
        grid.emit(
            Map.of("contractId", contract, "failed", true),
            "reported contract " + contract + " failed");
      }
    }
  }

  static String format(long bytes) {
    return ByteSize.format(bytes);
  }
}
