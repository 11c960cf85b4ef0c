package org.gridledger.rpc;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP side of {@link RpcServer}: checks method, size and content type as geth's {@code
 * rpc/http.go} does, collects the body up to the limit, applies CORS, and hands WebSocket upgrades
 * to {@link WebSocketConnection}. Runs on the event loop; never blocks.
 */
final class HttpRequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpRequestHandler.class);

  /** The media types geth accepts ({@code acceptedContentTypes}). */
  private static final Set<String> ACCEPTED_CONTENT_TYPES =
      Set.of("application/json", "application/json-rpc", "application/jsonrequest");

  private static final String JSON = "application/json";

  /** Seconds a browser may cache a preflight answer (geth's CORS MaxAge). */
  private static final String PREFLIGHT_MAX_AGE = "600";

  private static final String USAGE =
      "this is a JSON-RPC 2.0 endpoint: send requests as HTTP POST with Content-Type:"
          + " application/json, or open a WebSocket on this address";

  private final RpcServer server;
  private final RpcConfig config;

  HttpRequestHandler(RpcServer server) {
    this.server = server;
    this.config = server.config();
  }

  void handle(HttpServerRequest request) {
    try {
      if (request.canUpgradeToWebSocket()) {
        upgrade(request);
        return;
      }
      String origin = request.getHeader("Origin");
      if (origin != null && config.allowsOrigin(origin)) {
        request
            .response()
            .putHeader(
                "Access-Control-Allow-Origin", config.allowedOrigins().contains("*") ? "*" : origin)
            .putHeader("Vary", "Origin");
      }
      if (HttpMethod.OPTIONS.equals(request.method())) {
        preflight(request, origin);
        return;
      }
      if (!HttpMethod.POST.equals(request.method())) {
        request.response().putHeader("Allow", "POST, OPTIONS");
        reject(request, 405, new RpcError.InvalidRequest("method not allowed: " + USAGE));
        return;
      }
      long declared = declaredLength(request);
      if (declared > config.maxRequestBodyBytes()) {
        reject(
            request,
            413,
            new RpcError.LimitExceeded(
                "content length too large ("
                    + declared
                    + ">"
                    + config.maxRequestBodyBytes()
                    + ")"));
        return;
      }
      if (!acceptedContentType(request.getHeader("Content-Type"))) {
        reject(
            request,
            415,
            new RpcError.InvalidRequest("invalid content type, only " + JSON + " is supported"));
        return;
      }
      if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
        request.response().writeContinue();
      }
      collectBody(request);
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).log("HTTP request handling failed");
      if (!request.response().ended()) {
        reject(request, 500, new RpcError.InternalError("internal error"));
      }
    }
  }

  private void collectBody(HttpServerRequest request) {
    int limit = config.maxRequestBodyBytes();
    Buffer body = Buffer.buffer();
    boolean[] rejected = {false};
    request.handler(
        chunk -> {
          if (rejected[0]) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            rejected[0] = true;
            reject(
                request,
                413,
                new RpcError.LimitExceeded(
                    "request body too large (more than " + limit + " bytes)"));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(
        e -> LOG.atDebug().setCause(e).log("HTTP request failed while reading the body"));
    request.endHandler(
        end -> {
          if (rejected[0]) {
            return;
          }
          server.execute(body.getBytes(), Optional.empty(), reply -> respond(request, reply));
        });
  }

  private static void respond(HttpServerRequest request, Exchange.Reply reply) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.putHeader("Content-Type", JSON);
    // Only notifications: JSON-RPC sends nothing, HTTP still needs a response (geth: empty 200).
    response.end(Buffer.buffer(reply.body()));
  }

  /**
   * Ends the request with {@code status} and a JSON-RPC error body (id null). Whatever body is
   * still arriving is read and dropped, so the connection stays usable; a client that keeps sending
   * far past the limit is disconnected.
   */
  private void reject(HttpServerRequest request, int status, RpcError error) {
    long discardLimit = 4L * config.maxRequestBodyBytes();
    long[] discarded = {0};
    if (!request.isEnded()) {
      request.handler(
          chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > discardLimit) {
              request.connection().close();
            }
          });
    }
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", JSON)
        .end(Buffer.buffer(server.errorBody(error)));
  }

  /**
   * A CORS preflight: allowed origins get the methods and headers they ask for (geth allows POST
   * and GET with any header); other origins get no CORS headers, so the browser refuses.
   */
  private void preflight(HttpServerRequest request, String origin) {
    HttpServerResponse response = request.response();
    String requestedMethod = request.getHeader("Access-Control-Request-Method");
    if (origin == null || requestedMethod == null) {
      response.putHeader("Allow", "POST, OPTIONS");
      reject(request, 405, new RpcError.InvalidRequest("method not allowed: " + USAGE));
      return;
    }
    response.putHeader(
        "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    if (config.allowsOrigin(origin)
        && (requestedMethod.equals("POST") || requestedMethod.equals("GET"))) {
      response.putHeader("Access-Control-Allow-Methods", requestedMethod);
      String requestedHeaders = request.getHeader("Access-Control-Request-Headers");
      if (requestedHeaders != null && !requestedHeaders.isBlank()) {
        response.putHeader("Access-Control-Allow-Headers", requestedHeaders);
      }
      response.putHeader("Access-Control-Max-Age", PREFLIGHT_MAX_AGE);
    } else {
      response.headers().remove("Access-Control-Allow-Origin");
    }
    response.setStatusCode(204).end();
  }

  /**
   * WebSocket handshake. Browsers always send {@code Origin}; a handshake that carries one must be
   * same-origin (the origin's host and port are those the client connected to) or match {@link
   * RpcConfig#allowedOrigins()}, as geth's {@code wsHandshakeValidator} checks them; clients
   * without the header are accepted.
   */
  private void upgrade(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null
        && !config.allowsOrigin(origin)
        && !sameOrigin(origin, request.authority())) {
      LOG.atWarn().addKeyValue("origin", origin).log("rejected WebSocket connection");
      reject(
          request,
          403,
          new RpcError.InvalidRequest("origin " + origin + " is not allowed for WebSocket"));
      return;
    }
    request
        .toWebSocket()
        .onSuccess(ws -> new WebSocketConnection(server, ws).start())
        .onFailure(e -> LOG.atDebug().setCause(e).log("WebSocket upgrade failed"));
  }

  static boolean sameOrigin(String origin, HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null || uri.getScheme() == null) {
        return false;
      }
      int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
      int hostPort = authority.port() < 0 ? defaultPort : authority.port();
      return uri.getHost().equalsIgnoreCase(authority.host()) && originPort == hostPort;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static long declaredLength(HttpServerRequest request) {
    String value = request.getHeader("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The media type without parameters must be one geth accepts ({@code mime.ParseMediaType}). */
  static boolean acceptedContentType(String header) {
    if (header == null) {
      return false;
    }
    int semicolon = header.indexOf(';');
    String type = (semicolon < 0 ? header : header.substring(0, semicolon));
    return ACCEPTED_CONTENT_TYPES.contains(type.strip().toLowerCase(Locale.ROOT));
  }
}
