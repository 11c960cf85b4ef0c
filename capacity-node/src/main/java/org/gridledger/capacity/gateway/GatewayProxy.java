package org.gridledger.capacity.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gridledger.capacity.workload.WorkloadId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: an HTTP/1.1 reverse proxy routing by the {@code Host} header. {@code
 * <name>.<domain>} goes to the {@link Route} of {@code name} in the {@link RoutingTable}; an
 * unknown or malformed host gets 404, a request without a host 400, a paused route 503, a workload
 * that refuses the connection 502 and one that stays silent past the response time-out 504 (all
 * with a one-line plain-text body).
 *
 * <p>Bodies are streamed in both directions with back-pressure (a full write queue pauses the
 * reading side), never buffered whole. Hop-by-hop headers are not forwarded (RFC 9110 §7.6.1:
 * Connection and every header it names, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade, and
 * every Proxy-* header); the client's Host is kept, and X-Forwarded-For (appended to), -Host and
 * -Proto (always {@code http}: the gateway speaks plain HTTP, TLS is a front proxy's job) are set.
 * Bytes relayed (bodies plus header lines, both directions) are counted per workload in the table.
 * Upgrade requests (WebSocket handshakes) are passed through: on the workload's 101 both
 * connections become a raw tunnel, relayed and counted the same way.
 *
 * <p>Lifecycle: {@link #start} binds and returns once listening; {@link #close} stops listening,
 * drops open connections and, when the proxy made its own Vert.x instance, closes it. Thread
 * safety: all request handling runs on Vert.x event loops; the table may change at any time.
 */
public final class GatewayProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayProxy.class);

  /** RFC 9110 §7.6.1, plus Proxy-Connection (a pre-standard header some clients still send). */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-connection");

  private static final long START_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final GatewayConfig config;
  private final RoutingTable table;
  private final HttpClientAgent client;
  private final HttpServer server;

  private GatewayProxy(Vertx vertx, boolean ownsVertx, GatewayConfig config, RoutingTable table) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.table = table;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(64));
    this.server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setIdleTimeout((int) config.idleTimeout().toSeconds())
                    .setIdleTimeoutUnit(TimeUnit.SECONDS)
                    .setCompressionSupported(false)
                    .setHandle100ContinueAutomatically(true))
            .requestHandler(this::handle);
  }

  /** Starts a gateway on a Vert.x instance of its own (two event loops), closed with it. */
  public static GatewayProxy start(GatewayConfig config, RoutingTable table) throws IOException {
    // No file cache: a proxy serves no files, and Vert.x would otherwise leave a vertx-cache-*
    // directory in the temporary directory whenever the agent is killed.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(2)
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    try {
      return start(vertx, true, config, table);
    } catch (IOException | RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** Starts a gateway on {@code vertx}, which the caller keeps and closes. */
  public static GatewayProxy start(Vertx vertx, GatewayConfig config, RoutingTable table)
      throws IOException {
    return start(vertx, false, config, table);
  }

  private static GatewayProxy start(
      Vertx vertx, boolean owns, GatewayConfig config, RoutingTable table) throws IOException {
    GatewayProxy proxy = new GatewayProxy(vertx, owns, config, table);
    try {
      proxy
          .server
          .listen(config.port(), config.bindAddress())
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      proxy.client.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException(
          "gateway cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + cause,
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the gateway started", e);
    }
    LOG.atInfo()
        .addKeyValue("address", config.bindAddress())
        .addKeyValue("port", proxy.port())
        .addKeyValue("domain", config.domain())
        .log("gateway listening");
    return proxy;
  }

  /** The port it listens on (the OS's choice when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  public GatewayConfig config() {
    return config;
  }

  private void handle(HttpServerRequest req) {
    String host = req.getHeader(HttpHeaders.HOST);
    if (host == null) {
      HostAndPort a = req.authority();
      host = a == null ? null : a.port() >= 0 ? a.host() + ":" + a.port() : a.host();
    }
    if (host == null || host.isEmpty()) {
      plain(req, 400, "missing Host header");
      return;
    }
    Optional<String> name = GatewayHost.nameOf(host, config.domain());
    if (name.isEmpty()) {
      plain(req, 404, "unknown host: not a name under " + config.domain());
      return;
    }
    Optional<Route> route = table.lookup(name.get());
    if (route.isEmpty()) {
      plain(req, 404, "no workload serves " + name.get() + "." + config.domain());
      return;
    }
    if (route.get().paused()) {
      req.response().putHeader(HttpHeaders.RETRY_AFTER, "60");
      plain(req, 503, name.get() + " is paused (its contract is in its grace period)");
      return;
    }
    if (isUpgrade(req)) {
      tunnel(req, host, route.get());
    } else {
      forward(req, host, route.get());
    }
  }

  /** An HTTP/1.1 GET asking to switch protocols (RFC 9110 §7.8), e.g. a WebSocket handshake. */
  static boolean isUpgrade(HttpServerRequest req) {
    return req.version() == HttpVersion.HTTP_1_1
        && req.method() == HttpMethod.GET
        && req.getHeader(HttpHeaders.UPGRADE) != null
        && hasToken(req.headers(), "upgrade");
  }

  /**
   * Whether the Connection header lists {@code token} (RFC 9110 §7.6.1: a comma-separated list).
   */
  private static boolean hasToken(MultiMap headers, String token) {
    for (String v : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String t : v.split(",")) {
        if (t.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Upgrade pass-through: the handshake goes to the workload with Upgrade and Connection put back
   * (they are hop-by-hop, so each hop states them anew); if it answers 101, both connections become
   * raw byte tunnels, relayed and counted like bodies until either side closes. Any other answer is
   * relayed as an ordinary response.
   */
  private void tunnel(HttpServerRequest req, String host, Route route) {
    WorkloadId wid = route.workload();
    req.pause();
    client
        .request(backendOptions(req, route))
        .onComplete(
            connected -> {
              if (connected.failed()) {
                req.resume();
                failed(req, route, connected.cause());
                return;
              }
              HttpClientRequest back = connected.result();
              prepare(req, host, back);
              back.putHeader(HttpHeaders.UPGRADE, req.getHeader(HttpHeaders.UPGRADE));
              back.putHeader(HttpHeaders.CONNECTION, "Upgrade");
              table.count(wid, req.uri().length() + 16L + headerBytes(back.headers()));
              back.connect()
                  .onComplete(
                      answered -> {
                        req.resume();
                        if (answered.failed() || answered.result().statusCode() != 101) {
                          respond(req, route, back, answered);
                          return;
                        }
                        HttpClientResponse in = answered.result();
                        NetSocket backSocket = in.netSocket();
                        HttpServerResponse out = req.response();
                        copyEndToEnd(in.headers(), out.headers());
                        out.putHeader(HttpHeaders.UPGRADE, in.getHeader(HttpHeaders.UPGRADE));
                        out.putHeader(HttpHeaders.CONNECTION, "Upgrade");
                        table.count(wid, 16L + headerBytes(out.headers()));
                        req.toNetSocket()
                            .onComplete(
                                switched -> {
                                  if (switched.failed()) {
                                    backSocket.close();
                                    return;
                                  }
                                  NetSocket front = switched.result();
                                  pump(front, backSocket, wid).onComplete(v -> backSocket.end());
                                  pump(backSocket, front, wid).onComplete(v -> front.end());
                                  front.closeHandler(v -> backSocket.close());
                                  backSocket.closeHandler(v -> front.close());
                                });
                      });
            });
  }

  private RequestOptions backendOptions(HttpServerRequest req, Route route) {
    return new RequestOptions()
        .setMethod(req.method())
        .setHost(route.host())
        .setPort(route.port())
        .setURI(req.uri())
        .setConnectTimeout(config.connectTimeout().toMillis())
        .setIdleTimeout(config.responseTimeout().toMillis());
  }

  /** The request head for the workload: end-to-end headers, the client's Host, X-Forwarded-*. */
  private static void prepare(HttpServerRequest req, String host, HttpClientRequest back) {
    copyEndToEnd(req.headers(), back.headers());
    HostAndPort authority = HostAndPort.parseAuthority(host, -1);
    if (authority != null) {
      back.authority(authority);
    }
    String remote = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    if (remote != null) {
      String before = req.getHeader("X-Forwarded-For");
      back.putHeader("X-Forwarded-For", before == null ? remote : before + ", " + remote);
    }
    back.putHeader("X-Forwarded-Host", host);
    back.putHeader("X-Forwarded-Proto", "http");
  }

  private void forward(HttpServerRequest req, String host, Route route) {
    WorkloadId wid = route.workload();
    req.pause();
    client
        .request(backendOptions(req, route))
        .onComplete(
            connected -> {
              if (connected.failed()) {
                req.resume();
                failed(req, route, connected.cause());
                return;
              }
              HttpClientRequest back = connected.result();
              prepare(req, host, back);
              if (req.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                  && req.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                back.setChunked(true);
              }
              table.count(wid, req.uri().length() + 16L + headerBytes(back.headers()));
              back.response().onComplete(answered -> respond(req, route, back, answered));
              req.response().closeHandler(v -> back.reset());
              pump(req, back, wid)
                  .onComplete(
                      sent -> {
                        if (sent.succeeded()) {
                          back.end();
                        } else {
                          back.reset();
                        }
                      });
              req.resume();
            });
  }

  private void respond(
      HttpServerRequest req,
      Route route,
      HttpClientRequest back,
      io.vertx.core.AsyncResult<HttpClientResponse> answered) {
    HttpServerResponse out = req.response();
    if (answered.failed()) {
      if (out.headWritten() || out.ended() || out.closed()) {
        out.reset();
      } else {
        failed(req, route, answered.cause());
      }
      return;
    }
    HttpClientResponse in = answered.result();
    in.pause();
    out.setStatusCode(in.statusCode());
    if (in.statusMessage() != null) {
      out.setStatusMessage(in.statusMessage());
    }
    copyEndToEnd(in.headers(), out.headers());
    boolean bodiless =
        req.method() == HttpMethod.HEAD
            || in.statusCode() == 204
            || in.statusCode() == 304
            || in.statusCode() < 200;
    // Vert.x closes after the response only for a Connection header of exactly "close"; a list
    // like "close, x-hop" must close too (RFC 9112 §9.6).
    boolean close = hasToken(req.headers(), "close");
    if (close) {
      out.putHeader(HttpHeaders.CONNECTION, "close");
    }
    if (!bodiless && in.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
      if (req.version() == HttpVersion.HTTP_1_0) {
        out.putHeader(HttpHeaders.CONNECTION, "close"); // no chunked coding in HTTP/1.0
      } else {
        out.setChunked(true);
      }
    }
    table.count(route.workload(), 16L + headerBytes(out.headers()));
    pump(in, out, route.workload())
        .onComplete(
            done -> {
              if (done.succeeded()) {
                out.end()
                    .onComplete(
                        ended -> {
                          if (close) {
                            req.connection().close();
                          }
                        });
              } else {
                out.reset();
              }
            });
    in.resume();
  }

  private void failed(HttpServerRequest req, Route route, Throwable cause) {
    boolean timeout = isTimeout(cause);
    LOG.atDebug()
        .addKeyValue("name", route.name())
        .addKeyValue("error", String.valueOf(cause))
        .log("gateway backend failed");
    if (req.response().headWritten() || req.response().closed()) {
      req.response().reset();
      return;
    }
    if (timeout) {
      plain(req, 504, route.name() + " did not answer in time");
    } else {
      plain(req, 502, route.name() + " is not reachable");
    }
  }

  private static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException
          || c.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout")) {
        return !c.getClass().getSimpleName().contains("Connect");
      }
    }
    return false;
  }

  private static void plain(HttpServerRequest req, int status, String text) {
    HttpServerResponse response = req.response();
    if (response.ended() || response.closed()) {
      return;
    }
    boolean close = hasToken(req.headers(), "close");
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(text + "\n")
        .onComplete(
            ended -> {
              if (close) {
                req.connection().close();
              }
            });
  }

  /**
   * Copies {@code from} into {@code to} without the hop-by-hop headers (RFC 9110 §7.6.1), which
   * include every header the Connection header names.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to) {
    Set<String> drop = new HashSet<>(HOP_BY_HOP);
    for (String v : from.getAll(HttpHeaders.CONNECTION)) {
      for (String token : v.split(",")) {
        drop.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    for (Map.Entry<String, String> e : from) {
      String n = e.getKey().toLowerCase(Locale.ROOT);
      if (!drop.contains(n) && !n.startsWith("proxy-") && !n.equals("host")) {
        to.add(e.getKey(), e.getValue());
      }
    }
  }

  /** The size of the header lines as sent ({@code name: value\r\n}). */
  private static long headerBytes(MultiMap headers) {
    long n = 2;
    for (Map.Entry<String, String> e : headers) {
      n += e.getKey().length() + e.getValue().length() + 4;
    }
    return n;
  }

  /**
   * Relays {@code from} to {@code to}, counting bytes: pauses the source while the sink's write
   * queue is full. Completes at the source's end, fails on its error.
   */
  private Future<Void> pump(ReadStream<Buffer> from, WriteStream<Buffer> to, WorkloadId wid) {
    Promise<Void> done = Promise.promise();
    from.handler(
        buf -> {
          table.count(wid, buf.length());
          to.write(buf);
          if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
          }
        });
    from.exceptionHandler(done::tryFail);
    from.endHandler(v -> done.tryComplete());
    return done.future();
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.atWarn().addKeyValue("error", e.toString()).log("gateway close");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (ownsVertx) {
        vertx.close();
      }
    }
  }
}
