package org.gridledger.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the node's new blocks by polling {@code eth_blockNumber} every 50 ms over HTTP and
 * records, for every included transaction hash, when its block was first seen. A transaction's
 * receipt is served from the moment its block is the head, so this is the time a client polling for
 * the receipt would get it (to within the 50 ms poll), without one receipt poll per transaction
 * loading the node.
 */
public final class BlockWatcher implements AutoCloseable {
  private static final long POLL_MILLIS = 50;

  /**
   * One block as seen.
   *
   * @param seenNanos {@link System#nanoTime()} when first seen
   */
  public record SeenBlock(long number, long seenNanos, int txCount, long gasUsed, long baseFee) {}

  private final JsonRpc rpc;
  private final Map<String, Long> includedAt = new ConcurrentHashMap<>();
  private final List<SeenBlock> blocks = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String failure;
  private long next;

  public BlockWatcher(JsonRpc rpc) throws IOException, InterruptedException {
    this.rpc = rpc;
    this.next = Long.decode(rpc.call("eth_blockNumber").asText()) + 1;
    this.thread = Thread.ofPlatform().daemon().name("block-watcher").start(this::run);
  }

  private void run() {
    while (running) {
      try {
        long head = Long.decode(rpc.call("eth_blockNumber").asText());
        while (next <= head) {
          JsonNode b = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(next), false);
          long now = System.nanoTime();
          JsonNode txs = b.get("transactions");
          for (JsonNode h : txs) {
            includedAt.putIfAbsent(h.asText().toLowerCase(java.util.Locale.ROOT), now);
          }
          synchronized (blocks) {
            blocks.add(
                new SeenBlock(
                    next,
                    now,
                    txs.size(),
                    Long.decode(b.get("gasUsed").asText()),
                    Long.decode(b.get("baseFeePerGas").asText())));
          }
          next++;
        }
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        failure = e.toString();
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** When the block holding {@code hash} was first seen, or null if not (yet). */
  public Long includedAt(String hash) {
    return includedAt.get(hash);
  }

  public List<SeenBlock> blocks() {
    synchronized (blocks) {
      return List.copyOf(blocks);
    }
  }

  /** The last polling error, if any (for the report). */
  public String failure() {
    return failure;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
