package org.gridledger.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.gridledger.rpc.methods.EthChainApi;
import org.gridledger.rpc.methods.NetApi;
import org.gridledger.rpc.methods.Web3Api;
import org.gridledger.rpc.subscription.LogFilter;
import org.gridledger.rpc.subscription.Subscriber;
import org.gridledger.rpc.subscription.Subscription;
import org.gridledger.rpc.subscription.SubscriptionManager;

/**
 * Any bytes through the request path (decode, classify, dispatch, encode) give either nothing (only
 * notifications) or well-formed JSON-RPC responses; no exception escapes and the response stays
 * bounded. Runs the seeds under src/test/resources in regression mode; {@code JAZZER_FUZZ=1}
 * explores further.
 */
class RequestFuzzTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_BATCH = 50;

  private final SubscriptionManager subscriptions = new SubscriptionManager();
  private final RpcDispatcher dispatcher;
  private final Subscriber subscriber =
      new Subscriber() {
        @Override
        public int maxSubscriptions() {
          return 5;
        }

        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public void deliver(Subscription subscription, String notification) {}
      };

  RequestFuzzTest() {
    RpcMethods.Builder builder = RpcMethods.builder();
    new Web3Api("Gridledger/vfuzz/linux-amd64/java25").registerTo(builder);
    new NetApi(7, () -> 0).registerTo(builder);
    new EthChainApi(7).registerTo(builder);
    builder.add(
        "eth_getBalance",
        2,
        params -> {
          params.required(0, "address", org.gridledger.rpc.json.ParamParsers.ADDRESS);
          params.optional(1, "block", org.gridledger.rpc.json.ParamParsers.BLOCK_NUMBER_OR_HASH);
          return RpcResult.success(org.gridledger.rpc.json.JsonResults.quantity(0));
        });
    builder.add(
        "eth_call",
        1,
        params -> {
          params.required(0, "filter", LogFilter::parse);
          return RpcResult.failure(RpcError.executionReverted(new byte[] {1, 2}));
        });
    dispatcher =
        new RpcDispatcher(
            builder.build(),
            subscriptions,
            RpcConfig.defaults()
                .withApis(Set.of("eth", "net", "web3"))
                .withMaxBatchLength(MAX_BATCH));
  }

  @FuzzTest(maxDuration = "30s")
  void anyBytesGiveWellFormedAnswers(byte[] input) throws IOException {
    for (Optional<Subscriber> via :
        java.util.List.of(Optional.<Subscriber>empty(), Optional.of(subscriber))) {
      Optional<byte[]> response = dispatcher.handle(input, via);
      subscriptions.removeAll(subscriber);
      if (response.isEmpty()) {
        continue;
      }
      byte[] body = response.get();
      // Every answer is at most a short error plus the echoed id, which comes from the input.
      assertThat(body.length).isLessThanOrEqualTo(input.length + (MAX_BATCH + 1) * 512);
      JsonNode json = MAPPER.readTree(body);
      if (json.isArray()) {
        assertThat(json.size()).isBetween(1, MAX_BATCH + 1);
        for (JsonNode element : json) {
          checkResponse(element);
        }
      } else {
        checkResponse(json);
      }
    }
  }

  private static void checkResponse(JsonNode response) {
    assertThat(response.isObject()).as(response.toString()).isTrue();
    assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(response.has("id")).isTrue();
    JsonNode id = response.get("id");
    assertThat(id.isObject() || id.isArray()).isFalse();
    assertThat(response.has("result") ^ response.has("error")).isTrue();
    if (response.has("error")) {
      JsonNode error = response.get("error");
      assertThat(error.get("code").isInt()).isTrue();
      assertThat(error.get("message").isTextual()).isTrue();
    }
  }
}
