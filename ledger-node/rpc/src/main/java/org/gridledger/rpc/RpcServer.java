package org.gridledger.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.gridledger.rpc.subscription.Subscriber;
import org.gridledger.rpc.subscription.SubscriptionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC server: HTTP POST and WebSocket on one port (geth's behaviour for both, see
 * docs/rpc.md). Requests are decoded and executed on a pool of worker threads, so a slow method
 * never stalls the event loop; every request has a timeout; every limit of {@link RpcConfig} is
 * answered with a JSON-RPC error while the server stays up.
 *
 * <p>Lifecycle: {@link #start()} returns once the port is bound, {@link #stop()} once it is closed;
 * both block, so call them from an ordinary thread, never from a Vert.x event loop.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
  private static final long LIFECYCLE_TIMEOUT_SECONDS = 30;

  private final RpcConfig config;
  private final RpcDispatcher dispatcher;
  private final SubscriptionManager subscriptions;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final AtomicInteger openWebSockets = new AtomicInteger();
  private volatile WorkerExecutor workers;
  private HttpServer server;
  private int boundPort = -1;

  /**
   * A Vert.x instance for servers that serve no files (this one, the node's): without class-path
   * resolving Vert.x creates no {@code vertx-cache-*} directory in {@code java.io.tmpdir}, which it
   * removes only on a normal JVM exit, so every killed or halted node left one behind (591 in this
   * machine's {@code /tmp} after the fault tests).
   */
  public static Vertx newVertx() {
    return Vertx.vertx(
        new VertxOptions()
            .setFileSystemOptions(
                new FileSystemOptions()
                    .setFileCachingEnabled(false)
                    .setClassPathResolvingEnabled(false)));
  }

  /** A server with its own Vert.x instance, closed by {@link #stop()}. */
  public RpcServer(RpcConfig config, RpcMethods methods, SubscriptionManager subscriptions) {
    this(newVertx(), true, config, methods, subscriptions, RpcObserver.NONE);
  }

  /** A server on a shared Vert.x instance, which {@link #stop()} leaves running. */
  public RpcServer(
      Vertx vertx, RpcConfig config, RpcMethods methods, SubscriptionManager subscriptions) {
    this(vertx, false, config, methods, subscriptions, RpcObserver.NONE);
  }

  /**
   * A server on a shared Vert.x instance, which {@link #stop()} leaves running, reporting its calls
   * and errors to {@code observer} (metrics).
   */
  public RpcServer(
      Vertx vertx,
      RpcConfig config,
      RpcMethods methods,
      SubscriptionManager subscriptions,
      RpcObserver observer) {
    this(vertx, false, config, methods, subscriptions, observer);
  }

  private RpcServer(
      Vertx vertx,
      boolean ownsVertx,
      RpcConfig config,
      RpcMethods methods,
      SubscriptionManager subscriptions,
      RpcObserver observer) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.subscriptions = subscriptions;
    this.dispatcher = new RpcDispatcher(methods, subscriptions, config, observer);
  }

  /**
   * Binds and starts serving; returns the bound port (the chosen one when the configured port is
   * 0).
   *
   * @throws IllegalStateException if already started or the port cannot be bound
   */
  public synchronized int start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    workers =
        vertx.createSharedWorkerExecutor(
            "gridledger-rpc-" + System.identityHashCode(this), config.workerThreads());
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setMaxWebSocketFrameSize(config.maxWsFrameBytes())
            // Messages are assembled by WebSocketConnection, which applies maxWsMessageBytes.
            // Compression would let a small frame inflate past the limits; clients do not need it.
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false)
            .setCompressionSupported(false)
            .setDecompressionSupported(false)
            .setHandle100ContinueAutomatically(false);
    HttpRequestHandler handler = new HttpRequestHandler(this);
    HttpServer created = vertx.createHttpServer(options).requestHandler(handler::handle);
    try {
      HttpServer listening = await(created.listen(), "bind " + config.host() + ":" + config.port());
      server = listening;
      boundPort = listening.actualPort();
    } catch (IllegalStateException e) {
      workers.close();
      workers = null;
      throw e;
    }
    LOG.atInfo()
        .addKeyValue("host", config.host())
        .addKeyValue("port", boundPort)
        .log("JSON-RPC server listening (HTTP and WebSocket)");
    return boundPort;
  }

  /** The bound port; only valid after {@link #start()}. */
  public synchronized int port() {
    if (boundPort < 0) {
      throw new IllegalStateException("not started");
    }
    return boundPort;
  }

  /** WebSocket connections open now (a gauge for metrics). */
  public int openWebSockets() {
    return openWebSockets.get();
  }

  void webSocketOpened() {
    openWebSockets.incrementAndGet();
  }

  void webSocketClosed() {
    openWebSockets.decrementAndGet();
  }

  /** Closes the port and every connection; returns once closed. Idempotent. */
  public synchronized void stop() {
    if (server != null) {
      await(server.close(), "close the server");
      server = null;
      boundPort = -1;
    }
    if (workers != null) {
      await(workers.close(), "close the worker pool");
      workers = null;
    }
    if (ownsVertx) {
      await(vertx.close(), "close Vert.x");
    }
  }

  @Override
  public void close() {
    stop();
  }

  RpcConfig config() {
    return config;
  }

  Vertx vertx() {
    return vertx;
  }

  SubscriptionManager subscriptions() {
    return subscriptions;
  }

  /**
   * Runs one request on a worker with the configured timeout, and hands the reply (exactly once) to
   * {@code reply} on the calling event-loop context.
   */
  void execute(byte[] body, Optional<Subscriber> subscriber, Consumer<Exchange.Reply> reply) {
    Exchange exchange = dispatcher.exchange(body, subscriber);
    long timer =
        vertx.setTimer(
            config.requestTimeout().toMillis(),
            id -> exchange.finish(new RpcError.RequestTimeout()).ifPresent(reply));
    WorkerExecutor pool = workers;
    if (pool == null) {
      vertx.cancelTimer(timer);
      exchange.finish(new RpcError.ServerError("server is stopping")).ifPresent(reply);
      return;
    }
    Future<Optional<Exchange.Reply>> done =
        pool.executeBlocking(
            () -> {
              exchange.run();
              return exchange.finish(null);
            },
            false);
    done.onComplete(
        result -> {
          vertx.cancelTimer(timer);
          if (result.succeeded()) {
            result.result().ifPresent(reply);
          } else {
            LOG.atError().setCause(result.cause()).log("RPC request processing failed");
            exchange.finish(new RpcError.InternalError("internal error")).ifPresent(reply);
          }
        });
  }

  /** Renders a standalone error response (id null), for transport-level rejections. */
  byte[] errorBody(RpcError error) {
    return dispatcher.renderError("null", error);
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
