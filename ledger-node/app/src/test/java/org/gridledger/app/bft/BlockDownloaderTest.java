package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The download pipeline against fake peers serving a 300-block chain of devnet-bft.json (epoch
 * length 100, so two epoch ends are crossed; every third block carries transfers), each block
 * certified by the four genesis validators: honest peers alone; with a slow peer whose requests
 * time out; with a peer that sends bodies that do not match their headers; with a peer whose
 * headers are certified by keys that are not validators; with one that disconnects mid-sync. In
 * every case the fresh chain ends with the source's blocks 1..299 (block 300 has no certificate
 * yet), executed in order, and exactly the bad peers were reported.
 */
class BlockDownloaderTest {
  private static final int BLOCKS = 300;
  private static final Path DIR =
      Path.of("target", "block-downloader-test", Long.toString(System.nanoTime()));
  private static final BlockDownloader.Settings FAST =
      new BlockDownloader.Settings(32, 16, 2, Duration.ofMillis(300), 128, Duration.ofMillis(200));

  private static Blockchain source;
  private static Blockchain forged;

  @BeforeAll
  static void buildChains() throws Exception {
    source = CertifiedChains.build(BLOCKS, CertifiedChains.VALIDATORS, 3, 4, DIR.resolve("source"));
    // Same genesis, blocks sealed by four test accounts that are not validators.
    forged =
        CertifiedChains.build(
            BLOCKS, CertifiedChains.KEYS.subList(0, 4), 0, 0, DIR.resolve("forged"));
  }

  /** What a fake peer does with requests. */
  enum Behaviour {
    HONEST,
    SLOW,
    WRONG_BODIES,
    FORGED_HEADERS,
    DISCONNECTS
  }

  static final class FakePeer implements BlockDownloader.SyncPeer {
    final String name;
    final Behaviour behaviour;
    final AtomicInteger requests = new AtomicInteger();
    final List<String> reported = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;

    FakePeer(String name, Behaviour behaviour) {
      this.name = name;
      this.behaviour = behaviour;
    }

    @Override
    public String id() {
      return name;
    }

    @Override
    public long head() {
      return BLOCKS;
    }

    @Override
    public boolean isConnected() {
      return connected;
    }

    private <T> CompletableFuture<T> answer(T value) {
      int n = requests.incrementAndGet();
      return switch (behaviour) {
        case SLOW -> new CompletableFuture<>(); // never answers
        case DISCONNECTS -> {
          if (n > 3) {
            connected = false;
            yield CompletableFuture.failedFuture(new java.io.IOException("disconnected"));
          }
          yield CompletableFuture.supplyAsync(() -> value);
        }
        default -> CompletableFuture.supplyAsync(() -> value);
      };
    }

    @Override
    public CompletableFuture<List<BlockHeader>> headers(long from, int count) {
      Blockchain chain = behaviour == Behaviour.FORGED_HEADERS ? forged : source;
      List<BlockHeader> out = new ArrayList<>();
      for (long n = from; n < from + count; n++) {
        Optional<BlockHeader> h = chain.blocks().canonicalHeader(n);
        if (h.isEmpty()) {
          break;
        }
        out.add(h.get());
      }
      return answer(out);
    }

    @Override
    public CompletableFuture<List<BlockBody>> bodies(List<Hash> hashes) {
      List<BlockBody> out = new ArrayList<>();
      for (Hash h : hashes) {
        BlockBody body = source.blocks().body(h).orElseThrow();
        if (behaviour == Behaviour.WRONG_BODIES) {
          // Drops the transactions (or adds one to an empty block): the roots no longer match.
          body =
              body.transactions().isEmpty()
                  ? new BlockBody(
                      List.of(
                          CertifiedChains.transferTx(
                              CertifiedChains.KEYS.get(9), 0, Address.ofLow(1), 1)),
                      List.of(),
                      List.of())
                  : new BlockBody(List.of(), body.ommers(), body.withdrawals());
        }
        out.add(body);
      }
      return answer(out);
    }

    @Override
    public void misbehaved(String what) {
      reported.add(what);
      connected = false;
    }
  }

  /** Syncs a fresh chain from {@code peers}; asserts it ends equal to the source. */
  private static BlockDownloader.Result syncFrom(List<FakePeer> peers) throws Exception {
    Blockchain fresh = CertifiedChains.newChain();
    BftConfig config = new BftConfig(CertifiedChains.CHAIN_ID, 100, 1_000, 2_000, 10_000);
    List<Long> order = new CopyOnWriteArrayList<>();
    BlockDownloader downloader =
        new BlockDownloader(
            FAST,
            config,
            new FinalityVerifier(new VoteVerifier(CertifiedChains.CHAIN_ID)),
            height -> ValidatorSets.at(fresh, config, height),
            (Block block, CommitCertificate certificate) -> {
              order.add(block.number());
              return fresh.importBlock(block) instanceof ImportResult.Imported;
            });
    long t0 = System.nanoTime();
    BlockDownloader.Result result =
        downloader.run(fresh.head(), () -> List.<BlockDownloader.SyncPeer>copyOf(peers));
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(fresh.head().number()).as("head after %d ms", elapsedMillis).isEqualTo(BLOCKS - 1);
    for (long n = 1; n < BLOCKS; n++) {
      assertThat(fresh.blocks().canonicalHash(n)).isEqualTo(source.blocks().canonicalHash(n));
    }
    assertThat(fresh.head().stateRoot())
        .isEqualTo(source.blocks().canonicalHeader(BLOCKS - 1).orElseThrow().stateRoot());
    List<Long> expected = new ArrayList<>();
    for (long n = 1; n < BLOCKS; n++) {
      expected.add(n);
    }
    assertThat(order).as("executed in height order").isEqualTo(expected);
    assertThat(result.imported()).isEqualTo(BLOCKS - 1);
    long sourceTxs = 0;
    for (long n = 1; n < BLOCKS; n++) {
      Hash h = source.blocks().canonicalHash(n).orElseThrow();
      sourceTxs += source.blocks().body(h).orElseThrow().transactions().size();
    }
    assertThat(sourceTxs).isGreaterThan(300);
    assertThat(result.transactions()).isEqualTo(sourceTxs);
    return result;
  }

  @Test
  void honestPeersShareTheWork() throws Exception {
    List<FakePeer> peers =
        List.of(
            new FakePeer("a", Behaviour.HONEST),
            new FakePeer("b", Behaviour.HONEST),
            new FakePeer("c", Behaviour.HONEST));
    BlockDownloader.Result r = syncFrom(peers);
    for (FakePeer p : peers) {
      assertThat(p.requests.get()).as("requests to %s", p.name).isGreaterThan(3);
      assertThat(p.reported).isEmpty();
    }
    assertThat(r.punished()).isZero();
  }

  @Test
  void aSlowPeersRequestsGoToAnother() throws Exception {
    FakePeer slow = new FakePeer("slow", Behaviour.SLOW);
    FakePeer honest = new FakePeer("honest", Behaviour.HONEST);
    BlockDownloader.Result r = syncFrom(List.of(slow, honest));
    assertThat(slow.requests.get()).isGreaterThan(0);
    assertThat(r.retried()).isGreaterThanOrEqualTo(slow.requests.get());
    assertThat(slow.reported).isEmpty(); // slow is not malicious
  }

  @Test
  void aPeerSendingBodiesThatDoNotMatchIsReportedAndDropped() throws Exception {
    FakePeer liar = new FakePeer("liar", Behaviour.WRONG_BODIES);
    FakePeer honest = new FakePeer("honest", Behaviour.HONEST);
    BlockDownloader.Result r = syncFrom(List.of(liar, honest));
    assertThat(liar.reported).hasSize(1);
    assertThat(liar.reported.getFirst()).contains("root differs");
    assertThat(honest.reported).isEmpty();
    assertThat(r.punished()).isEqualTo(1);
  }

  @Test
  void aPeerWhoseHeadersAreSealedByNonValidatorsIsReported() throws Exception {
    FakePeer forger = new FakePeer("forger", Behaviour.FORGED_HEADERS);
    FakePeer honest = new FakePeer("honest", Behaviour.HONEST);
    syncFrom(List.of(forger, honest));
    assertThat(forger.reported).hasSize(1);
    assertThat(forger.reported.getFirst()).contains("not final");
    assertThat(honest.reported).isEmpty();
  }

  @Test
  void aPeerThatDisconnectsMidSyncLeavesItsWorkToOthers() throws Exception {
    FakePeer leaving = new FakePeer("leaving", Behaviour.DISCONNECTS);
    FakePeer honest = new FakePeer("honest", Behaviour.HONEST);
    BlockDownloader.Result r = syncFrom(List.of(leaving, honest));
    assertThat(leaving.connected).isFalse();
    assertThat(leaving.reported).isEmpty();
    assertThat(r.retried()).isGreaterThan(0);
  }

  @Test
  void withOnlyBadPeersThePassEndsWithoutImporting() throws Exception {
    Blockchain fresh = CertifiedChains.newChain();
    BftConfig config = new BftConfig(CertifiedChains.CHAIN_ID, 100, 1_000, 2_000, 10_000);
    FakePeer forger = new FakePeer("forger", Behaviour.FORGED_HEADERS);
    FakePeer slow = new FakePeer("slow", Behaviour.SLOW);
    BlockDownloader downloader =
        new BlockDownloader(
            FAST,
            config,
            new FinalityVerifier(new VoteVerifier(CertifiedChains.CHAIN_ID)),
            height -> ValidatorSets.at(fresh, config, height),
            (block, certificate) -> fresh.importBlock(block) instanceof ImportResult.Imported);
    BlockDownloader.Result r =
        downloader.run(fresh.head(), () -> List.<BlockDownloader.SyncPeer>of(forger, slow));
    assertThat(r.imported()).isZero();
    assertThat(fresh.head().number()).isZero();
    assertThat(forger.reported).isNotEmpty();
  }
}
