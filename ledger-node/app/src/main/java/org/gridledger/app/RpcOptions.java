package org.gridledger.app;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.gridledger.rpc.RpcConfig;
import org.gridledger.rpc.eth.EthConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The JSON-RPC options shared by {@code dev} and {@code node}: where to listen, which namespaces,
 * and the limits of {@link RpcConfig} and {@link EthConfig}. The defaults are those records'
 * defaults (docs/rpc.md says why each one).
 */
final class RpcOptions {
  private static final RpcConfig RPC = RpcConfig.defaults();
  private static final EthConfig ETH = EthConfig.defaults();

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rpc-host",
      paramLabel = "<host>",
      description =
          "Interface the JSON-RPC server (HTTP and WebSocket) binds to. Default: ${DEFAULT-VALUE}.")
  String host = "127.0.0.1";

  @Option(
      names = "--rpc-port",
      paramLabel = "<port>",
      description = "JSON-RPC port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port = 8545;

  @Option(
      names = "--rpc-apis",
      split = ",",
      paramLabel = "<api>",
      description = "Namespaces served over JSON-RPC (comma-separated). Default: ${DEFAULT-VALUE}.")
  List<String> apis = List.of("eth", "net", "web3", "txpool", "bft");

  @Option(
      names = "--rpc-allowed-origins",
      split = ",",
      paramLabel = "<origin>",
      description =
          "Browser origins allowed (CORS and the WebSocket Origin check), comma-separated;"
              + " * allows all. Default: none.")
  List<String> allowedOrigins = List.of();

  @Option(
      names = "--rpc-max-request-bytes",
      paramLabel = "<bytes>",
      description = "Largest HTTP request body; larger gets HTTP 413. Default: ${DEFAULT-VALUE}.")
  int maxRequestBytes = RPC.maxRequestBodyBytes();

  @Option(
      names = "--rpc-max-batch-length",
      paramLabel = "<n>",
      description = "Most requests in one batch; more gets -32600. Default: ${DEFAULT-VALUE}.")
  int maxBatchLength = RPC.maxBatchLength();

  @Option(
      names = "--rpc-max-batch-response-bytes",
      paramLabel = "<bytes>",
      description =
          "Most bytes of answers to one batch; the calls after it get -32003."
              + " Default: ${DEFAULT-VALUE}.")
  long maxBatchResponseBytes = RPC.maxBatchResponseBytes();

  @Option(
      names = "--rpc-ws-max-message-bytes",
      paramLabel = "<bytes>",
      description =
          "Largest WebSocket message; larger gets -32005, the connection stays."
              + " Default: ${DEFAULT-VALUE}.")
  int maxWsMessageBytes = RPC.maxWsMessageBytes();

  @Option(
      names = "--rpc-ws-max-frame-bytes",
      paramLabel = "<bytes>",
      description =
          "Largest WebSocket frame; larger closes the connection with status 1009."
              + " Default: ${DEFAULT-VALUE}.")
  int maxWsFrameBytes = RPC.maxWsFrameBytes();

  @Option(
      names = "--rpc-ws-max-subscriptions",
      paramLabel = "<n>",
      description =
          "Most live subscriptions per WebSocket connection; more gets -32005."
              + " Default: ${DEFAULT-VALUE}.")
  int maxSubscriptions = RPC.maxSubscriptionsPerConnection();

  @Option(
      names = "--rpc-timeout",
      paramLabel = "<seconds>",
      converter = Durations.class,
      defaultValue = "30",
      description =
          "Time to answer one HTTP request or WebSocket message; calls still unanswered then"
              + " get -32002. Default: ${DEFAULT-VALUE}.")
  Duration requestTimeout;

  @Option(
      names = "--rpc-worker-threads",
      paramLabel = "<n>",
      description = "Threads that run JSON-RPC method handlers. Default: ${DEFAULT-VALUE}.")
  int workerThreads = RPC.workerThreads();

  @Option(
      names = "--rpc-gas-cap",
      paramLabel = "<gas>",
      description =
          "Most gas one eth_call, eth_estimateGas or debug_traceCall may use."
              + " Default: ${DEFAULT-VALUE}.")
  long gasCap = ETH.callGasCap();

  @Option(
      names = "--rpc-logs-max-block-range",
      paramLabel = "<blocks>",
      description =
          "Most blocks one eth_getLogs may span (to - from); more gets -32602."
              + " Default: ${DEFAULT-VALUE}.")
  long logsMaxBlockRange = ETH.maxLogBlockRange();

  @Option(
      names = "--rpc-logs-max-results",
      paramLabel = "<n>",
      description =
          "Most logs one eth_getLogs may return; more gets -32005. Default: ${DEFAULT-VALUE}.")
  int logsMaxResults = ETH.maxLogResults();

  @Option(
      names = "--rpc-max-filters",
      paramLabel = "<n>",
      description =
          "Most filters (eth_newFilter and kin) installed at once; more gets -32005."
              + " Default: ${DEFAULT-VALUE}.")
  int maxFilters = ETH.maxFilters();

  @Option(
      names = "--rpc-filter-timeout",
      paramLabel = "<seconds>",
      converter = Durations.class,
      defaultValue = "300",
      description =
          "A filter not polled for this long is removed (then \"filter not found\")."
              + " Default: ${DEFAULT-VALUE}.")
  Duration filterTimeout;

  /** The server configuration, or a picocli error naming the option whose value is out of range. */
  RpcConfig config() {
    positive(maxRequestBytes, "--rpc-max-request-bytes");
    positive(maxBatchLength, "--rpc-max-batch-length");
    positive(maxBatchResponseBytes, "--rpc-max-batch-response-bytes");
    positive(maxWsMessageBytes, "--rpc-ws-max-message-bytes");
    positive(maxWsFrameBytes, "--rpc-ws-max-frame-bytes");
    positive(maxSubscriptions, "--rpc-ws-max-subscriptions");
    positive(workerThreads, "--rpc-worker-threads");
    positive(requestTimeout.toMillis(), "--rpc-timeout");
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rpc-port must be 0..65535, got " + port);
    }
    return new RpcConfig(
        host,
        port,
        Set.copyOf(apis),
        allowedOrigins,
        maxRequestBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptions,
        requestTimeout,
        workerThreads);
  }

  /** The limits of the {@code eth} methods; the fee cap and replay protection stay at defaults. */
  EthConfig ethConfig() {
    positive(gasCap, "--rpc-gas-cap");
    positive(logsMaxBlockRange, "--rpc-logs-max-block-range");
    positive(logsMaxResults, "--rpc-logs-max-results");
    positive(maxFilters, "--rpc-max-filters");
    positive(filterTimeout.toMillis(), "--rpc-filter-timeout");
    return new EthConfig(
        gasCap,
        logsMaxBlockRange,
        logsMaxResults,
        filterTimeout,
        maxFilters,
        ETH.txFeeCapEther(),
        ETH.allowUnprotectedTxs());
  }

  private void positive(long value, String option) {
    if (value <= 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be positive, got " + value);
    }
  }
}
