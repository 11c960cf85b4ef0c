package org.gridledger.capacity.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.gridledger.capacity.workload.WorkloadId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a local Vert.x backend, spoken to over raw sockets. */
class GatewayProxyTest {
  static final String DOMAIN = "gw.example.org";
  static final WorkloadId WID = new WorkloadId("n1-c5");

  Vertx vertx;
  RoutingTable table;
  GatewayProxy gateway;
  HttpServer backend;
  volatile Consumer<HttpServerRequest> behaviour;
  final CompletableFuture<String> handshake = new CompletableFuture<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    backend =
        vertx
            .createHttpServer()
            .requestHandler(r -> behaviour.accept(r))
            .webSocketHandler(
                ws -> {
                  handshake.complete(ws.headers().get("X-Forwarded-Host"));
                  ws.textMessageHandler(m -> ws.writeTextMessage("echo: " + m));
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    table = new RoutingTable();
    table.put(new Route("myapp", WID, "127.0.0.1", backend.actualPort(), false));
    gateway =
        GatewayProxy.start(
            vertx,
            GatewayConfig.of("127.0.0.1", 0, DOMAIN)
                .withTimeouts(
                    Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10)),
            table);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The backend answers with the request head it received, as JSON. */
  void echoHead() {
    behaviour =
        r -> {
          JsonObject h = new JsonObject();
          r.headers().forEach(e -> h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
          h.put(":uri", r.uri()).put(":method", r.method().name());
          r.response()
              .putHeader("X-End", "kept")
              .putHeader("Keep-Alive", "timeout=5")
              .putHeader("Proxy-Agent", "backend")
              .putHeader("Connection", "X-Back-Hop")
              .putHeader("X-Back-Hop", "dropped")
              .end(h.encode());
        };
  }

  @Test
  void forwardsEndToEndHeadersAndDropsHopByHopOnes() throws Exception {
    echoHead();
    Response r =
        send(
            "GET /path?q=1 HTTP/1.1\r\n"
                + "Host: MyApp.gw.example.org:8080\r\n"
                + "Connection: close, X-Hop\r\n"
                + "X-Hop: secret\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "TE: trailers\r\n"
                + "Upgrade: websocket\r\n"
                + "Proxy-Authorization: Basic eA==\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\n"
                + "X-Custom: stays\r\n"
                + "\r\n");
    assertThat(r.status).isEqualTo(200);
    JsonObject seen = new JsonObject(r.text());
    assertThat(seen.getString(":uri")).isEqualTo("/path?q=1");
    assertThat(seen.getString("host")).isEqualTo("MyApp.gw.example.org:8080");
    assertThat(seen.getString("x-custom")).isEqualTo("stays");
    assertThat(seen.getString("x-forwarded-for")).isEqualTo("203.0.113.7, 127.0.0.1");
    assertThat(seen.getString("x-forwarded-host")).isEqualTo("MyApp.gw.example.org:8080");
    assertThat(seen.getString("x-forwarded-proto")).isEqualTo("http");
    for (String hop :
        new String[] {"x-hop", "keep-alive", "te", "upgrade", "proxy-authorization", "trailer"}) {
      assertThat(seen.containsKey(hop)).as(hop).isFalse();
    }
    // Vert.x's client may add its own Connection header to the backend; never the client's.
    assertThat(seen.getString("connection", "")).doesNotContain("X-Hop").doesNotContain("close");
    assertThat(r.headers).containsEntry("x-end", "kept");
    assertThat(r.headers)
        .doesNotContainKeys("x-back-hop", "proxy-agent")
        .doesNotContainEntry("keep-alive", "timeout=5");
  }

  @Test
  void unknownAndMalformedHostsGet404() throws Exception {
    echoHead();
    for (String host :
        new String[] {
          "other.gw.example.org",
          "myapp.example.org",
          "a.myapp.gw.example.org",
          "127.0.0.1",
          "myapp.gw.example.org:99999",
          "my_app.gw.example.org",
          "[::1]:80"
        }) {
      Response r = send("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
      assertThat(r.status).as(host).isIn(400, 404);
      assertThat(r.text()).as(host).doesNotContain(":uri");
      if (r.status == 404) {
        assertThat(r.headers.get("content-type")).startsWith("text/plain");
      }
    }
    Response unknown =
        send("GET / HTTP/1.1\r\nHost: other.gw.example.org\r\nConnection: close\r\n\r\n");
    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.text()).isEqualTo("no workload serves other.gw.example.org\n");
  }

  @Test
  void aRequestWithoutHostGets400() throws Exception {
    echoHead();
    Response r = send("GET / HTTP/1.0\r\n\r\n");
    assertThat(r.status).isEqualTo(400);
  }

  @Test
  void aPausedRouteGets503() throws Exception {
    echoHead();
    table.put(table.lookup("myapp").orElseThrow().withPaused(true));
    Response r = send("GET / HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n\r\n");
    assertThat(r.status).isEqualTo(503);
    assertThat(r.text()).contains("paused");
    assertThat(r.headers).containsEntry("retry-after", "60");
  }

  @Test
  void aBackendThatIsDownGets502() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    table.put(new Route("myapp", WID, "127.0.0.1", closed, false));
    Response r = send("GET / HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n\r\n");
    assertThat(r.status).isEqualTo(502);
    assertThat(r.text()).isEqualTo("myapp is not reachable\n");
  }

  @Test
  void aSilentBackendGets504() throws Exception {
    behaviour = r -> {}; // never answers
    try (GatewayProxy impatient =
        GatewayProxy.start(
            vertx,
            GatewayConfig.of("127.0.0.1", 0, DOMAIN)
                .withTimeouts(
                    Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(10)),
            table)) {
      long t0 = System.nanoTime();
      Response r =
          send(
              impatient.port(),
              "GET / HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n\r\n");
      assertThat(r.status).isEqualTo(504);
      assertThat(r.text()).isEqualTo("myapp did not answer in time\n");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void streamsAMultiMebibyteBodyBothWaysAndCountsIt() throws Exception {
    // The backend echoes the body; it reports its first bytes before the client has sent the rest,
    // which a proxy buffering whole bodies could not do.
    CompletableFuture<Void> firstBytesArrived = new CompletableFuture<>();
    behaviour =
        r -> {
          r.response().setChunked(true);
          r.handler(
              b -> {
                firstBytesArrived.complete(null);
                r.response().write(b);
              });
          r.endHandler(v -> r.response().end());
        };
    int size = 8 << 20;
    byte[] body = new byte[size];
    new Random(42).nextBytes(body);
    long before = table.bytesRelayed(WID);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /echo HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n"
                  + "Content-Length: "
                  + size
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 64 * 1024);
      out.flush();
      firstBytesArrived.get(10, TimeUnit.SECONDS);
      CompletableFuture<Response> response =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Response.read(s.getInputStream());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      out.write(body, 64 * 1024, size - 64 * 1024);
      out.flush();
      Response r = response.get(30, TimeUnit.SECONDS);
      assertThat(r.status).isEqualTo(200);
      assertThat(r.body.length).isEqualTo(size);
      assertThat(MessageDigest.getInstance("SHA-256").digest(r.body))
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    }
    long counted = table.bytesRelayed(WID) - before;
    assertThat(counted).isBetween(2L * size, 2L * size + 4096);
  }

  @Test
  void countsASmallExchangeExactlyEnoughAndPerWorkload() throws Exception {
    behaviour = r -> r.bodyHandler(b -> r.response().end(Buffer.buffer("x".repeat(1000))));
    WorkloadId other = new WorkloadId("n1-c6");
    table.put(new Route("second", other, "127.0.0.1", backend.actualPort(), false));
    Response r =
        send(
            "POST / HTTP/1.1\r\nHost: second.gw.example.org\r\nContent-Length: 500\r\n"
                + "Connection: close\r\n\r\n"
                + "y".repeat(500));
    assertThat(r.status).isEqualTo(200);
    assertThat(r.body.length).isEqualTo(1000);
    assertThat(table.bytesRelayed(other)).isBetween(1500L, 1500L + 2048);
    assertThat(table.bytesRelayed(WID)).isZero();
  }

  @Test
  void anHttp10ClientGetsAChunkedBackendResponseUntilClose() throws Exception {
    behaviour =
        r -> {
          r.response().setChunked(true);
          r.response().write("part one, ");
          r.response().end("part two");
        };
    Response r = send("GET / HTTP/1.0\r\nHost: myapp.gw.example.org\r\n\r\n");
    assertThat(r.status).isEqualTo(200);
    assertThat(r.headers).doesNotContainKey("transfer-encoding");
    assertThat(r.text()).isEqualTo("part one, part two");
  }

  @Test
  void headAndNoContentResponsesHaveNoBody() throws Exception {
    behaviour =
        r -> {
          if (r.method().name().equals("HEAD")) {
            r.response().putHeader("Content-Length", "1234").end();
          } else {
            r.response().setStatusCode(204).end();
          }
        };
    Response head =
        send("HEAD / HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n\r\n");
    assertThat(head.status).isEqualTo(200);
    assertThat(head.headers).containsEntry("content-length", "1234");
    assertThat(head.body).isEmpty();
    Response none =
        send("DELETE / HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n\r\n");
    assertThat(none.status).isEqualTo(204);
    assertThat(none.body).isEmpty();
  }

  @Test
  void aRemovedRouteGets404() throws Exception {
    echoHead();
    assertThat(
            send("GET / HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n\r\n")
                .status)
        .isEqualTo(200);
    table.remove("myapp");
    assertThat(
            send("GET / HTTP/1.1\r\nHost: myapp.gw.example.org\r\nConnection: close\r\n\r\n")
                .status)
        .isEqualTo(404);
  }

  @Test
  void passesAWebSocketUpgradeThrough() throws Exception {
    behaviour = r -> r.response().setStatusCode(500).end();
    long before = table.bytesRelayed(WID);
    // A response time-out shorter than the pause below: it must not cut an open tunnel.
    try (GatewayProxy impatient =
            GatewayProxy.start(
                vertx,
                GatewayConfig.of("127.0.0.1", 0, DOMAIN)
                    .withTimeouts(
                        Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(10)),
                table);
        Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", impatient.port()), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      // The handshake example of RFC 6455 §1.3.
      out.write(
          ("GET /ws HTTP/1.1\r\nHost: myapp.gw.example.org\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        assertThat(b).as("response head so far: " + head).isNotNegative();
        head.append((char) b);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 101");
      assertThat(head.toString().toLowerCase(Locale.ROOT))
          .contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=")
          .contains("upgrade: websocket");
      assertThat(handshake.get(5, TimeUnit.SECONDS)).isEqualTo("myapp.gw.example.org");
      Thread.sleep(1200);

      byte[] payload = "hello gateway".getBytes(StandardCharsets.UTF_8);
      byte[] mask = {1, 2, 3, 4};
      byte[] frame = new byte[2 + 4 + payload.length];
      frame[0] = (byte) 0x81; // FIN, text
      frame[1] = (byte) (0x80 | payload.length); // masked (a client's frames must be)
      System.arraycopy(mask, 0, frame, 2, 4);
      for (int i = 0; i < payload.length; i++) {
        frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
      }
      out.write(frame);
      out.flush();
      assertThat(in.read()).isEqualTo(0x81);
      int len = in.read();
      byte[] echoed = in.readNBytes(len);
      assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("echo: hello gateway");
    }
    assertThat(table.bytesRelayed(WID) - before).isGreaterThan(2L * 13 + 6);
  }

  @Test
  void anUpgradeTheBackendDeclinesIsAnOrdinaryResponse() throws Exception {
    echoHead();
    Response r =
        send(
            "GET /x HTTP/1.1\r\nHost: myapp.gw.example.org\r\nUpgrade: example/1\r\n"
                + "Connection: Upgrade, close\r\n\r\n");
    assertThat(r.status).isEqualTo(200);
    assertThat(new JsonObject(r.text()).getString(":uri")).isEqualTo("/x");
  }

  Response send(String request) throws IOException {
    return send(gateway.port(), request);
  }

  static Response send(int port, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(20_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return Response.read(s.getInputStream());
    }
  }

  /** A response read until the server closes (requests say Connection: close). */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    static Response read(InputStream in) throws IOException {
      byte[] all = in.readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new IOException("no response head: " + text);
      }
      String[] lines = text.substring(0, end).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(c + 1).trim());
      }
      byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        rest = dechunk(rest);
      }
      return new Response(status, headers, rest);
    }

    static byte[] dechunk(byte[] in) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int p = 0;
      while (true) {
        int eol = p;
        while (eol + 1 < in.length && !(in[eol] == '\r' && in[eol + 1] == '\n')) {
          eol++;
        }
        String sizeLine = new String(in, p, eol - p, StandardCharsets.US_ASCII);
        int n = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        p = eol + 2;
        if (n == 0) {
          return out.toByteArray();
        }
        if (p + n > in.length) {
          throw new IOException("truncated chunk");
        }
        out.write(in, p, n);
        p += n + 2;
      }
    }
  }
}
