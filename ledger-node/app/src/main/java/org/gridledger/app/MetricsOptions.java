package org.gridledger.app;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --metrics} and where the Prometheus endpoint listens. */
final class MetricsOptions {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--metrics",
      description =
          "Serve Prometheus metrics at http://<metrics-host>:<metrics-port>/metrics."
              + " Default: off.")
  boolean enabled;

  @Option(
      names = "--metrics-host",
      paramLabel = "<host>",
      description = "Interface the metrics endpoint binds to. Default: ${DEFAULT-VALUE}.")
  String host = "127.0.0.1";

  @Option(
      names = "--metrics-port",
      paramLabel = "<port>",
      description = "Port of the metrics endpoint (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port = 9545;

  /** Where to serve metrics, or empty when {@code --metrics} is off. */
  Optional<NodeAssembly.MetricsEndpoint> endpoint() {
    if (!enabled) {
      return Optional.empty();
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--metrics-port must be 0..65535, got " + port);
    }
    return Optional.of(new NodeAssembly.MetricsEndpoint(host, port));
  }
}
