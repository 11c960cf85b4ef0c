package org.gridledger.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A running anvil node (the revm-based reference), talking JSON-RPC over HTTP. The binary is the
 * one the contracts module pins and installs ({@code contracts/node_modules/.bin/anvil}), so one
 * file decides which anvil every test and benchmark uses.
 */
public final class AnvilPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();
  private long nextId = 1;

  private AnvilPeer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * Starts anvil under the Cancun rules (the fork Gridledger implements) with a block gas limit of
   * {@code gasLimit}, and waits until it answers.
   */
  public static AnvilPeer start(Path repoRoot, long gasLimit)
      throws IOException, InterruptedException {
    Path bin = repoRoot.resolve("contracts/node_modules/.bin/anvil");
    if (!Files.isExecutable(bin)) {
      throw new IOException(
          "anvil not installed at "
              + bin
              + ": run `npm ci --prefix contracts` (make bench does it)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                bin.toString(),
                "--port",
                Integer.toString(port),
                "--gas-limit",
                Long.toString(gasLimit),
                "--code-size-limit",
                "1000000",
                "--hardfork",
                "cancun",
                "--silent")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    AnvilPeer peer = new AnvilPeer(p, URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        peer.call("eth_chainId");
        return peer;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          peer.close();
          throw new IOException("anvil did not start on port " + port, e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Sends one JSON-RPC request and returns its {@code result}; an error response throws. */
  public JsonNode call(String method, Object... params) throws IOException, InterruptedException {
    ObjectNode req = JSON.createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", nextId++);
    req.put("method", method);
    ArrayNode arr = req.putArray("params");
    for (Object p : params) {
      arr.add(JSON.valueToTree(p));
    }
    HttpRequest r =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req)))
            .build();
    HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(resp.body());
    if (body.has("error")) {
      throw new IOException(method + " failed: " + body.get("error"));
    }
    return body.get("result");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
