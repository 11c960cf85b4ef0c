package org.gridledger.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridledger.rpc.subscription.SubscriptionManager;
import org.junit.jupiter.api.Test;

/**
 * What {@link RpcDispatcher} tells its {@link RpcObserver}: one call per executed request (in
 * batches and notifications too) with a bounded method label, and every error object it sends.
 */
class RpcObserverTest {
  /** Records what it is told. */
  static final class Recorder implements RpcObserver {
    final List<String> calls = new ArrayList<>();
    final List<Boolean> failed = new ArrayList<>();
    final List<Integer> errors = new ArrayList<>();

    @Override
    public synchronized void callCompleted(String method, long nanos, boolean failedCall) {
      assertThat(nanos).isNotNegative();
      calls.add(method);
      failed.add(failedCall);
    }

    @Override
    public synchronized void errorSent(int code) {
      errors.add(code);
    }
  }

  private final Recorder recorder = new Recorder();

  private void handle(RpcConfig config, String body) {
    new RpcDispatcher(TestMethods.build(), new SubscriptionManager(), config, recorder)
        .handle(body.getBytes(StandardCharsets.UTF_8), Optional.empty());
  }

  private void handle(String body) {
    handle(TestMethods.config(), body);
  }

  @Test
  void servedMethodsAreLabelledByNameAndOthersAsUnknown() {
    handle(
        "["
            + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"made_up\"},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"test_echo\",\"params\":[1]},"
            + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"rpc_modules\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]},"
            + "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"other_subscribe\",\"params\":[\"x\"]},"
            + "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"test_nonceTooLow\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\""
            + "x".repeat(3000)
            + "\"}"
            + "]");
    assertThat(recorder.calls)
        .containsExactly(
            "eth_chainId",
            RpcObserver.UNKNOWN_METHOD,
            "test_echo",
            "rpc_modules",
            "eth_subscribe",
            RpcObserver.UNKNOWN_METHOD,
            "test_nonceTooLow",
            RpcObserver.UNKNOWN_METHOD);
    assertThat(recorder.failed).containsExactly(false, true, false, false, true, true, true, true);
    // eth_subscribe over HTTP: -32601 "notifications not supported"; the notification sends none.
    assertThat(recorder.errors).containsExactly(-32601, -32601, -32601, -32000, -32600);
  }

  @Test
  void methodsOfDisabledNamespacesAreUnknown() {
    handle(
        TestMethods.config().withApis(Set.of("net")),
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}");
    assertThat(recorder.calls).containsExactly(RpcObserver.UNKNOWN_METHOD);
    assertThat(recorder.errors).containsExactly(-32601);
  }

  @Test
  void rejectedRequestsCountAsErrorsWithoutCalls() {
    handle("{not json");
    handle("[]");
    handle(
        TestMethods.config().withMaxBatchLength(1),
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_chainId\"}]");
    assertThat(recorder.calls).isEmpty();
    assertThat(recorder.errors).containsExactly(-32700, -32600, -32600);
  }
}
