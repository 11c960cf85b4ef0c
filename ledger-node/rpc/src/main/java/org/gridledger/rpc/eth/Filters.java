package org.gridledger.rpc.eth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;

/**
 * Installed polling filters ({@code eth_newFilter}, {@code eth_newBlockFilter}, {@code
 * eth_newPendingTransactionFilter}). A filter not polled within the timeout is removed, as geth
 * does (geth sweeps on a ticker; here every call into this class sweeps first, which is equivalent
 * for a client and keeps no thread).
 *
 * <p>Block and log filters remember the last block number they reported and read newer canonical
 * blocks from the store when polled; a reorg below that number is not reported as removed logs.
 * Pending-transaction filters queue hashes as the pool admits them (at most {@link #MAX_QUEUED} per
 * filter; older ones are dropped).
 */
public final class Filters {
  static final int MAX_QUEUED = 10_000;

  /** What a filter watches. */
  public sealed interface Kind {
    record Logs(LogQuery query) implements Kind {}

    record Blocks() implements Kind {}

    record PendingTransactions() implements Kind {}
  }

  /** A filter's mutable polling state (guarded by its own monitor). */
  static final class Installed {
    final Kind kind;
    long lastBlock;
    final List<Hash> queued = new ArrayList<>();
    Instant lastPoll;

    Installed(Kind kind, long lastBlock, Instant now) {
      this.kind = kind;
      this.lastBlock = lastBlock;
      this.lastPoll = now;
    }
  }

  private final Map<String, Installed> filters = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final int max;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Filters(Duration timeout, int max, Clock clock) {
    this.timeout = timeout;
    this.max = max;
    this.clock = clock;
  }

  /** Installs a filter that reports what happens after block {@code head}; returns its id. */
  public String install(Kind kind, long head) {
    sweep();
    if (filters.size() >= max) {
      throw new RpcException(new RpcError.LimitExceeded("too many filters (limit " + max + ")"));
    }
    String id = newId();
    filters.put(id, new Installed(kind, head, clock.instant()));
    return id;
  }

  public boolean uninstall(String id) {
    sweep();
    return filters.remove(id) != null;
  }

  /** The filter, marked as polled now; "filter not found" (geth's error) if there is none. */
  Installed poll(String id) {
    sweep();
    Installed f = filters.get(id);
    if (f == null) {
      throw new RpcException(new RpcError.ServerError("filter not found"));
    }
    synchronized (f) {
      f.lastPoll = clock.instant();
    }
    return f;
  }

  Optional<Installed> peek(String id) {
    return Optional.ofNullable(filters.get(id));
  }

  /** Queues a newly admitted transaction for every pending-transaction filter. */
  public void onPendingTransaction(Hash hash) {
    sweep();
    for (Installed f : filters.values()) {
      if (f.kind instanceof Kind.PendingTransactions) {
        synchronized (f) {
          if (f.queued.size() >= MAX_QUEUED) {
            f.queued.remove(0);
          }
          f.queued.add(hash);
        }
      }
    }
  }

  /**
   * The canonical chain was rewound to block {@code head} (the dev namespace's {@code evm_revert}):
   * block and log filters that had reported blocks above it report the new blocks at those heights
   * when they are produced, instead of skipping them.
   */
  public void onRewind(long head) {
    for (Installed f : filters.values()) {
      synchronized (f) {
        f.lastBlock = Math.min(f.lastBlock, head);
      }
    }
  }

  public int size() {
    return filters.size();
  }

  private void sweep() {
    Instant cutoff = clock.instant().minus(timeout);
    filters
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                return e.getValue().lastPoll.isBefore(cutoff);
              }
            });
  }

  /** geth's {@code rpc.NewID}: 0x and 16 random bytes in hex without leading zeros. */
  private String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    String hex = HexFormat.of().formatHex(b).replaceFirst("^0+(?=.)", "");
    return "0x" + hex;
  }
}
