package org.gridledger.app;

import org.gridledger.rpc.RpcConfig;
import picocli.CommandLine.Option;

/** The JSON-RPC options shared by {@code dev} and {@code node}. */
final class RpcOptions {
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
  java.util.List<String> apis = java.util.List.of("eth", "net", "web3", "txpool");

  RpcConfig config() {
    return RpcConfig.defaults().withHost(host).withPort(port).withApis(java.util.Set.copyOf(apis));
  }
}
