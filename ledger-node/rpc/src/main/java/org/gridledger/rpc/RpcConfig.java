package org.gridledger.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Configuration of the JSON-RPC server. Defaults ({@link #defaults()}) follow geth where geth has
 * one; docs/rpc.md lists them with the reasons.
 *
 * @param host interface to bind; default {@code 127.0.0.1} (loopback only)
 * @param port TCP port for HTTP and WebSocket; default 8545; 0 picks a free port ({@link
 *     RpcServer#port()} reports it)
 * @param apis namespaces exposed besides {@code rpc} (always on); default {@code eth, net, web3}
 * @param allowedOrigins browser origins allowed: CORS response headers for HTTP and the {@code
 *     Origin} check of the WebSocket handshake; {@code "*"} allows all; default none
 * @param maxRequestBodyBytes HTTP body limit (geth: 5 MiB); larger → HTTP 413
 * @param maxBatchLength requests per batch (geth: 1000); more → {@code -32600} "batch too large"
 * @param maxBatchResponseBytes total size of a batch's answers (geth: 25 MB); the calls after the
 *     limit is passed get {@code -32003} "response too large"
 * @param maxWsMessageBytes size of one WebSocket message; larger → {@code -32005}, connection kept
 * @param maxWsFrameBytes size of one WebSocket frame, enforced by the codec; larger → close 1009
 * @param maxSubscriptionsPerConnection live subscriptions per WebSocket connection
 * @param requestTimeout time to answer one HTTP request or WebSocket message (a batch as a whole);
 *     unanswered calls then get {@code -32002} "request timed out"
 * @param workerThreads threads that run method handlers
 */
public record RpcConfig(
    String host,
    int port,
    Set<String> apis,
    List<String> allowedOrigins,
    int maxRequestBodyBytes,
    int maxBatchLength,
    long maxBatchResponseBytes,
    int maxWsMessageBytes,
    int maxWsFrameBytes,
    int maxSubscriptionsPerConnection,
    Duration requestTimeout,
    int workerThreads) {

  public static final int MIB = 1024 * 1024;

  public RpcConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    apis = Set.copyOf(apis);
    allowedOrigins = List.copyOf(allowedOrigins);
    positive(maxRequestBodyBytes, "maxRequestBodyBytes");
    positive(maxBatchLength, "maxBatchLength");
    positive(maxBatchResponseBytes, "maxBatchResponseBytes");
    positive(maxWsMessageBytes, "maxWsMessageBytes");
    positive(maxWsFrameBytes, "maxWsFrameBytes");
    positive(maxSubscriptionsPerConnection, "maxSubscriptionsPerConnection");
    positive(workerThreads, "workerThreads");
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  private static void positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** The defaults documented in docs/rpc.md. */
  public static RpcConfig defaults() {
    return new RpcConfig(
        "127.0.0.1",
        8545,
        Set.of("eth", "net", "web3"),
        List.of(),
        5 * MIB,
        1000,
        25L * 1000 * 1000,
        5 * MIB,
        8 * MIB,
        1000,
        Duration.ofSeconds(30),
        16);
  }

  public RpcConfig withHost(String value) {
    return new RpcConfig(
        value,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withPort(int value) {
    return new RpcConfig(
        host,
        value,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withApis(Set<String> value) {
    return new RpcConfig(
        host,
        port,
        value,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withAllowedOrigins(List<String> value) {
    return new RpcConfig(
        host,
        port,
        apis,
        value,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withMaxRequestBodyBytes(int value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        value,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withMaxBatchLength(int value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        value,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withMaxBatchResponseBytes(long value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        value,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withMaxWsMessageBytes(int value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        value,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withMaxWsFrameBytes(int value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        value,
        maxSubscriptionsPerConnection,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withMaxSubscriptionsPerConnection(int value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        value,
        requestTimeout,
        workerThreads);
  }

  public RpcConfig withRequestTimeout(Duration value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        value,
        workerThreads);
  }

  public RpcConfig withWorkerThreads(int value) {
    return new RpcConfig(
        host,
        port,
        apis,
        allowedOrigins,
        maxRequestBodyBytes,
        maxBatchLength,
        maxBatchResponseBytes,
        maxWsMessageBytes,
        maxWsFrameBytes,
        maxSubscriptionsPerConnection,
        requestTimeout,
        value);
  }

  /** Whether a browser page from {@code origin} may use the server. */
  boolean allowsOrigin(String origin) {
    for (String allowed : allowedOrigins) {
      if (allowed.equals("*") || allowed.equalsIgnoreCase(origin)) {
        return true;
      }
    }
    return false;
  }
}
