package org.gridledger.rpc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;
import org.junit.jupiter.api.Test;

class SubscriptionManagerTest {
  private final SubscriptionManager manager = new SubscriptionManager();

  @Test
  void idsAreQuantitiesOf16RandomBytes() {
    RecordingSubscriber recorder = new RecordingSubscriber(1000);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String id =
          manager.subscribe(recorder, SubscriptionKind.NEW_HEADS, LogFilter.ANY, false).id();
      assertThat(id).matches("0x([1-9a-f][0-9a-f]{0,31}|0)");
      ids.add(id);
    }
    assertThat(ids).hasSize(500);
  }

  @Test
  void notificationFormat() {
    RecordingSubscriber recorder = new RecordingSubscriber(10);
    Subscription s = manager.subscribe(recorder, SubscriptionKind.NEW_HEADS, LogFilter.ANY, false);
    manager.publish(SubscriptionKind.NEW_HEADS, JsonNodeFactory.instance.textNode("0x1"));
    assertThat(recorder.notifications)
        .containsExactly(
            "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\""
                + s.id()
                + "\",\"result\":\"0x1\"}}");
  }

  @Test
  void publishGoesOnlyToItsKindAndToMatchingSubscriptions() {
    RecordingSubscriber recorder = new RecordingSubscriber(10);
    manager.subscribe(recorder, SubscriptionKind.NEW_HEADS, LogFilter.ANY, false);
    Subscription full =
        manager.subscribe(recorder, SubscriptionKind.NEW_PENDING_TRANSACTIONS, LogFilter.ANY, true);
    manager.subscribe(recorder, SubscriptionKind.NEW_PENDING_TRANSACTIONS, LogFilter.ANY, false);
    int sent =
        manager.publish(
            SubscriptionKind.NEW_PENDING_TRANSACTIONS,
            s ->
                s.fullTransactions()
                    ? Optional.of(JsonNodeFactory.instance.objectNode())
                    : Optional.empty());
    assertThat(sent).isEqualTo(1);
    assertThat(recorder.notifications).singleElement().asString().contains(full.id());
  }

  @Test
  void limitPerSubscriberAndUnsubscribe() {
    RecordingSubscriber a = new RecordingSubscriber(2);
    RecordingSubscriber b = new RecordingSubscriber(2);
    Subscription first = manager.subscribe(a, SubscriptionKind.LOGS, LogFilter.ANY, false);
    manager.subscribe(a, SubscriptionKind.LOGS, LogFilter.ANY, false);
    assertThatThrownBy(() -> manager.subscribe(a, SubscriptionKind.LOGS, LogFilter.ANY, false))
        .isInstanceOf(RpcException.class)
        .satisfies(
            e ->
                assertThat(((RpcException) e).error())
                    .isEqualTo(
                        new RpcError.LimitExceeded(
                            "too many subscriptions on this connection (limit 2)")));
    manager.subscribe(b, SubscriptionKind.LOGS, LogFilter.ANY, false);
    assertThat(manager.unsubscribe(b, first.id())).isFalse();
    assertThat(manager.unsubscribe(a, first.id())).isTrue();
    assertThat(manager.unsubscribe(a, first.id())).isFalse();
    manager.subscribe(a, SubscriptionKind.LOGS, LogFilter.ANY, false);
    assertThat(manager.count()).isEqualTo(3);
    assertThat(manager.removeAll(a)).isEqualTo(2);
    assertThat(manager.count(SubscriptionKind.LOGS)).isEqualTo(1);
    assertThat(manager.removeAll(a)).isZero();
  }

  @Test
  void closedSubscriberIsRefused() {
    RecordingSubscriber closed = new RecordingSubscriber(10);
    closed.open = false;
    assertThatThrownBy(
            () -> manager.subscribe(closed, SubscriptionKind.NEW_HEADS, LogFilter.ANY, false))
        .isInstanceOf(RpcException.class);
    assertThat(manager.count()).isZero();
  }
}
