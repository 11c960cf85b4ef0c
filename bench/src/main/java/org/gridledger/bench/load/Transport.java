package org.gridledger.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the generator hands transactions to the node: {@code eth_sendRawTransaction} in JSON-RPC
 * batches over HTTP (one batch per 10 ms tick, several in flight), or one request per message over
 * a single WebSocket. Both count the answers that are errors.
 */
abstract sealed class Transport implements AutoCloseable {
  protected final AtomicLong answered = new AtomicLong();
  protected final AtomicLong errors = new AtomicLong();
  protected final AtomicReference<String> firstError = new AtomicReference<>();
  protected long submitted;

  static Transport open(String kind, NodeProcess node) throws InterruptedException {
    return switch (kind) {
      case "http" -> new Http(new JsonRpc(node.http()));
      case "ws" -> new Ws(node.ws());
      default -> throw new IllegalArgumentException("transport " + kind);
    };
  }

  /** Sends {@code txs} without waiting for the answers. */
  abstract void submit(List<SignedTx> txs);

  /** Waits (up to 60 s) until every submitted transaction has an answer. */
  void awaitAnswers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (answered.get() < submitted && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  long errors() {
    return errors.get();
  }

  String firstError() {
    return firstError.get();
  }

  protected void answer(JsonNode response) {
    answered.incrementAndGet();
    if (response.has("error")) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, response.get("error").toString());
    }
  }

  protected void failed(long count, Throwable t) {
    answered.addAndGet(count);
    errors.addAndGet(count);
    firstError.compareAndSet(null, t.toString());
  }

  @Override
  public void close() {}

  static final class Http extends Transport {
    private final JsonRpc rpc;
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();

    Http(JsonRpc rpc) {
      this.rpc = rpc;
    }

    @Override
    void submit(List<SignedTx> txs) {
      submitted += txs.size();
      List<String> raws = txs.stream().map(SignedTx::raw).toList();
      inFlight.add(
          rpc.batchAsync("eth_sendRawTransaction", raws)
              .whenComplete(
                  (body, t) -> {
                    if (t != null) {
                      failed(raws.size(), t);
                    } else if (!body.isArray()) {
                      // A whole-batch error (e.g. too large) answers with one object.
                      failed(raws.size(), new IllegalStateException(body.toString()));
                    } else {
                      body.forEach(this::answer);
                    }
                  }));
      inFlight.removeIf(CompletableFuture::isDone);
    }
  }

  static final class Ws extends Transport implements WebSocket.Listener {
    private final WebSocket socket;
    private final JsonRpc requests = new JsonRpc(URI.create("ws://unused"));
    private final StringBuilder partial = new StringBuilder();

    Ws(URI uri) throws InterruptedException {
      try {
        this.socket =
            HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, this)
                .get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("cannot open " + uri, e);
      }
    }

    @Override
    void submit(List<SignedTx> txs) {
      for (SignedTx tx : txs) {
        submitted++;
        String msg = requests.request("eth_sendRawTransaction", tx.raw()).toString();
        try {
          socket.sendText(msg, true).join();
        } catch (RuntimeException e) {
          failed(1, e);
        }
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          answer(JsonRpc.JSON.readTree(partial.toString()));
        } catch (java.io.IOException e) {
          failed(1, e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
