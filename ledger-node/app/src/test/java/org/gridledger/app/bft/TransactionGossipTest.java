package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.network.eth.EthMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node sends the transactions its own clients submitted in full and only announces the ones it
 * received from peers ({@link TransactionBatcher}); a node that no submitter reaches directly still
 * gets them, by fetching what a relay announced.
 */
class TransactionGossipTest {
  private static final Path DIR =
      Path.of("target", "transaction-gossip-test", Long.toString(System.nanoTime()));

  private final List<BftNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(BftNode::close);
  }

  private static PooledTransaction pooled(Transaction tx) {
    return new PooledTransaction(tx, tx.sender().orElseThrow(), tx.hash());
  }

  @Test
  void ownTransactionsGoOutInFullAndRelayedOnesByHash() {
    Transaction own = CertifiedChains.signedTransfer(0, new byte[0]);
    Transaction relayedSmall = CertifiedChains.signedTransfer(1, new byte[0]);
    Transaction relayedLarge = CertifiedChains.signedTransfer(2, new byte[300]);

    List<EthMessage> out =
        TransactionBatcher.messages(
            List.of(
                new TransactionBatcher.Outgoing(pooled(relayedSmall), true),
                new TransactionBatcher.Outgoing(pooled(own), false),
                new TransactionBatcher.Outgoing(pooled(relayedLarge), true)));

    assertThat(out).hasSize(2);
    assertThat(((EthMessage.Transactions) out.get(0)).transactions()).containsExactly(own);
    EthMessage.NewPooledTransactionHashes announced =
        (EthMessage.NewPooledTransactionHashes) out.get(1);
    assertThat(announced.hashes()).containsExactly(relayedSmall.hash(), relayedLarge.hash());
    assertThat(announced.types()).containsExactly((byte) 2, (byte) 2);
    assertThat(announced.sizes())
        .containsExactly((long) relayedSmall.encode().length, (long) relayedLarge.encode().length);
    assertThat(announced.sizes().get(1)).isGreaterThan(announced.sizes().get(0) + 299);
  }

  @Test
  void aBatchOfOnlyOneKindIsOneMessage() {
    assertThat(
            TransactionBatcher.messages(
                List.of(
                    new TransactionBatcher.Outgoing(
                        pooled(CertifiedChains.signedTransfer(0, new byte[0])), true))))
        .singleElement()
        .isInstanceOf(EthMessage.NewPooledTransactionHashes.class);
    assertThat(
            TransactionBatcher.messages(
                List.of(
                    new TransactionBatcher.Outgoing(
                        pooled(CertifiedChains.signedTransfer(0, new byte[0])), false))))
        .singleElement()
        .isInstanceOf(EthMessage.Transactions.class);
  }

  /** Nothing goes to a peer that already told us about a transaction, in full or announced. */
  @Test
  void aPeerIsNotSentWhatItToldUsAbout() {
    Transaction own = CertifiedChains.signedTransfer(0, new byte[0]);
    Transaction relayed = CertifiedChains.signedTransfer(1, new byte[0]);
    List<TransactionBatcher.Outgoing> batch =
        List.of(
            new TransactionBatcher.Outgoing(pooled(own), false),
            new TransactionBatcher.Outgoing(pooled(relayed), true));

    List<EthMessage> toOrigin = TransactionBatcher.messages(batch, relayed.hash()::equals);
    assertThat(toOrigin)
        .singleElement()
        .extracting(m -> ((EthMessage.Transactions) m).transactions())
        .isEqualTo(List.of(own));
    assertThat(TransactionBatcher.messages(batch, h -> true)).isEmpty();
    assertThat(TransactionBatcher.messages(batch, h -> false)).hasSize(2);
  }

  /**
   * A line a - b - c (b dials a, c dials b, a does not know c): a transaction submitted to a
   * reaches b in full and c through b's announcement and c's request.
   */
  @Test
  void aTransactionCrossesALineOfThreeNodes() throws Exception {
    // Not the validators' keys (10-13), whose followers would once have finalized blocks and so
    // mined the transaction out of the pools (FollowerTest).
    List<InMemoryTransactionPool> pools =
        CertifiedChains.startFollowerLine(DIR, CertifiedChains.KEYS.subList(5, 8), nodes).stream()
            .map(CertifiedChains.Follower::pool)
            .toList();
    CertifiedChains.waitUntil(() -> nodes.get(1).peerCount() == 2, "b connected to a and c");

    Transaction tx = CertifiedChains.signedTransfer(0, new byte[0]);
    assertThat(pools.get(0).add(tx)).isInstanceOf(AddResult.Added.class);

    CertifiedChains.waitUntil(
        () -> pools.get(2).get(tx.hash()).isPresent(), "the transaction at c");
    assertThat(pools.get(1).get(tx.hash())).as("b's pool").isPresent();
  }
}
