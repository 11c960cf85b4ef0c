package org.gridledger.rpc.eth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.storage.Column;
import org.gridledger.core.storage.KeyValueStore;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.methods.EthChainApi;
import org.junit.jupiter.api.Test;

/**
 * A node that restarts has an empty sender cache; the senders stored with each block let it serve
 * full transactions without recovering a single signature, with the same answers as recovery.
 */
class StoredSendersTest {

  /** An {@link EthApi} as a freshly started node has it: nothing cached. */
  static EthApi restarted(TestNet net) {
    return new EthApi(net.chain, net.pool, EthConfig.defaults());
  }

  static RpcMethods methods(EthApi api) {
    RpcMethods.Builder b = RpcMethods.builder();
    new EthChainApi(TestNet.CHAIN_ID).registerTo(b);
    api.registerTo(b);
    return b.build();
  }

  /** Every answer that carries a sender, for both blocks of {@link TestNet}, serialized. */
  static List<String> answersWithSenders(TestNet net, RpcMethods m) throws Exception {
    List<String> out = new ArrayList<>();
    List<List<Transaction>> blocks = List.of(net.block1, net.block2);
    for (int n = 1; n <= blocks.size(); n++) {
      String number = "0x" + n;
      JsonNode block = EthEventsTest.invoke(m, "eth_getBlockByNumber", number, true);
      String hash = block.get("hash").asText();
      out.add(block.toString());
      out.add(EthEventsTest.invoke(m, "eth_getBlockByHash", hash, true).toString());
      out.add(EthEventsTest.invoke(m, "eth_getBlockReceipts", number).toString());
      List<Transaction> txs = blocks.get(n - 1);
      for (int i = 0; i < txs.size(); i++) {
        String txHash = txs.get(i).hash().toHex();
        String index = "0x" + Integer.toHexString(i);
        out.add(EthEventsTest.invoke(m, "eth_getTransactionByHash", txHash).toString());
        out.add(EthEventsTest.invoke(m, "eth_getTransactionReceipt", txHash).toString());
        out.add(
            EthEventsTest.invoke(m, "eth_getTransactionByBlockNumberAndIndex", number, index)
                .toString());
        out.add(
            EthEventsTest.invoke(m, "eth_getTransactionByBlockHashAndIndex", hash, index)
                .toString());
      }
    }
    return out;
  }

  @Test
  void aRestartedNodeServesSendersFromTheStoreWithoutRecovery() throws Exception {
    try (TestNet net = new TestNet(EthConfig.defaults())) {
      EthApi fresh = restarted(net);
      List<String> fromStore = answersWithSenders(net, methods(fresh));
      assertThat(fresh.senderRecoveries()).isZero();
      // Senders as the test signed them, not as our recovery says.
      JsonNode block1 = TestNet.MAPPER.readTree(fromStore.get(0));
      assertThat(block1.get("transactions").get(0).get("from").asText())
          .isEqualTo(TestNet.ADDR1.toHex());
      assertThat(block1.get("transactions").get(2).get("from").asText())
          .isEqualTo(TestNet.ADDR2.toHex());

      // The same store as an earlier version left it: blocks without their senders entries
      // (docs: indexes column, 's' ‖ block hash).
      KeyValueStore store = net.chain.blocks().keyValueStore();
      try (KeyValueStore.Batch batch = store.newBatch()) {
        for (long n = 0; n <= 2; n++) {
          Hash hash = net.chain.blocks().canonicalHash(n).orElseThrow();
          byte[] key = ByteBuffer.allocate(33).put((byte) 's').put(hash.toArray()).array();
          assertThat(store.get(Column.INDEXES, key)).isPresent();
          batch.delete(Column.INDEXES, key);
        }
        batch.commit();
      }
      EthApi older = restarted(net);
      List<String> recovered = answersWithSenders(net, methods(older));
      // Each transaction recovered once (then cached), and the answers byte for byte the same.
      assertThat(older.senderRecoveries()).isEqualTo(net.block1.size() + net.block2.size());
      assertThat(recovered).containsExactlyElementsOf(fromStore);
    }
  }
}
