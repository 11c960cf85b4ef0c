package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.engine.BlockValidator;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.types.Address;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proposals checked off the consensus thread: the check runs on its own thread, the answer comes
 * back through the consensus thread, a height already stored is not executed, and the committer
 * waits for a running check of the block it commits and imports that execution.
 */
class BackgroundValidatorTest {
  private static final Path REPO = Path.of(System.getProperty("gridledger.repo.root", "../.."));

  private final ExecutorService consensus =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "test-consensus"));
  private Blockchain chain;
  private PoolBlockCreator creator;
  private BuiltBlocks built;

  @BeforeEach
  void chain() throws Exception {
    String yaml = Files.readString(REPO.resolve("genesis/devnet-bft.yaml"));
    byte[] json = new GenesisBuilder(GenesisConfigReader.parse(yaml, "test")).toJson();
    GenesisJson.Loaded genesis = GenesisJson.read(new ByteArrayInputStream(json), "test");
    chain = Blockchain.initialize(new InMemoryKeyValueStore(), genesis.config(), genesis.genesis());
    built = new BuiltBlocks();
    creator =
        new PoolBlockCreator(
            chain,
            new InMemoryTransactionPool(chain, TxPoolLimits.defaults()),
            new BlockBuilder(chain),
            new BuiltBlocks(), // the proposer's own execution is not shared with the checker here
            elected(),
            100,
            Address.ofLow(7),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    consensus.shutdownNow();
  }

  private ElectedValidators elected() {
    return new ElectedValidators(chain.config().bftParams().staking(), chain.config().chainId());
  }

  private Block propose() {
    BlockHeader head = chain.head();
    return creator
        .build(new Action.BuildBlock(head.number() + 1, 0, head, CommitCertificate.EMPTY))
        .orElseThrow();
  }

  private BackgroundValidator background(BlockValidator inner) {
    return new BackgroundValidator(inner, () -> chain.head().number(), consensus::execute);
  }

  @Test
  void checksOnItsOwnThreadAndAnswersOnTheConsensusThread() throws Exception {
    Block block = propose();
    List<String> threads = new CopyOnWriteArrayList<>();
    BlockValidator inner =
        b -> {
          threads.add(Thread.currentThread().getName());
          return b.hash().equals(block.hash());
        };
    try (BackgroundValidator v = background(inner)) {
      CompletableFuture<Boolean> answer = new CompletableFuture<>();
      v.validate(
          block,
          valid -> {
            threads.add(Thread.currentThread().getName());
            answer.complete(valid);
          });
      assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(threads).containsExactly("bft-validate", "test-consensus");
  }

  @Test
  void stillCheckingUntilTheAnswerIsHandledOnTheConsensusThread() throws Exception {
    Block block = propose();
    CountDownLatch consensusBusy = new CountDownLatch(1);
    consensus.execute(
        () -> {
          try {
            consensusBusy.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    CountDownLatch checked = new CountDownLatch(1);
    try (BackgroundValidator v =
        background(
            b -> {
              checked.countDown();
              return true;
            })) {
      CompletableFuture<Boolean> answer = new CompletableFuture<>();
      v.validate(block, answer::complete);
      assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();
      v.awaitInFlight(block.hash()); // the execution is done ...
      assertThat(v.isChecking(block.number())).isTrue(); // ... but its answer is not handled yet
      consensusBusy.countDown();
      assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture.runAsync(() -> {}, consensus).get(10, TimeUnit.SECONDS);
      assertThat(v.isChecking(block.number())).isFalse();
    }
  }

  @Test
  void aBlockOfAStoredHeightIsAnsweredInvalidWithoutExecuting() throws Exception {
    Block block = propose();
    AtomicInteger executed = new AtomicInteger();
    AtomicLong stored = new AtomicLong(block.number()); // as if a rival block were final already
    try (BackgroundValidator v =
        new BackgroundValidator(
            b -> executed.incrementAndGet() > 0, stored::get, consensus::execute)) {
      CompletableFuture<Boolean> answer = new CompletableFuture<>();
      v.validate(block, answer::complete);
      assertThat(answer.get(10, TimeUnit.SECONDS)).isFalse();
    }
    assertThat(executed).hasValue(0);
  }

  @Test
  void aWaitingCommitterGetsTheExecutionOfTheRunningCheck() throws Exception {
    Block block = propose();
    CountDownLatch release = new CountDownLatch(1);
    RebuildingBlockValidator rebuilding =
        new RebuildingBlockValidator(
            chain, new BlockBuilder(chain), built, elected(), 100, Clock.systemUTC());
    AtomicInteger imports = new AtomicInteger();
    chain.observeImports((b, result, nanos) -> imports.incrementAndGet());
    try (BackgroundValidator v =
        background(
            b -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return rebuilding.validate(b);
            })) {
      CompletableFuture<Boolean> answer = new CompletableFuture<>();
      v.validate(block, answer::complete);
      assertThat(v.isChecking(block.number())).isTrue();

      // The block is final before this node's check ends: the commit waits for it.
      Path dir = Path.of("target", "background-validator-test", Long.toString(System.nanoTime()));
      Files.createDirectories(dir);
      ChainCommitter committer =
          new ChainCommitter(
              chain, built, new HeadCertificateStore(dir), (b, c) -> {}, v::awaitInFlight);
      CompletableFuture<Void> committed =
          CompletableFuture.runAsync(() -> committer.commit(block, CommitCertificate.EMPTY));
      Thread.sleep(200);
      assertThat(committed).isNotDone();
      release.countDown();
      committed.get(30, TimeUnit.SECONDS);

      assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(v.isChecking(block.number())).isFalse();
    }
    assertThat(chain.headHash()).isEqualTo(block.hash());
    assertThat(imports).hasValue(1);
    assertThat(built.take(block.hash())).isEmpty(); // the check's execution was imported
  }
}
