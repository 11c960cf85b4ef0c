package org.gridledger.rpc;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridledger.rpc.subscription.Subscriber;
import org.gridledger.rpc.subscription.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: assembles messages from frames (with the message-size limit), runs each
 * message as a request (several may run at once, answered as they finish, as in geth), and receives
 * notifications for its subscriptions. All mutable state is confined to the connection's event-loop
 * context; {@link #deliver} may be called from any thread.
 */
final class WebSocketConnection implements Subscriber {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

  /** Requests of one connection running at once; reading pauses beyond this. */
  static final int MAX_IN_FLIGHT = 16;

  /** Bytes queued for writing before a connection counts as not keeping up. */
  static final int WRITE_QUEUE_BYTES = 16 * 1024 * 1024;

  /** Notifications kept for a subscription whose id has not been sent yet. */
  static final int MAX_BUFFERED_NOTIFICATIONS = 10_000;

  /**
   * Notifications handed over by publishers but not yet taken by the event loop; past this the
   * connection is dropped rather than letting the queue grow.
   */
  static final int MAX_QUEUED_NOTIFICATIONS = 50_000;

  /** RFC 6455 close code 1008: policy violation. */
  private static final short POLICY_VIOLATION = 1008;

  private final RpcServer server;
  private final ServerWebSocket socket;
  private final Context context;
  private final int maxMessageBytes;
  private volatile boolean open = true;
  private final AtomicInteger queuedNotifications = new AtomicInteger();

  // Confined to the event-loop context.
  private Buffer message;
  private boolean discarding;
  private int inFlight;
  private boolean paused;
  private final Set<String> activated = new HashSet<>();
  private final Map<String, ArrayDeque<String>> waiting = new HashMap<>();

  WebSocketConnection(RpcServer server, ServerWebSocket socket) {
    this.server = server;
    this.socket = socket;
    this.context = server.vertx().getOrCreateContext();
    this.maxMessageBytes = server.config().maxWsMessageBytes();
  }

  void start() {
    server.webSocketOpened();
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    socket.frameHandler(this::onFrame);
    socket.exceptionHandler(this::onException);
    socket.closeHandler(v -> onClose());
  }

  /**
   * A frame over {@link RpcConfig#maxWsFrameBytes()} (or another protocol violation) is refused by
   * the codec, after which Vert.x drops the connection; send the close status first (1009 "message
   * too big" for an oversize frame, RFC 6455 section 7.4.1) so that the client learns why.
   */
  private void onException(Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException corrupted && open) {
      String reason = String.valueOf(corrupted.getMessage());
      socket.close(
          (short) corrupted.closeStatus().code(),
          reason.length() > 120 ? reason.substring(0, 120) : reason);
      return;
    }
    LOG.atDebug().setCause(e).log("WebSocket error");
  }

  private void onFrame(WebSocketFrame frame) {
    switch (frame.type()) {
      case TEXT, BINARY -> {
        message = Buffer.buffer();
        discarding = false;
        append(frame);
      }
      case CONTINUATION -> {
        if (message != null || discarding) {
          append(frame);
        }
      }
      default -> {
        // PING is answered and CLOSE handled by Vert.x; PONG needs nothing.
      }
    }
  }

  private void append(WebSocketFrame frame) {
    if (!discarding) {
      Buffer data = frame.binaryData();
      if (message.length() + data.length() > maxMessageBytes) {
        // Drop this message but keep the connection: the client gets an error and can go on.
        discarding = true;
        message = null;
      } else {
        message.appendBuffer(data);
      }
    }
    if (!frame.isFinal()) {
      return;
    }
    if (discarding) {
      discarding = false;
      write(
          server.errorBody(
              new RpcError.LimitExceeded(
                  "message too large (more than " + maxMessageBytes + " bytes)")));
      return;
    }
    byte[] body = message.getBytes();
    message = null;
    submit(body);
  }

  private void submit(byte[] body) {
    inFlight++;
    if (inFlight >= MAX_IN_FLIGHT && !paused) {
      paused = true;
      socket.pause();
    }
    server.execute(body, Optional.of(this), this::onReply);
  }

  private void onReply(Exchange.Reply reply) {
    inFlight--;
    if (paused && inFlight < MAX_IN_FLIGHT / 2) {
      paused = false;
      socket.resume();
    }
    if (!reply.isEmpty()) {
      write(reply.body());
    }
    // Only now may the new subscriptions' notifications follow their ids (geth's activate()).
    for (Subscription subscription : reply.createdSubscriptions()) {
      activate(subscription.id());
    }
  }

  private void activate(String id) {
    activated.add(id);
    ArrayDeque<String> queued = waiting.remove(id);
    if (queued != null) {
      for (String notification : queued) {
        writeNotification(notification);
      }
    }
  }

  private void write(byte[] body) {
    if (open) {
      socket.writeTextMessage(new String(body, StandardCharsets.UTF_8));
    }
  }

  @Override
  public int maxSubscriptions() {
    return server.config().maxSubscriptionsPerConnection();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void deliver(Subscription subscription, String notification) {
    if (!open) {
      return;
    }
    if (queuedNotifications.incrementAndGet() > MAX_QUEUED_NOTIFICATIONS) {
      queuedNotifications.decrementAndGet();
      context.runOnContext(v -> dropSlowClient());
      return;
    }
    context.runOnContext(v -> onNotification(subscription.id(), notification));
  }

  private void onNotification(String id, String notification) {
    queuedNotifications.decrementAndGet();
    if (!open) {
      return;
    }
    if (activated.contains(id)) {
      writeNotification(notification);
      return;
    }
    ArrayDeque<String> queued = waiting.computeIfAbsent(id, k -> new ArrayDeque<>());
    if (queued.size() < MAX_BUFFERED_NOTIFICATIONS) {
      queued.add(notification);
    }
  }

  private void writeNotification(String notification) {
    if (!open) {
      return;
    }
    if (socket.writeQueueFull()) {
      // The client does not read its notifications; buffering more would grow without bound.
      dropSlowClient();
      return;
    }
    socket.writeTextMessage(notification);
  }

  private void dropSlowClient() {
    if (!open) {
      return;
    }
    LOG.atWarn()
        .addKeyValue("remote", String.valueOf(socket.remoteAddress()))
        .log("closing WebSocket: client does not keep up with its notifications");
    open = false;
    server.subscriptions().removeAll(this);
    socket.close(POLICY_VIOLATION, "notification backlog exceeded");
  }

  private void onClose() {
    server.webSocketClosed();
    open = false;
    int removed = server.subscriptions().removeAll(this);
    activated.clear();
    waiting.clear();
    message = null;
    LOG.atDebug().addKeyValue("subscriptions", removed).log("WebSocket closed");
  }
}
