package org.gridledger.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

class RpcMethodsTest {
  private static final RpcMethod NOTHING = params -> RpcResult.success(NullNode.getInstance());

  @Test
  void namesAndNamespaces() {
    RpcMethods methods =
        RpcMethods.builder()
            .add("eth_blockNumber", 0, NOTHING)
            .add("eth_getBalance", 2, NOTHING)
            .add("debug_traceTransaction", 2, NOTHING)
            .build();
    assertThat(methods.names())
        .containsExactly("eth_blockNumber", "eth_getBalance", "debug_traceTransaction");
    assertThat(methods.namespaces()).containsExactly("debug", "eth");
    assertThat(methods.lookup("eth_getBalance").orElseThrow().maxParams()).isEqualTo(2);
    assertThat(methods.lookup("eth_nothing")).isEmpty();
    assertThat(RpcMethods.namespaceOf("a_b_c")).isEqualTo("a");
  }

  @Test
  void wiringMistakesFailAtBuildTime() {
    assertThatThrownBy(() -> RpcMethods.builder().add("eth_x", 0, NOTHING).add("eth_x", 0, NOTHING))
        .hasMessage("method registered twice: eth_x");
    assertThatThrownBy(() -> RpcMethods.builder().add("noNamespace", 0, NOTHING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RpcMethods.builder().add("eth_subscribe", 1, NOTHING))
        .hasMessage("eth_subscribe is reserved for subscriptions");
    assertThatThrownBy(() -> RpcMethods.builder().add("eth_y", -1, NOTHING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configValidatesItsLimits() {
    assertThatThrownBy(() -> RpcConfig.defaults().withMaxBatchLength(0))
        .hasMessage("maxBatchLength must be positive, got 0");
    assertThatThrownBy(() -> RpcConfig.defaults().withPort(70000))
        .isInstanceOf(IllegalArgumentException.class);
    RpcConfig defaults = RpcConfig.defaults();
    assertThat(defaults.host()).isEqualTo("127.0.0.1");
    assertThat(defaults.port()).isEqualTo(8545);
    assertThat(defaults.maxRequestBodyBytes()).isEqualTo(5 * 1024 * 1024);
    assertThat(defaults.maxBatchLength()).isEqualTo(1000);
    assertThat(defaults.maxSubscriptionsPerConnection()).isEqualTo(1000);
    assertThat(defaults.allowedOrigins()).isEmpty();
  }
}
