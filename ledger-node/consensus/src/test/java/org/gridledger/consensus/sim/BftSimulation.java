package org.gridledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.engine.Action;
import org.gridledger.consensus.engine.BftDriver;
import org.gridledger.consensus.engine.BftEngine;
import org.gridledger.consensus.evidence.Evidence;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.message.Commit;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.consensus.message.ConsensusMessageCodec;
import org.gridledger.consensus.message.Prepare;
import org.gridledger.consensus.message.Proposal;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * An in-process network of BFT nodes over virtual time. Every random choice (delays, drops,
 * duplicates) comes from one seeded {@link Random}, and all nodes run on the calling thread, so a
 * seed replays exactly.
 *
 * <p>Before GST a message is dropped with probability {@code dropRate}, duplicated with {@code
 * duplicateRate}, and delayed uniformly in [{@code minDelay}, {@code maxDelay}]; from GST on, it is
 * delivered once within [1, {@code delayAfterGst}] ms. A partition ({@link #setReachable}) drops
 * everything between unreachable pairs, at any time. Nodes relay messages they see first, as the
 * {@code Gossip} contract requires. Every message is encoded and decoded with {@link
 * ConsensusMessageCodec} on its way.
 */
public final class BftSimulation {
  /** How a node behaves. */
  public enum Role {
    HONEST,
    /** Sends nothing and answers no sync requests (a crashed validator that still listens). */
    SILENT,
    /**
     * Sends its own PROPOSAL/PREPARE/COMMIT as is to some peers and a conflicting, validly signed
     * version to the others.
     */
    EQUIVOCATING
  }

  public static final long CHAIN_ID = 4242;

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final Random random;
  private final BftConfig config;
  private final VoteVerifier verifier;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<Address, Node> byAddress = new HashMap<>();
  private final Map<Long, List<Validator>> schedule;
  private final BlockHeader genesis;

  public long minDelay = 5;
  public long maxDelay = 50;
  public double dropRate;
  public double duplicateRate;
  public long gst;
  public long delayAfterGst = 50;
  private BiPredicate<Integer, Integer> reachable = (a, b) -> true;

  /** Messages for which this holds are dropped on every link (a targeted fault). */
  public java.util.function.Predicate<ConsensusMessage> dropMessage = m -> false;

  /**
   * @param keys one key per node
   * @param schedule validator set per epoch (epoch 0 required); an epoch without an entry keeps the
   *     previous set
   * @param roles the role of each node
   */
  public BftSimulation(
      long seed,
      BftConfig config,
      List<PrivateKey> keys,
      Map<Long, List<Validator>> schedule,
      List<Role> roles) {
    this.random = new Random(seed);
    this.config = config;
    this.verifier = new VoteVerifier(config.chainId());
    this.schedule = Map.copyOf(schedule);
    this.genesis = SimChain.genesis(schedule.get(0L));
    ValidatorSet initial = new ValidatorSet(schedule.get(0L));
    for (int i = 0; i < keys.size(); i++) {
      Node n = new Node(i, keys.get(i), roles.get(i), initial);
      nodes.add(n);
      byAddress.put(n.address, n);
    }
  }

  /** Deterministic test keys. */
  public static List<PrivateKey> keys(int n) {
    List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(
          PrivateKey.fromBytes(
              Keccak.hash(("sim validator " + i).getBytes(StandardCharsets.UTF_8))));
    }
    return keys;
  }

  /** Validators for the keys at {@code indices} with the given weights. */
  public static List<Validator> validators(
      List<PrivateKey> keys, List<Integer> indices, List<Long> weights) {
    List<Validator> vs = new ArrayList<>();
    for (int i = 0; i < indices.size(); i++) {
      vs.add(new Validator(keys.get(indices.get(i)).address(), BigInteger.valueOf(weights.get(i))));
    }
    return vs;
  }

  /** {@code n} honest equal-weight validators, one epoch set. */
  public static BftSimulation honest(long seed, int n, BftConfig config) {
    List<PrivateKey> keys = keys(n);
    List<Integer> idx = new ArrayList<>();
    List<Long> w = new ArrayList<>();
    List<Role> roles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
      w.add(1L);
      roles.add(Role.HONEST);
    }
    return new BftSimulation(seed, config, keys, Map.of(0L, validators(keys, idx, w)), roles);
  }

  public static BftConfig testConfig(long epochLength) {
    return new BftConfig(CHAIN_ID, epochLength, 100, 400, 10_000);
  }

  public void start() {
    for (Node n : nodes) {
      n.driver.start();
    }
  }

  public VirtualScheduler scheduler() {
    return scheduler;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(int i) {
    return nodes.get(i);
  }

  public BftConfig config() {
    return config;
  }

  public BlockHeader genesis() {
    return genesis;
  }

  public VoteVerifier verifier() {
    return verifier;
  }

  public void setReachable(BiPredicate<Integer, Integer> reachable) {
    this.reachable = reachable;
  }

  /** Splits the nodes into groups; nodes in different groups cannot reach each other. */
  public void partition(List<Set<Integer>> groups) {
    setReachable((a, b) -> groups.stream().anyMatch(g -> g.contains(a) && g.contains(b)));
  }

  public void heal() {
    setReachable((a, b) -> true);
  }

  /** The set the schedule puts in force at {@code height}. */
  public ValidatorSet scheduledSet(long height) {
    for (long e = config.epochOf(height); e >= 0; e--) {
      List<Validator> vs = schedule.get(e);
      if (vs != null) {
        return new ValidatorSet(vs);
      }
    }
    throw new IllegalStateException("no epoch 0 set");
  }

  /**
   * The list the last block of an epoch must carry: the next epoch's scheduled set, if it changes.
   */
  List<Validator> nextValidatorsAt(long height) {
    if (!config.isEpochEnd(height)) {
      return List.of();
    }
    return schedule.getOrDefault(config.epochOf(height) + 1, List.of());
  }

  public List<Node> honestNodes() {
    return nodes.stream().filter(n -> n.role == Role.HONEST).toList();
  }

  /** The lowest committed height among honest nodes. */
  public long minHonestHeight() {
    return honestNodes().stream().mapToLong(Node::height).min().orElseThrow();
  }

  public long maxHeight() {
    return nodes.stream().mapToLong(Node::height).max().orElseThrow();
  }

  /** Runs until every honest node has committed {@code height}, or {@code deadline} passes. */
  public boolean runUntilHonestHeight(long height, long deadline) {
    return scheduler.runUntil(() -> minHonestHeight() >= height, deadline);
  }

  /**
   * Safety: no two honest nodes committed different blocks at any height, and every committed block
   * carries a certificate that proves it final under the scheduled set and extends its parent.
   */
  public void assertSafety() {
    Map<Long, Hash> agreed = new HashMap<>();
    FinalityVerifier finality = new FinalityVerifier(verifier);
    for (Node n : honestNodes()) {
      BlockHeader parent = genesis;
      for (Map.Entry<Long, Committed> e : n.chain.entrySet()) {
        Block b = e.getValue().block();
        Hash other = agreed.putIfAbsent(e.getKey(), b.hash());
        assertThat(other == null || other.equals(b.hash()))
            .as("node %d's block %d agrees with the others'", n.index, e.getKey())
            .isTrue();
        assertThat(b.header().parentHash()).isEqualTo(parent.hash());
        assertThat(
                finality
                    .verify(
                        b.number(), b.hash(), e.getValue().certificate(), scheduledSet(b.number()))
                    .isFinal())
            .as("certificate of block %d at node %d", b.number(), n.index)
            .isTrue();
        parent = b.header();
      }
    }
  }

  /** A committed block and the certificate its node collected. */
  public record Committed(Block block, CommitCertificate certificate) {}

  /** One simulated node. */
  public final class Node {
    public final int index;
    public final PrivateKey key;
    public final Address address;
    public final Role role;
    public final TreeMap<Long, Committed> chain = new TreeMap<>();
    public final List<Evidence> evidence = new ArrayList<>();
    private final Set<ConsensusMessage> seen = new HashSet<>();
    private final BftDriver driver;
    private BlockHeader head;

    Node(int index, PrivateKey key, Role role, ValidatorSet initial) {
      this.index = index;
      this.key = key;
      this.address = key.address();
      this.role = role;
      this.head = genesis;
      BftEngine engine =
          new BftEngine(config, key, verifier, genesis, CommitCertificate.EMPTY, initial, initial);
      this.driver =
          new BftDriver(
              engine,
              new BftDriver.Seams(
                  this::build,
                  this::validate,
                  this::commit,
                  this::broadcast,
                  evidence::add,
                  this::requestSync,
                  scheduler));
    }

    public long height() {
      return head.number();
    }

    public BftEngine engine() {
      return driver.engine();
    }

    private Optional<Block> build(Action.BuildBlock request) {
      return Optional.of(
          SimChain.block(
              request.parent(),
              "node " + index + " round " + request.round(),
              nextValidatorsAt(request.height()),
              request.parentCertificate()));
    }

    /** Stands in for execution: the epoch-end list must be the scheduled one (Staking's state). */
    private boolean validate(Block block) {
      return BftExtraData.of(block.header()).validators().equals(nextValidatorsAt(block.number()));
    }

    private void commit(Block block, CommitCertificate certificate) {
      if (block.number() != head.number() + 1 || !block.header().parentHash().equals(head.hash())) {
        throw new AssertionError("node " + index + " committed out of order: " + block.number());
      }
      chain.put(block.number(), new Committed(block, certificate));
      head = block.header();
    }

    private void broadcast(ConsensusMessage m) {
      switch (role) {
        case SILENT -> {}
        case HONEST -> {
          seen.add(m);
          sendToAll(m);
        }
        case EQUIVOCATING -> equivocate(m);
      }
    }

    private void sendToAll(ConsensusMessage m) {
      for (Node to : nodes) {
        if (to != this) {
          send(to, m);
        }
      }
    }

    private void equivocate(ConsensusMessage m) {
      Optional<ConsensusMessage> twin = conflicting(m);
      for (Node to : nodes) {
        if (to == this) {
          continue;
        }
        // The lower half of the other nodes get the original, the upper half the twin.
        boolean upper = to.index >= nodes.size() / 2;
        send(to, upper && twin.isPresent() ? twin.get() : m);
      }
    }

    private Optional<ConsensusMessage> conflicting(ConsensusMessage m) {
      Vote v = m.vote().vote();
      return switch (m) {
        case Proposal p -> {
          Block other =
              SimChain.block(
                  head,
                  "evil twin of node " + index + " round " + v.round(),
                  nextValidatorsAt(v.height()),
                  BftExtraData.of(p.block().header()).parentCertificate());
          SignedVote sv =
              SignedVote.sign(
                  new Vote(v.type(), v.height(), v.round(), other.hash()), config.chainId(), key);
          yield Optional.of(new Proposal(sv, other, p.justification(), p.preparedCertificate()));
        }
        case Prepare p -> Optional.of(new Prepare(resign(v)));
        case Commit c -> Optional.of(new Commit(resign(v)));
        default -> Optional.empty();
      };
    }

    private SignedVote resign(Vote v) {
      Hash other = Keccak.of(("evil " + v).getBytes(StandardCharsets.UTF_8));
      return SignedVote.sign(
          new Vote(v.type(), v.height(), v.round(), other), config.chainId(), key);
    }

    private void send(Node to, ConsensusMessage m) {
      if (!reachable.test(index, to.index) || dropMessage.test(m)) {
        return;
      }
      int copies = 1;
      if (scheduler.now() < gst) {
        if (random.nextDouble() < dropRate) {
          return;
        }
        if (random.nextDouble() < duplicateRate) {
          copies = 2;
        }
      }
      // Every message crosses the wire format, as it will between processes.
      ConsensusMessage wire = ConsensusMessageCodec.decode(ConsensusMessageCodec.encode(m));
      for (int c = 0; c < copies; c++) {
        scheduler.schedule(delay(), () -> to.receive(wire));
      }
    }

    private long delay() {
      if (scheduler.now() >= gst) {
        return 1 + random.nextLong(delayAfterGst);
      }
      return minDelay + random.nextLong(maxDelay - minDelay + 1);
    }

    private void receive(ConsensusMessage m) {
      if (role != Role.SILENT && role != Role.EQUIVOCATING && seen.add(m)) {
        sendToAll(m); // relay what we see first
      }
      driver.onMessage(m);
    }

    private void requestSync(long fromHeight, Address peerAddress) {
      Node peer = byAddress.get(peerAddress);
      if (peer == null || peer.role == Role.SILENT || !reachable.test(index, peer.index)) {
        return;
      }
      if (scheduler.now() < gst && random.nextDouble() < dropRate) {
        return;
      }
      scheduler.schedule(delay(), () -> peer.serveSync(this, fromHeight));
    }

    private void serveSync(Node requester, long fromHeight) {
      if (!reachable.test(index, requester.index)) {
        return;
      }
      List<Committed> blocks =
          new ArrayList<>(chain.subMap(fromHeight, true, fromHeight + 64, false).values());
      if (blocks.isEmpty()) {
        return;
      }
      scheduler.schedule(
          delay(),
          () -> {
            for (Committed c : blocks) {
              requester.driver.onCertifiedBlock(c.block(), c.certificate());
            }
          });
    }
  }
}
