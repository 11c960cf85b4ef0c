package org.gridledger.explorer.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.gridledger.explorer.store.ConnectionPool;
import org.gridledger.explorer.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explorer's HTTP server: the query API under {@code /api}, live updates as server-sent events
 * at {@code /api/live} and the web page (class path {@code webroot/}) at {@code /}. Queries run on
 * Vert.x worker threads, each with its own database connection.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

  private final Vertx vertx;

  /** Connections kept open between requests (one per concurrent request at most). */
  private final ConnectionPool connections;

  private final Set<HttpServerResponse> liveClients = new CopyOnWriteArraySet<>();
  private final String openApi;
  private HttpServer server;

  public ApiServer(Database db) {
    this.vertx = Vertx.vertx();
    // as many as Vert.x runs blocking handlers at once (its worker pool's default size)
    this.connections = new ConnectionPool(db, VertxOptions.DEFAULT_WORKER_POOL_SIZE);
    try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the class path");
      }
      this.openApi = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Listens on {@code host:port} (port 0: any free port).
   *
   * @return the port it listens on
   */
  public int start(String host, int port) throws Exception {
    Router router = Router.router(vertx);
    router.get("/api/openapi.json").handler(ctx -> json(ctx, 200, openApi));
    router.get("/api/nodes").handler(ctx -> list(ctx, GridQueries.NODE_PARAMS, GridQueries::nodes));
    router.get("/api/nodes/:id").handler(ctx -> one(ctx, GridQueries::node));
    router
        .get("/api/farms")
        .handler(ctx -> list(ctx, Set.of("twin", "limit", "cursor"), GridQueries::farms));
    router.get("/api/farms/:id").handler(ctx -> one(ctx, GridQueries::farm));
    router.get("/api/twins/:id").handler(ctx -> one(ctx, GridQueries::twin));
    router
        .get("/api/contracts")
        .handler(
            ctx ->
                list(
                    ctx,
                    Set.of("twin", "node", "state", "kind", "limit", "cursor"),
                    GridQueries::contracts));
    router.get("/api/contracts/:id").handler(ctx -> one(ctx, GridQueries::contract));
    router.get("/api/stats").handler(ctx -> list(ctx, Set.of(), (c, p) -> GridQueries.stats(c)));
    router
        .get("/api/validators")
        .handler(ctx -> list(ctx, Set.of(), (c, p) -> GridQueries.validators(c)));
    router
        .get("/api/blocks")
        .handler(ctx -> list(ctx, Set.of("limit", "cursor"), GridQueries::blocks));
    router.get("/api/live").handler(this::live);
    router.route("/api/*").handler(ctx -> error(ctx, 404, "no such API route"));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(port, host)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    // Comments keep proxies from closing an idle event stream.
    vertx.setPeriodic(15_000, id -> broadcast(": keep-alive\n\n"));
    return server.actualPort();
  }

  /** Tells every live client that block {@code number} was indexed. */
  public void blockIndexed(long number) {
    broadcast("event: block\ndata: {\"block\":" + number + "}\n\n");
  }

  private void broadcast(String message) {
    vertx.runOnContext(
        v -> {
          for (HttpServerResponse r : liveClients) {
            if (r.closed()) {
              liveClients.remove(r);
            } else {
              r.write(message);
            }
          }
        });
  }

  private void live(RoutingContext ctx) {
    HttpServerResponse r = ctx.response();
    r.setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache");
    r.write(": connected\n\n");
    liveClients.add(r);
    r.closeHandler(v -> liveClients.remove(r));
  }

  /** A query over a connection with validated parameters. */
  interface Query {
    JsonObject run(Connection c, Params p) throws SQLException;
  }

  /** A lookup by path id; null means 404. */
  interface Lookup {
    JsonObject run(Connection c, long id) throws SQLException;
  }

  private void list(RoutingContext ctx, Set<String> allowed, Query query) {
    Params params;
    try {
      params = new Params(ctx.request().params(), allowed);
    } catch (BadRequest e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    blocking(ctx, c -> query.run(c, params));
  }

  private void one(RoutingContext ctx, Lookup lookup) {
    String raw = ctx.pathParam("id");
    if (!ctx.request().params().names().stream().allMatch(n -> n.equals("id"))) {
      error(ctx, 400, "this route takes no query parameters");
      return;
    }
    if (raw == null || !ID.matcher(raw).matches()) {
      error(ctx, 400, "id must be a non-negative integer, got '" + Params.clip("" + raw) + "'");
      return;
    }
    long id = Long.parseLong(raw);
    blocking(ctx, c -> lookup.run(c, id));
  }

  private interface Body {
    JsonObject run(Connection c) throws SQLException;
  }

  private void blocking(RoutingContext ctx, Body body) {
    Future<JsonObject> f =
        vertx.executeBlocking(
            () -> {
              Connection c = connections.borrow();
              boolean healthy = false;
              try {
                JsonObject result = body.run(c);
                healthy = true;
                return result;
              } catch (BadRequest e) {
                healthy = true; // the input was bad, not the connection
                throw e;
              } finally {
                connections.giveBack(c, healthy);
              }
            },
            false);
    f.onComplete(
        ar -> {
          if (ar.failed()) {
            if (ar.cause() instanceof BadRequest b) {
              error(ctx, 400, b.getMessage());
            } else {
              LOG.warn("query failed", ar.cause());
              error(ctx, 500, "internal error");
            }
          } else if (ar.result() == null) {
            error(ctx, 404, "not found");
          } else {
            json(ctx, 200, ar.result().encode());
          }
        });
  }

  private static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message).put("status", status).encode());
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body);
  }

  @Override
  public void close() {
    liveClients.forEach(
        r -> {
          if (!r.closed()) {
            r.end();
          }
        });
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("closing Vert.x: {}", e.toString());
    }
    connections.close();
  }
}
