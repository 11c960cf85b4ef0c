package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.gridledger.consensus.message.ConsensusMessageCodec;
import org.gridledger.consensus.message.Prepare;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.eth.ForkId;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.peer.EthHandler;
import org.gridledger.network.peer.GbftHandler;
import org.gridledger.network.peer.PeerManager;
import org.gridledger.network.peer.PeerManagerConfig;
import org.gridledger.network.peer.PeerScores;
import org.gridledger.network.peer.PeerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/consensus.md, "Relaying", over real devp2p sockets: a validator node of
 * genesis/devnet-bft.json with two raw peers, a forger and an observer. A vote of a real validator
 * sent by the forger is relayed to the observer; votes signed by a key outside the set are never
 * relayed, each costs the forger {@link PeerScores#OFFENCE_PENALTY}, and the third gets it
 * disconnected and banned while the node and the observer carry on. A large proposal is announced
 * (Have) and relayed only to a peer that has not announced it by then.
 */
class ForgedConsensusMessagesTest {
  private static final Path REPO = Path.of(System.getProperty("gridledger.repo.root", "../.."));
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final Path dir =
      Path.of("target", "forged-consensus-test", Long.toString(System.nanoTime()));

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private record RawPeer(PeerManager manager, List<byte[]> received, List<Hash> haves) {}

  private RawPeer rawPeer(Blockchain chain, PrivateKey key) {
    Hash genesisHash = chain.blocks().canonicalHash(0).orElseThrow();
    ForkId.Schedule schedule = new ForkId.Schedule(genesisHash, List.of());
    EthHandler eth =
        new EthHandler(
            () ->
                new EthMessage.Status(
                    EthMessage.VERSION,
                    chain.config().chainId(),
                    BigInteger.ZERO,
                    genesisHash,
                    genesisHash,
                    schedule.forkId(0)),
            schedule,
            () -> 0,
            (peer, message) -> {});
    List<byte[]> received = new CopyOnWriteArrayList<>();
    List<Hash> haves = new CopyOnWriteArrayList<>();
    GbftHandler gbft =
        new GbftHandler(
            new GbftHandler.Listener() {
              @Override
              public void onConsensusMessage(PeerSession peer, byte[] payload) {
                received.add(payload);
              }

              @Override
              public void onHave(PeerSession peer, Hash payloadHash) {
                haves.add(payloadHash);
              }
            });
    PeerManager m =
        new PeerManager(
            key,
            "raw-test-peer",
            PeerManagerConfig.defaults(),
            Stream.concat(eth.protocols().stream(), gbft.protocols().stream()).toList());
    open.add(m);
    return new RawPeer(m, received, haves);
  }

  private static byte[] prepare(PrivateKey signer, long height, Hash value) {
    return ConsensusMessageCodec.encode(
        new Prepare(SignedVote.sign(new Vote(VoteType.PREPARE, height, 0, value), 1337, signer)));
  }

  private static boolean contains(List<byte[]> list, byte[] payload) {
    return list.stream().anyMatch(p -> Arrays.equals(p, payload));
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

  private Blockchain chain() throws Exception {
    GenesisJson.Loaded genesis = GenesisJson.read(REPO.resolve("genesis/devnet-bft.json"));
    return Blockchain.initialize(new InMemoryKeyValueStore(), genesis.config(), genesis.genesis());
  }

  /** Validator 10 of genesis/devnet-bft.json (of four, so it finalizes nothing alone). */
  private BftNode startNode(Blockchain chain) {
    PrivateKey validator = KEYS.get(10);
    BftNode node =
        BftNode.start(
            new BftNode.Config(
                dir,
                validator,
                Optional.of(validator),
                "127.0.0.1",
                0,
                List.of(),
                validator.address(),
                Optional.empty()),
            chain,
            new InMemoryTransactionPool(chain, TxPoolLimits.defaults()),
            block -> {});
    open.add(node);
    return node;
  }

  @Test
  void forgedVotesAreNotRelayedAndTheirSenderIsScoredDownThenDisconnected() throws Exception {
    Blockchain chain = chain();
    BftNode node = startNode(chain);
    RawPeer observer = rawPeer(chain, KEYS.get(8));
    RawPeer forger = rawPeer(chain, KEYS.get(9));
    observer.manager().connect(node.enode());
    PeerSession forgerSession = forger.manager().connect(node.enode());
    await("both raw peers ready", () -> node.peerCount() == 2);
    NodeId forgerId = NodeId.of(KEYS.get(9));

    // A prepare of validator 11 (in the set) for the node's height 1 is relayed.
    byte[] genuine = prepare(KEYS.get(11), 1, Hash.fromHex("0x" + "11".repeat(32)));
    GbftHandler.send(forgerSession, genuine);
    await("the genuine vote relayed to the observer", () -> contains(observer.received(), genuine));
    assertThat(node.peerScore(forgerId)).isZero();

    // Votes signed by dev account 5 (not a validator): dropped, each one an offence.
    List<byte[]> forged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      forged.add(prepare(KEYS.get(5), 1, Keccak.of(new byte[] {(byte) i})));
    }
    GbftHandler.send(forgerSession, forged.get(0));
    await("the first offence", () -> node.peerScore(forgerId) == -PeerScores.OFFENCE_PENALTY);
    assertThat(forgerSession.isOpen()).as("one offence is not yet a disconnect").isTrue();
    GbftHandler.send(forgerSession, forged.get(1));
    GbftHandler.send(forgerSession, forged.get(2));
    await("the forger disconnected", () -> !forgerSession.isOpen());
    assertThat(node.peerScore(forgerId)).isEqualTo(-3 * PeerScores.OFFENCE_PENALTY);
    assertThat(node.isBanned(forgerId)).isTrue();

    // The observer got none of the forged votes and is still connected.
    Thread.sleep(500);
    for (byte[] f : forged) {
      assertThat(contains(observer.received(), f)).isFalse();
    }
    assertThat(node.peerCount()).isEqualTo(1);
  }

  /** A proposal of height 1 by validator 11, its block's extra data {@code extraBytes} long. */
  private static byte[] largeProposal(Blockchain chain, int extraBytes, byte fill) {
    Block genesis =
        chain.blocks().block(chain.blocks().canonicalHash(0).orElseThrow()).orElseThrow();
    byte[] extra = new byte[extraBytes];
    Arrays.fill(extra, fill);
    Block block = new Block(genesis.header().withExtraData(extra), genesis.body());
    return ConsensusMessageCodec.encode(
        new Proposal(
            SignedVote.sign(new Vote(VoteType.PROPOSAL, 1, 0, block.hash()), 1337, KEYS.get(11)),
            block,
            List.of(),
            List.of()));
  }

  @Test
  void aLargeProposalIsAnnouncedAndRelayedOnlyToAPeerThatHasNotAnnouncedIt() throws Exception {
    Blockchain chain = chain();
    BftNode node = startNode(chain);
    RawPeer observer = rawPeer(chain, KEYS.get(8));
    RawPeer sender = rawPeer(chain, KEYS.get(9));
    PeerSession observerSession = observer.manager().connect(node.enode());
    PeerSession senderSession = sender.manager().connect(node.enode());
    await("both raw peers ready", () -> node.peerCount() == 2);

    // The observer lacks the proposal: the node announces it, then relays it in full.
    byte[] first = largeProposal(chain, 40_000, (byte) 1);
    assertThat(first.length).isGreaterThan(PeerGossip.ANNOUNCED_RELAY_BYTES);
    GbftHandler.send(senderSession, first);
    await("the Have", () -> observer.haves().contains(Keccak.of(first)));
    await("the relay in full", () -> contains(observer.received(), first));

    // The observer announces the next one itself (as a peer the author reached directly does):
    // the node announces it there too (the observer's own relay waits for that), but does not
    // send it in full.
    byte[] second = largeProposal(chain, 40_000, (byte) 2);
    assertThat(GbftHandler.sendHave(observerSession, Keccak.of(second))).isTrue();
    Thread.sleep(200);
    GbftHandler.send(senderSession, second);
    await("the Have", () -> observer.haves().contains(Keccak.of(second)));
    Thread.sleep(2 * PeerGossip.RELAY_DELAY_MILLIS);
    assertThat(contains(observer.received(), second)).isFalse();

    // A small message (a vote) is still relayed at once, without an announcement.
    byte[] vote = prepare(KEYS.get(11), 1, Hash.fromHex("0x" + "22".repeat(32)));
    GbftHandler.send(senderSession, vote);
    await("the vote relayed", () -> contains(observer.received(), vote));
    assertThat(observer.haves()).doesNotContain(Keccak.of(vote));
    assertThat(node.peerScore(NodeId.of(KEYS.get(9)))).isZero();
  }
}
