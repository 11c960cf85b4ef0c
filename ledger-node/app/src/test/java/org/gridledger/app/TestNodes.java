package org.gridledger.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.evm.types.Address;
import picocli.CommandLine;

/**
 * Starts a devnet in this JVM from {@code gridledger dev} command-line arguments, parsed by the
 * real command line (config file and environment included), so that tests cover the options'
 * wiring.
 */
final class TestNodes {
  private TestNodes() {}

  /** The parsed {@code dev} command of {@code args} (which start after "dev"). */
  static DevCommand parseDev(Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("dev");
    all.addAll(List.of(args));
    CommandLine commandLine = GridledgerCommand.commandLine(all, env);
    commandLine.parseArgs(all.toArray(String[]::new));
    return commandLine.getSubcommands().get("dev").getCommand();
  }

  /** A devnet in {@code dataDir} with the options {@code args}. */
  static NodeAssembly startDev(Path dataDir, String... args) throws Exception {
    DevCommand dev = parseDev(Map.of(), args);
    return NodeAssembly.start(
        new NodeAssembly.Options(
            dataDir,
            false,
            DevnetGenesis.load(),
            Optional.of(DevnetGenesis.accountKeys().get(0)),
            dev.blockTime,
            Address.ZERO,
            dev.rpc.config(),
            dev.rpc.ethConfig(),
            dev.metrics.endpoint(),
            false));
  }
}
