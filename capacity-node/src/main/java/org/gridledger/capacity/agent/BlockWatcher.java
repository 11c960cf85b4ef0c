package org.gridledger.capacity.agent;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.websocket.WebSocketService;

/**
 * Tells the agent about new blocks: a WebSocket {@code eth_subscribe newHeads} subscription while
 * it works, and a poll of {@code eth_blockNumber} always (every {@code pollInterval}), so a broken
 * or absent WebSocket costs latency, never a block. A broken subscription is reconnected with
 * exponential backoff (1 s doubling to 60 s). Each block number is announced once, in order of
 * discovery.
 *
 * <p>Lifecycle: {@link #start()} starts one daemon thread; {@link #close()} stops it.
 */
public final class BlockWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockWatcher.class);

  /** A source of the latest block number (the RPC). */
  public interface Head {
    long latest() throws Exception;
  }

  private final String wsUrl;
  private final Head head;
  private final Duration pollInterval;
  private final LongConsumer onBlock;
  private final AtomicLong lastSeen = new AtomicLong(-1);
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean wsBroken = new AtomicBoolean(true);
  private volatile WebSocketService ws;
  private volatile io.reactivex.disposables.Disposable subscription;
  private Thread thread;

  public BlockWatcher(String wsUrl, Head head, Duration pollInterval, LongConsumer onBlock) {
    this.wsUrl = wsUrl;
    this.head = head;
    this.pollInterval = pollInterval;
    this.onBlock = onBlock;
  }

  public void start() {
    running.set(true);
    thread = Thread.ofPlatform().daemon().name("block-watcher").start(this::loop);
  }

  /** Whether the WebSocket subscription is up right now. */
  public boolean subscribed() {
    return !wsBroken.get();
  }

  private void loop() {
    long backoffMillis = 1000;
    long nextWsAttempt = 0;
    while (running.get()) {
      if (wsBroken.get() && System.currentTimeMillis() >= nextWsAttempt) {
        if (subscribe()) {
          backoffMillis = 1000;
        } else {
          nextWsAttempt = System.currentTimeMillis() + backoffMillis;
          backoffMillis = Math.min(backoffMillis * 2, 60_000);
        }
      }
      try {
        announce(head.latest());
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.atWarn().addKeyValue("error", e.toString()).log("block number poll failed");
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean subscribe() {
    unsubscribe();
    try {
      WebSocketService service = new WebSocketService(wsUrl, false);
      service.connect();
      ws = service;
      subscription =
          Web3j.build(service)
              .newHeadsNotifications()
              .subscribe(
                  n ->
                      announce(
                          org.web3j.utils.Numeric.decodeQuantity(
                                  n.getParams().getResult().getNumber())
                              .longValue()),
                  e -> {
                    if (wsBroken.compareAndSet(false, true)) {
                      LOG.atWarn()
                          .addKeyValue("error", e.toString())
                          .log("newHeads subscription broke; polling until it reconnects");
                    }
                  });
      wsBroken.set(false);
      LOG.atInfo().addKeyValue("url", wsUrl).log("subscribed to newHeads");
      return true;
    } catch (Exception e) {
      LOG.atDebug().addKeyValue("error", e.toString()).log("WebSocket unavailable; polling");
      unsubscribe();
      return false;
    }
  }

  private void announce(long number) {
    long prev = lastSeen.getAndAccumulate(number, Math::max);
    if (number > prev) {
      onBlock.accept(number);
    }
  }

  private void unsubscribe() {
    var s = subscription;
    if (s != null) {
      s.dispose();
      subscription = null;
    }
    var w = ws;
    if (w != null) {
      w.close();
      ws = null;
    }
    wsBroken.set(true);
  }

  @Override
  public void close() {
    running.set(false);
    if (thread != null) {
      thread.interrupt();
    }
    unsubscribe();
  }
}
