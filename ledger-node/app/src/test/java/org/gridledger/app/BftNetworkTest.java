package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.gridledger.app.bft.BftNode;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.header.ValidatorSetTracker;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.gridledger.network.node.EnodeUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Four validators of genesis/devnet-bft.json and a late full node, each with its own chain and pool
 * in this JVM but talking over real devp2p sockets on 127.0.0.1 (OS-chosen ports): blocks become
 * final, a transaction given to one node is gossiped and included everywhere, the full node catches
 * up by sync and verifies every certificate, and three validators keep finalizing without the
 * fourth. Epochs are 4 blocks long, so epoch-end headers (which must name the set Staking elected,
 * checked by every validator) are crossed several times.
 */
class BftNetworkTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final Path DIR =
      Path.of("target", "bft-network-test", Long.toString(System.nanoTime()));

  private final List<Running> nodes = new ArrayList<>();

  record Running(Blockchain chain, InMemoryTransactionPool pool, BftNode node) {}

  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);

  /** genesis/devnet-bft.yaml with epochs of {@link #EPOCH} blocks, so the test crosses several. */
  private static final long EPOCH = 4;

  private static final byte[] GENESIS = shortEpochGenesis();

  private static byte[] shortEpochGenesis() {
    try {
      String yaml =
          Files.readString(GenesisCommandTest.REPO.resolve("genesis/devnet-bft.yaml"))
              .replace("epochLength: 100", "epochLength: " + EPOCH);
      return new GenesisBuilder(GenesisConfigReader.parse(yaml, "devnet-bft.yaml")).toJson();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Running start(int index, Optional<PrivateKey> validator, List<EnodeUrl> bootnodes) {
    GenesisJson.Loaded genesis =
        GenesisJson.read(new ByteArrayInputStream(GENESIS), "devnet-bft, epoch " + EPOCH);
    Blockchain chain =
        Blockchain.initialize(new InMemoryKeyValueStore(), genesis.config(), genesis.genesis());
    InMemoryTransactionPool pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    PrivateKey nodeKey = validator.orElse(KEYS.get(9));
    BftNode node =
        BftNode.start(
            new BftNode.Config(
                DIR.resolve("node" + index),
                nodeKey,
                validator,
                "127.0.0.1",
                0,
                bootnodes,
                nodeKey.address(),
                Optional.empty()),
            chain,
            pool,
            block -> {});
    Running r = new Running(chain, pool, node);
    nodes.add(r);
    return r;
  }

  @AfterEach
  void stop() {
    for (Running r : nodes) {
      r.node().close();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void fourValidatorsFinalizeGossipTransactionsAndAFullNodeCatchesUp() throws Exception {
    List<Running> validators = new ArrayList<>();
    List<EnodeUrl> enodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Running v = start(i, Optional.of(KEYS.get(10 + i)), List.copyOf(enodes));
      validators.add(v);
      enodes.add(v.node().enode());
    }
    // The genesis names exactly these four signers (test-mnemonic indices 10-13).
    BlockHeader genesis = validators.get(0).chain().blocks().canonicalHeader(0).orElseThrow();
    List<Address> signers =
        BftExtraData.of(genesis).validators().stream().map(Validator::signer).toList();
    assertThat(signers)
        .containsExactlyInAnyOrderElementsOf(
            KEYS.subList(10, 14).stream().map(PrivateKey::address).toList());

    await("block 3 everywhere", () -> validators.stream().allMatch(v -> head(v) >= 3));

    // A transfer given to validator 3's pool reaches the others and is included everywhere.
    Address to = Address.ofLow(0xBEEF);
    Transaction tx = NodeClient.transfer(KEYS.get(0), 0, to, 12345);
    assertThat(validators.get(3).pool().add(tx)).isInstanceOf(AddResult.Added.class);
    await(
        "the transfer in every chain",
        () ->
            validators.stream()
                .allMatch(v -> v.chain().blocks().transactionLocation(tx.hash()).isPresent()));

    // A full node started late, knowing only validator 0, catches up and follows.
    await("block 8", () -> head(validators.get(0)) >= 8);
    Running full = start(4, Optional.empty(), List.of(enodes.get(0)));
    long target = head(validators.get(0)) + 2;
    await("the full node at " + target, () -> head(full) >= target);
    assertThat(full.chain().blocks().transactionLocation(tx.hash())).isPresent();

    // Three validators keep finalizing without the fourth.
    validators.get(3).node().close();
    long stoppedAt = head(validators.get(0));
    await(
        "three validators finalize 4 more blocks",
        () -> validators.subList(0, 3).stream().allMatch(v -> head(v) >= stoppedAt + 4));
    await("the full node follows", () -> head(full) >= stoppedAt + 3);

    // Every node holds the same canonical chain; every block's certificate (in its child) is a
    // quorum of the set in force, followed from genesis through the epoch-end headers, each of
    // which names the four validators with their 1000-ether stakes as elected by Staking.
    long common =
        nodes.stream()
            .filter(r -> r != validators.get(3))
            .mapToLong(BftNetworkTest::head)
            .min()
            .orElseThrow();
    assertThat(common).isGreaterThan(3 * EPOCH);
    ValidatorSetTracker tracker =
        new ValidatorSetTracker(
            genesis, BftConfig.defaults(1337, EPOCH), new FinalityVerifier(new VoteVerifier(1337)));
    List<Validator> genesisSet = BftExtraData.of(genesis).validators();
    assertThat(genesisSet)
        .allSatisfy(v -> assertThat(v.weight()).isEqualTo(BigInteger.TEN.pow(21)));
    for (long n = 1; n <= common; n++) {
      Hash expected = validators.get(0).chain().blocks().canonicalHash(n).orElseThrow();
      for (Running r : nodes) {
        if (r != validators.get(3)) {
          assertThat(r.chain().blocks().canonicalHash(n)).as("block %d", n).contains(expected);
        }
      }
      BlockHeader h = full.chain().blocks().canonicalHeader(n).orElseThrow();
      List<Validator> named = BftExtraData.of(h).validators();
      if (n % EPOCH == EPOCH - 1) {
        assertThat(named).as("epoch-end block %d", n).containsExactlyElementsOf(genesisSet);
      } else {
        assertThat(named).as("block %d", n).isEmpty();
      }
      if (n < common) {
        BlockHeader child = full.chain().blocks().canonicalHeader(n + 1).orElseThrow();
        assertThat(tracker.verifyFinal(h, child).isFinal()).as("block %d final", n).isTrue();
        if (n % EPOCH == EPOCH - 1) {
          tracker.advance(h, child);
        }
      }
    }
  }

  private static long head(Running r) {
    return r.chain().head().number();
  }
}
