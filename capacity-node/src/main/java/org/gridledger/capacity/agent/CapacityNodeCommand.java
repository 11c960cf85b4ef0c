package org.gridledger.capacity.agent;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridledger.capacity.gateway.GatewayConfig;
import org.gridledger.capacity.identity.IdentityException;
import org.gridledger.capacity.identity.NodeIdentity;
import org.gridledger.capacity.runtime.ContainerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capacity-node run --config <file>}: the provider agent (docs/operator-guide.md). */
@Command(
    name = "capacity-node",
    mixinStandardHelpOptions = true,
    description =
        "The Gridledger capacity node: registers this machine's capacity and runs the workloads"
            + " the chain reserves on it, as OCI containers under runc.",
    subcommands = {CapacityNodeCommand.Run.class, CommandLine.HelpCommand.class})
public final class CapacityNodeCommand {
  private static final Logger LOG = LoggerFactory.getLogger(CapacityNodeCommand.class);

  /**
   * Exit codes: 0 stopped, 2 usage, 3 configuration, 4 identity, 5 the host cannot run workloads (a
   * missing cgroup controller, a runtime that cannot use the host's cgroups), 1 anything else.
   */
  static final int EXIT_CONFIG = 3;

  static final int EXIT_IDENTITY = 4;

  static final int EXIT_HOST = 5;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CapacityNodeCommand()).execute(args));
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Run the agent until stopped. The identity passphrase comes from $"
              + NodeIdentity.PASSPHRASE_ENV
              + " or the config's passphraseFile.")
  static final class Run implements Callable<Integer> {
    @Option(
        names = "--config",
        required = true,
        paramLabel = "<file>",
        description = "YAML config (rpcUrl, farmId, dataDir, imageSources, capacity, ...)")
    Path config;

    @Option(
        names = "--gateway-port",
        paramLabel = "<port>",
        description =
            "Serve name contracts on this TCP port (overrides gateway.port; the gateway runs only"
                + " when a port and a domain are set)")
    Integer gatewayPort;

    @Option(
        names = "--gateway-domain",
        paramLabel = "<domain>",
        description =
            "Parent domain of gateway names: <name>.<domain> is routed to the workload whose spec"
                + " says 'gateway: <name>' (overrides gateway.domain)")
    String gatewayDomain;

    @Option(
        names = "--gateway-bind",
        paramLabel = "<address>",
        description =
            "Address the gateway listens on (overrides gateway.bindAddress; default 0.0.0.0, all"
                + " addresses, as it is the node's public HTTP entrance)")
    String gatewayBind;

    @Override
    public Integer call() throws Exception {
      AgentConfig cfg;
      try {
        cfg = withGatewayOptions(AgentConfig.load(config));
      } catch (AgentConfigException e) {
        System.err.println(e.getMessage());
        return EXIT_CONFIG;
      }
      NodeIdentity identity;
      try {
        identity =
            NodeIdentity.openOrCreate(
                cfg.dataDir(),
                NodeIdentity.passphrase(System.getenv(), cfg.passphraseFile()),
                cfg.identityKdf());
      } catch (IdentityException e) {
        System.err.println(e.getMessage());
        return EXIT_IDENTITY;
      }
      // Opening the identity ran scrypt, which with the standard KDF (n = 2^18, r = 8) fills
      // 256 MiB of heap by design. A full collection now lets the launcher's SerialGC shrink the
      // heap and return that memory to the OS at once, instead of keeping it committed until some
      // later full collection (docs/operator-guide.md, "JVM flags and memory").
      System.gc();
      LOG.atInfo().addKeyValue("account", identity.address()).log("capacity node starting");
      try (Agent agent = new Agent(cfg, identity)) {
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        agent.run();
      } catch (ContainerException e) {
        LOG.atError().addKeyValue("error", e.getMessage()).log("the host cannot run workloads");
        return EXIT_HOST;
      }
      return 0;
    }

    /** The config's gateway with the command line's --gateway-* options laid over it. */
    AgentConfig withGatewayOptions(AgentConfig cfg) throws AgentConfigException {
      if (gatewayPort == null && gatewayDomain == null && gatewayBind == null) {
        return cfg;
      }
      var from = cfg.gateway();
      Integer port = gatewayPort != null ? gatewayPort : from.map(GatewayConfig::port).orElse(null);
      String domain =
          gatewayDomain != null ? gatewayDomain : from.map(GatewayConfig::domain).orElse(null);
      String bind =
          gatewayBind != null
              ? gatewayBind
              : from.map(GatewayConfig::bindAddress).orElse("0.0.0.0");
      if (port == null || domain == null) {
        throw new AgentConfigException(
            "the gateway needs both a port and a domain (--gateway-port, --gateway-domain)");
      }
      if (port < 1 || port > 65535) {
        throw new AgentConfigException("--gateway-port must lie in 1..65535");
      }
      try {
        GatewayConfig base = GatewayConfig.of(bind, port, domain);
        GatewayConfig g =
            from.map(
                    f ->
                        base.withTimeouts(f.connectTimeout(), f.responseTimeout(), f.idleTimeout()))
                .orElse(base);
        return cfg.withGateway(Optional.of(g));
      } catch (IllegalArgumentException e) {
        throw new AgentConfigException("gateway: " + e.getMessage());
      }
    }
  }
}
