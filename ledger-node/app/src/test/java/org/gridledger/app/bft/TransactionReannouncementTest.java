package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.types.Address;
import org.gridledger.network.eth.EthMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Gossip sends a transaction once, when the pool admits it; the pool's waiting transactions are
 * announced again by hash ({@link PoolReannouncer}) and fetched by peers that lack them.
 */
class TransactionReannouncementTest {
  private static final Path DIR =
      Path.of("target", "reannouncement-test", Long.toString(System.nanoTime()));

  private final List<BftNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(BftNode::close);
  }

  private static Transaction transfer(long nonce) {
    return CertifiedChains.signedTransfer(nonce, new byte[0]);
  }

  @Test
  void announcesOnlyTransactionsThatWaitedAPeriodAndForgetsIncludedOnes() {
    Blockchain chain = CertifiedChains.newChain();
    InMemoryTransactionPool pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    AtomicLong now = new AtomicLong(1_000_000);
    List<List<PooledTransaction>> sent = new ArrayList<>();
    PoolReannouncer reannouncer = new PoolReannouncer(pool, sent::add, now::get);
    Transaction tx = transfer(0);
    assertThat(pool.add(tx)).isInstanceOf(AddResult.Added.class);

    assertThat(reannouncer.tick()).isZero(); // just admitted: gossip has sent it
    now.addAndGet(PoolReannouncer.PERIOD_MILLIS - 1);
    assertThat(reannouncer.tick()).isZero();
    now.addAndGet(1);
    assertThat(reannouncer.tick()).isEqualTo(1);
    assertThat(sent.getLast()).extracting(PooledTransaction::hash).containsExactly(tx.hash());
    EthMessage.NewPooledTransactionHashes announced =
        (EthMessage.NewPooledTransactionHashes)
            PoolReannouncer.announcements(sent.getLast(), h -> false).getFirst();
    assertThat(announced.hashes()).containsExactly(tx.hash());
    assertThat(announced.types()).containsExactly((byte) 2);
    assertThat(announced.sizes()).containsExactly((long) tx.encode().length);

    Transaction second = transfer(1);
    pool.add(second);
    now.addAndGet(PoolReannouncer.PERIOD_MILLIS);
    assertThat(reannouncer.tick()).isEqualTo(1); // the first again; the second is new
    now.addAndGet(PoolReannouncer.PERIOD_MILLIS);
    assertThat(reannouncer.tick()).isEqualTo(2);
    assertThat(sent).hasSize(3);
  }

  /** A peer that told us about a transaction is not offered it again; the others still are. */
  @Test
  void aPeerIsNotOfferedWhatItToldUsAbout() {
    PooledTransaction first = pooled(transfer(0));
    PooledTransaction second = pooled(transfer(1));
    List<PooledTransaction> due = List.of(first, second);

    assertThat(PoolReannouncer.announcements(due, first.hash()::equals))
        .singleElement()
        .extracting(m -> ((EthMessage.NewPooledTransactionHashes) m).hashes())
        .isEqualTo(List.of(second.hash()));
    assertThat(PoolReannouncer.announcements(due, h -> true)).isEmpty();
    assertThat(PoolReannouncer.announcements(due, h -> false))
        .singleElement()
        .extracting(m -> ((EthMessage.NewPooledTransactionHashes) m).hashes())
        .isEqualTo(List.of(first.hash(), second.hash()));
  }

  private static PooledTransaction pooled(Transaction tx) {
    return new PooledTransaction(tx, tx.sender().orElseThrow(), tx.hash());
  }

  /**
   * A transaction admitted while its node had no peer was never sent to anyone: the node that
   * connects later gets it from the re-announcement.
   */
  @Test
  void aTransactionAdmittedBeforeAnyPeerConnectedReachesALaterPeer() throws Exception {
    Blockchain first = CertifiedChains.newChain();
    InMemoryTransactionPool firstPool = new InMemoryTransactionPool(first, TxPoolLimits.defaults());
    BftNode a =
        BftNode.start(
            new BftNode.Config(
                DIR.resolve("a"),
                CertifiedChains.KEYS.get(10),
                Optional.empty(),
                "127.0.0.1",
                0,
                List.of(),
                Address.ZERO,
                Optional.empty()),
            first,
            firstPool,
            b -> {});
    nodes.add(a);
    Transaction tx = transfer(0);
    assertThat(firstPool.add(tx)).isInstanceOf(AddResult.Added.class);
    // Gossip sends the admitted transaction in its next batch: let that batch go (to no peer)
    // before the second node exists, or the second node could connect in time to receive it.
    Thread.sleep(TransactionBatcher.BATCH_MILLIS * 10);

    Blockchain second = CertifiedChains.newChain();
    InMemoryTransactionPool secondPool =
        new InMemoryTransactionPool(second, TxPoolLimits.defaults());
    nodes.add(
        BftNode.start(
            new BftNode.Config(
                DIR.resolve("b"),
                CertifiedChains.KEYS.get(11),
                Optional.empty(),
                "127.0.0.1",
                0,
                List.of(a.enode()),
                Address.ZERO,
                Optional.empty()),
            second,
            secondPool,
            b -> {}));

    long deadline = System.nanoTime() + 15_000_000_000L;
    while (secondPool.get(tx.hash()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(secondPool.get(tx.hash())).as("the later peer's pool").isPresent();
  }
}
