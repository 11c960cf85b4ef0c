package org.gridledger.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.app.BftCluster.Member;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hex;

/**
 * Keeps signed transfers flowing into a {@link BftCluster} while the test injects faults: one
 * thread sends transfers from a few dev accounts, round robin over the RPC of the live nodes that
 * are not the current {@link #avoid victim}; another records every receipt it sees (the
 * transaction's block number and hash) and re-sends a sender's outstanding transactions when its
 * nonce stops advancing (a node killed right after admitting one takes it out of every pool if it
 * had not gossiped it yet, which leaves a nonce gap). {@link #assertEveryReceiptStillThere} is the
 * "no committed transaction lost" check.
 */
final class LoadDriver implements AutoCloseable {
  /** Where a receipt was seen. */
  record Inclusion(long block, String blockHash) {}

  private final BftCluster cluster;
  private final List<PrivateKey> senders;
  private final long pauseMillis;
  private final Map<Address, NavigableMap<Long, Transaction>> outstanding = new HashMap<>();
  private final Map<Address, Long> nextNonce = new HashMap<>();
  private final Map<Address, Long> confirmedNonce = new HashMap<>();
  private final Map<Address, Long> lastProgressNanos = new HashMap<>();
  private final Map<String, Boolean> pendingReceipts = new ConcurrentHashMap<>();
  private final Map<String, Inclusion> seen = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();
  private volatile Set<Member> avoid = Set.of();
  private volatile boolean stopped;
  private volatile Throwable failure;
  private final Thread sender;
  private final Thread watcher;
  private final java.util.concurrent.atomic.AtomicInteger roundRobin =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * @param senders accounts that nobody else uses (their nonces are tracked here)
   * @param perSecond transfers per second to aim for
   */
  LoadDriver(BftCluster cluster, List<PrivateKey> senders, int perSecond) {
    this.cluster = cluster;
    this.senders = List.copyOf(senders);
    this.pauseMillis = Math.max(1, 1000 / perSecond);
    for (PrivateKey k : senders) {
      outstanding.put(k.address(), new TreeMap<>());
      nextNonce.put(k.address(), 0L);
      confirmedNonce.put(k.address(), 0L);
      lastProgressNanos.put(k.address(), System.nanoTime());
    }
    this.sender = Thread.ofPlatform().daemon().name("load-send").start(this::sendLoop);
    this.watcher = Thread.ofPlatform().daemon().name("load-watch").start(this::watchLoop);
  }

  /** Sends to nodes other than {@code victims} from now on (empty: any live node). */
  void avoid(Collection<Member> victims) {
    this.avoid = Set.copyOf(victims);
  }

  long sent() {
    return sent.get();
  }

  long resent() {
    return resent.get();
  }

  Map<String, Inclusion> seen() {
    return Map.copyOf(seen);
  }

  private List<Member> targets() {
    Set<Member> v = avoid;
    List<Member> out = new ArrayList<>();
    for (Member m : cluster.members) {
      if (!v.contains(m) && m.alive() && m.rpc != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** Sends {@code raw} to the next target that answers; true if one did. */
  private boolean submit(Transaction tx) {
    String params = "[\"" + Hex.encode(tx.encode()) + "\"]";
    List<Member> targets = targets();
    for (int attempt = 0; attempt < targets.size(); attempt++) {
      Member m = targets.get(Math.floorMod(roundRobin.getAndIncrement(), targets.size()));
      NodeClient rpc = m.rpc;
      if (rpc == null) {
        continue;
      }
      try {
        rpc.call("eth_sendRawTransaction", params); // "already known" or "nonce too low": fine
        return true;
      } catch (IOException e) {
        // that node just died; the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private void sendLoop() {
    int i = 0;
    while (!stopped) {
      try {
        PrivateKey key = senders.get(i++ % senders.size());
        Address from = key.address();
        Transaction tx;
        synchronized (this) {
          NavigableMap<Long, Transaction> mine = outstanding.get(from);
          if (mine.size() >= 64) {
            tx = null; // back pressure while the chain does not move
          } else {
            long nonce = nextNonce.get(from);
            tx = NodeClient.transfer(key, nonce, Address.ofLow(0xF00D + i % 7), 1 + i);
            mine.put(nonce, tx);
            nextNonce.put(from, nonce + 1);
            pendingReceipts.put(tx.hash().toString(), Boolean.TRUE);
          }
        }
        if (tx != null) {
          submit(tx);
          sent.incrementAndGet();
        }
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        failure = e;
        return;
      }
    }
  }

  private void watchLoop() {
    while (!stopped) {
      try {
        Thread.sleep(1_000);
        checkReceipts();
        checkNonces();
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // a node went away under us; next time
      } catch (RuntimeException e) {
        failure = e;
        return;
      }
    }
  }

  private Member anyTarget() {
    List<Member> t = targets();
    return t.isEmpty() ? null : t.get(Math.floorMod(roundRobin.getAndIncrement(), t.size()));
  }

  private void checkReceipts() throws IOException, InterruptedException {
    Member m = anyTarget();
    if (m == null) {
      return;
    }
    List<String> hashes = new ArrayList<>(pendingReceipts.keySet());
    Map<String, Inclusion> found = receipts(m, hashes);
    for (Map.Entry<String, Inclusion> e : found.entrySet()) {
      seen.putIfAbsent(e.getKey(), e.getValue());
      pendingReceipts.remove(e.getKey());
    }
  }

  private void checkNonces() throws IOException, InterruptedException {
    Member m = anyTarget();
    if (m == null) {
      return;
    }
    for (PrivateKey k : senders) {
      Address from = k.address();
      JsonNode count = m.rpc.result("eth_getTransactionCount", "[\"" + from + "\", \"latest\"]");
      long latest = Long.decode(count.asText());
      List<Transaction> again = new ArrayList<>();
      synchronized (this) {
        NavigableMap<Long, Transaction> mine = outstanding.get(from);
        mine.headMap(latest, false).clear();
        if (latest > confirmedNonce.get(from)) {
          confirmedNonce.put(from, latest);
          lastProgressNanos.put(from, System.nanoTime());
        } else if (!mine.isEmpty()
            && System.nanoTime() - lastProgressNanos.get(from) > Duration.ofSeconds(6).toNanos()) {
          again.addAll(mine.values());
          lastProgressNanos.put(from, System.nanoTime());
        }
      }
      for (Transaction tx : again) {
        submit(tx);
        resent.incrementAndGet();
      }
    }
  }

  /** The receipts {@code node} has for {@code hashes}, in batches. */
  static Map<String, Inclusion> receipts(Member node, List<String> hashes)
      throws IOException, InterruptedException {
    Map<String, Inclusion> out = new LinkedHashMap<>();
    for (int from = 0; from < hashes.size(); from += 200) {
      List<String> part = hashes.subList(from, Math.min(hashes.size(), from + 200));
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < part.size(); i++) {
        if (i > 0) {
          batch.append(',');
        }
        batch.append(
            NodeClient.request(i, "eth_getTransactionReceipt", "[\"" + part.get(i) + "\"]"));
      }
      batch.append(']');
      JsonNode answers = NodeClient.MAPPER.readTree(node.rpc.post(batch.toString()).body());
      if (!answers.isArray()) {
        throw new IOException("not a batch answer: " + answers);
      }
      for (JsonNode a : answers) {
        JsonNode r = a.get("result");
        if (r != null && !r.isNull()) {
          out.put(
              part.get(a.get("id").asInt()),
              new Inclusion(
                  Long.decode(r.get("blockNumber").asText()), r.get("blockHash").asText()));
        }
      }
    }
    return out;
  }

  /**
   * Every receipt seen during the run is on each of {@code nodes}, in the same block (number and
   * hash). Returns how many were checked.
   */
  int assertEveryReceiptStillThere(List<Member> nodes) throws IOException, InterruptedException {
    Map<String, Inclusion> expected = seen();
    List<String> hashes = new ArrayList<>(expected.keySet());
    for (Member n : nodes) {
      Map<String, Inclusion> actual = receipts(n, hashes);
      for (String h : hashes) {
        Inclusion want = expected.get(h);
        Inclusion got = actual.get(h);
        if (!want.equals(got)) {
          throw new AssertionError(
              n + ": transaction " + h + " was seen in " + want + ", now " + got);
        }
      }
    }
    return hashes.size();
  }

  /** Highest block any seen receipt names. */
  long highestSeenBlock() {
    return seen().values().stream().mapToLong(Inclusion::block).max().orElse(0);
  }

  void assertHealthy() {
    if (failure != null) {
      throw new AssertionError("load driver failed", failure);
    }
  }

  Set<String> unconfirmed() {
    return Set.copyOf(pendingReceipts.keySet());
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops sending and watching (idempotent). */
  void stop() {
    stopped = true;
    sender.interrupt();
    watcher.interrupt();
    try {
      sender.join(5_000);
      watcher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
