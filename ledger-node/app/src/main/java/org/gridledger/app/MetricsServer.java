package org.gridledger.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on its own host and port, apart from
 * JSON-RPC so that it can stay on an internal interface. Every other path is 404.
 *
 * <p>Lifecycle: {@link #start()} and {@link #close()} block until bound or closed; call them from
 * an ordinary thread, never from a Vert.x event loop.
 */
final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  /** The Prometheus text exposition format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final long LIFECYCLE_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final NodeAssembly.MetricsEndpoint endpoint;
  private final Supplier<String> scrape;
  private HttpServer server;

  MetricsServer(Vertx vertx, NodeAssembly.MetricsEndpoint endpoint, Supplier<String> scrape) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.scrape = scrape;
  }

  /** Binds; returns the bound port. */
  synchronized int start() {
    server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(this::handle)
                .listen(endpoint.port(), endpoint.host()),
            "bind the metrics endpoint to " + endpoint.host() + ":" + endpoint.port());
    LOG.atInfo()
        .addKeyValue("host", endpoint.host())
        .addKeyValue("port", server.actualPort())
        .log("metrics endpoint listening (GET /metrics)");
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals("/metrics")) {
      request.response().setStatusCode(404).end("not found; metrics are at /metrics\n");
      return;
    }
    if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      request.response().setStatusCode(405).putHeader("Allow", "GET").end();
      return;
    }
    // Gauges take the pool's lock and read the chain: off the event loop.
    vertx
        .executeBlocking(scrape::get, false)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                request.response().putHeader("Content-Type", CONTENT_TYPE).end(result.result());
              } else {
                LOG.atWarn().setCause(result.cause()).log("metrics scrape failed");
                request.response().setStatusCode(500).end("scrape failed\n");
              }
            });
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      await(server.close(), "close the metrics endpoint");
      server = null;
    }
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(LIFECYCLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out waiting to " + what, e);
    }
  }
}
