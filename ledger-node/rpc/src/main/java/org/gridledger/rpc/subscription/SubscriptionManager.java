package org.gridledger.rpc.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.gridledger.evm.types.Hex;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;

/**
 * All live subscriptions of a server, and the entry point for events: chain, txpool and log code
 * call {@link #publish(SubscriptionKind, JsonNode)} (or the per-subscription variant) from any
 * thread, and every matching subscriber receives an {@code eth_subscription} notification:
 *
 * <pre>{"jsonrpc":"2.0","method":"eth_subscription",
 *  "params":{"subscription":"0x…","result":<payload>}}</pre>
 *
 * <p>Publishing never blocks: each connection queues its notifications and writes them on its own
 * event loop, after the response that returned the subscription id (as geth orders them).
 * Thread-safe.
 */
public final class SubscriptionManager {
  /** The namespace of the subscription methods and of the notification method. */
  public static final String NAMESPACE = "eth";

  private static final String NOTIFICATION_PREFIX =
      "{\"jsonrpc\":\"2.0\",\"method\":\"" + NAMESPACE + "_subscription\",\"params\":{";

  private final SecureRandom random;
  private final ObjectMapper mapper;
  private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
  private final Map<SubscriptionKind, Set<Subscription>> byKind =
      new EnumMap<>(SubscriptionKind.class);
  private final Map<Subscriber, Set<String>> bySubscriber = new ConcurrentHashMap<>();

  public SubscriptionManager() {
    this(new SecureRandom());
  }

  public SubscriptionManager(SecureRandom random) {
    this.random = random;
    this.mapper = new ObjectMapper();
    for (SubscriptionKind kind : SubscriptionKind.values()) {
      byKind.put(kind, ConcurrentHashMap.newKeySet());
    }
  }

  /**
   * Registers a subscription for {@code subscriber}.
   *
   * @throws RpcException {@code -32005} when the connection already holds its maximum, or {@code
   *     -32000} when it has closed
   */
  public Subscription subscribe(
      Subscriber subscriber, SubscriptionKind kind, LogFilter filter, boolean fullTransactions) {
    String id = newId();
    Subscription subscription = new Subscription(id, kind, filter, fullTransactions, subscriber);
    bySubscriber.compute(
        subscriber,
        (s, ids) -> {
          Set<String> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
          if (set.size() >= subscriber.maxSubscriptions()) {
            throw new RpcException(
                new RpcError.LimitExceeded(
                    "too many subscriptions on this connection (limit "
                        + subscriber.maxSubscriptions()
                        + ")"));
          }
          set.add(id);
          byId.put(id, subscription);
          byKind.get(kind).add(subscription);
          return set;
        });
    // A connection that closed while this request ran has already been cleaned up: undo.
    if (!subscriber.isOpen()) {
      unsubscribe(subscriber, id);
      throw new RpcException(new RpcError.ServerError("connection closed"));
    }
    return subscription;
  }

  /** Removes the subscription {@code id} if {@code subscriber} owns it; false otherwise. */
  public boolean unsubscribe(Subscriber subscriber, String id) {
    Subscription subscription = byId.get(id);
    if (subscription == null || subscription.subscriber() != subscriber) {
      return false;
    }
    if (byId.remove(id, subscription)) {
      byKind.get(subscription.kind()).remove(subscription);
      bySubscriber.computeIfPresent(
          subscriber,
          (s, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
          });
      return true;
    }
    return false;
  }

  /** Removes every subscription of a closed connection; returns how many there were. */
  public int removeAll(Subscriber subscriber) {
    Set<String> ids = bySubscriber.remove(subscriber);
    if (ids == null) {
      return 0;
    }
    int removed = 0;
    for (String id : ids) {
      Subscription subscription = byId.remove(id);
      if (subscription != null) {
        byKind.get(subscription.kind()).remove(subscription);
        removed++;
      }
    }
    return removed;
  }

  /** Live subscriptions in total. */
  public int count() {
    return byId.size();
  }

  /** Live subscriptions of {@code kind}. */
  public int count(SubscriptionKind kind) {
    return byKind.get(kind).size();
  }

  /**
   * Whether any subscription of {@code kind} is live: publishers check it before building a payload
   * nobody would receive.
   */
  public boolean hasSubscriptions(SubscriptionKind kind) {
    return !byKind.get(kind).isEmpty();
  }

  /**
   * Sends {@code payload} to every subscription of {@code kind}.
   *
   * @return how many notifications were queued
   */
  public int publish(SubscriptionKind kind, JsonNode payload) {
    return publish(kind, subscription -> Optional.of(payload));
  }

  /**
   * Sends each subscription of {@code kind} the payload {@code payloadFor} gives it, or nothing
   * when it gives empty: the way to apply a subscription's {@link Subscription#logFilter()} or
   * {@link Subscription#fullTransactions()} choice. Payloads that are the same object are encoded
   * once.
   *
   * @return how many notifications were queued
   */
  public int publish(SubscriptionKind kind, Function<Subscription, Optional<JsonNode>> payloadFor) {
    Map<JsonNode, String> encoded = new IdentityHashMap<>();
    int sent = 0;
    for (Subscription subscription : byKind.get(kind)) {
      Optional<JsonNode> payload = payloadFor.apply(subscription);
      if (payload.isEmpty()) {
        continue;
      }
      String json = encoded.computeIfAbsent(payload.get(), this::encode);
      subscription
          .subscriber()
          .deliver(
              subscription,
              NOTIFICATION_PREFIX
                  + "\"subscription\":\""
                  + subscription.id()
                  + "\",\"result\":"
                  + json
                  + "}}");
      sent++;
    }
    return sent;
  }

  private String encode(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload is not serializable: " + e.getOriginalMessage());
    }
  }

  /** 16 random bytes as a quantity: {@code 0x} and hex without leading zeros (geth's encodeID). */
  private String newId() {
    while (true) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      String hex = Hex.encodeNoPrefix(bytes).replaceFirst("^0+", "");
      String id = "0x" + (hex.isEmpty() ? "0" : hex);
      if (!byId.containsKey(id)) {
        return id;
      }
    }
  }
}
