package org.gridledger.genesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * A large grid created at genesis for the scale benchmark: {@code F} farms, {@code N} nodes and
 * {@code C} node contracts, made by real transactions through our EVM against the predeployed
 * contracts, from deterministic keys anyone can derive (docs/genesis.md):
 *
 * <pre>
 *   key(role, i) = keccak256(UTF-8("gridledger synthetic " + role + " " + i))   (i decimal from 0)
 * </pre>
 *
 * <p>with role {@code farmer} (farm i, twin i+1), {@code node} (node i+1, twin F+i+1) and {@code
 * user} (owner of node contract i+1, twin F+N+i+1). If a hash is not a valid secp256k1 key
 * (probability about 2^-128), the hash of the hash is used. Each of these accounts is funded with
 * {@link #ACCOUNT_BALANCE} at genesis.
 *
 * <p>The transactions, in order:
 *
 * <ol>
 *   <li>at {@code genesis timestamp - minReportInterval}: farmer i: {@code createTwin}, {@code
 *       createFarm("synthetic-farm-<i>", 1)}; node i: {@code createTwin}, {@code registerNode(farm
 *       i mod F + 1, total, key, ("ZZ", "Synthetic", 0, 0), "synthetic-<i>")}; its farmer: {@code
 *       approveNode(i+1)};
 *   <li>at the genesis timestamp: node i: {@code reportUptime}; user i: {@code createTwin}, {@code
 *       createNodeContract(node i mod N + 1, CONTRACT_RESOURCES, keccak(d), 0, d)} with {@code d =
 *       UTF-8("synthetic deployment <i>")} and one billing period's escrow.
 * </ol>
 *
 * <p>Every node has {@link #NODE_CAPACITY} and each contract takes {@link #CONTRACT_RESOURCES}, so
 * at most 64 contracts fit on a node.
 */
public final class SyntheticGrid {
  /** What every synthetic account holds at genesis: 1,000,000 ether. */
  public static final BigInteger ACCOUNT_BALANCE = BigInteger.TEN.pow(24);

  private static final long GIB = 1L << 30;

  /** A node's total capacity: 64 cores, 256 GiB memory, 4 TiB SSD, no HDD (cru, mru, sru, hru). */
  public static final List<Long> NODE_CAPACITY = List.of(64L, 256 * GIB, 4096 * GIB, 0L);

  /** A contract's reservation: 1 core, 1 GiB memory, 10 GiB SSD. */
  public static final List<Long> CONTRACT_RESOURCES = List.of(1L, GIB, 10 * GIB, 0L);

  private static final int PROGRESS_EVERY = 10_000;

  /** How many of each. */
  public record Size(int farms, int nodes, int contracts) {
    public Size {
      if (farms < 0 || nodes < 0 || contracts < 0) {
        throw new InvalidConfigException("synthetic sizes must not be negative");
      }
      if (nodes > 0 && farms == 0) {
        throw new InvalidConfigException("synthetic nodes need at least one synthetic farm");
      }
      if (contracts > 0 && nodes == 0) {
        throw new InvalidConfigException("synthetic contracts need at least one synthetic node");
      }
      if ((long) contracts > 64L * nodes) {
        throw new InvalidConfigException(
            "at most 64 synthetic contracts fit on a synthetic node: "
                + contracts
                + " contracts on "
                + nodes
                + " nodes");
      }
    }
  }

  private final GenesisConfig config;
  private final Size size;
  private final Consumer<String> progress;

  SyntheticGrid(GenesisConfig config, Size size, Consumer<String> progress) {
    this.config = config;
    this.size = size;
    this.progress = progress;
  }

  /** The private key of the {@code index}-th account of {@code role} (farmer, node or user). */
  public static PrivateKey key(String role, long index) {
    byte[] h =
        Keccak.hash(
            ("gridledger synthetic " + role + " " + index).getBytes(StandardCharsets.UTF_8));
    while (true) {
      try {
        return PrivateKey.fromBytes(h);
      } catch (IllegalArgumentException e) {
        h = Keccak.hash(h);
      }
    }
  }

  /** The X25519 key a synthetic twin or node registers (any non-zero 32 bytes will do). */
  static byte[] x25519Key(String role, long index) {
    return Keccak.hash(
        ("gridledger synthetic x25519 " + role + " " + index).getBytes(StandardCharsets.UTF_8));
  }

  void create(BuildState state, GridExecution exec) {
    long minReport = config.nodeRegistry().minReportInterval();
    long now = config.chain().timestamp();
    if (size.nodes() > 0 && now < minReport) {
      throw new InvalidConfigException(
          "chain.timestamp must be at least nodeRegistry.minReportInterval ("
              + minReport
              + ") for a synthetic grid: nodes register that long before genesis and report"
              + " uptime at genesis");
    }
    long total = 2L * size.farms() + 4L * size.nodes() + 2L * size.contracts();
    progress.accept(
        "synthetic grid: "
            + size.farms()
            + " farms, "
            + size.nodes()
            + " nodes, "
            + size.contracts()
            + " contracts: deriving keys");
    Address[] farmers = addresses(state, "farmer", size.farms());
    Address[] nodes = addresses(state, "node", size.nodes());
    Address[] users = addresses(state, "user", size.contracts());
    long done = 0;

    exec.at(now - minReport);
    for (int f = 0; f < size.farms(); f++) {
      exec.send(
          farmers[f],
          GridContract.TWIN_REGISTRY,
          UInt256.ZERO,
          "createTwin",
          x25519Key("farmer", f),
          "");
      exec.send(
          farmers[f],
          GridContract.FARM_REGISTRY,
          UInt256.ZERO,
          "createFarm",
          "synthetic-farm-" + f,
          1L);
      done = report(done, 2, total);
    }
    List<Object> capacity = List.copyOf(NODE_CAPACITY);
    List<Object> location = List.of("ZZ", "Synthetic", 0L, 0L);
    for (int n = 0; n < size.nodes(); n++) {
      int farm = n % size.farms();
      exec.send(
          nodes[n],
          GridContract.TWIN_REGISTRY,
          UInt256.ZERO,
          "createTwin",
          x25519Key("node", n),
          "");
      exec.send(
          nodes[n],
          GridContract.NODE_REGISTRY,
          UInt256.ZERO,
          "registerNode",
          (long) farm + 1,
          capacity,
          x25519Key("node-key", n),
          location,
          "synthetic-" + n);
      exec.send(
          farmers[farm], GridContract.FARM_REGISTRY, UInt256.ZERO, "approveNode", (long) n + 1);
      done = report(done, 3, total);
    }

    exec.at(now);
    for (int n = 0; n < size.nodes(); n++) {
      exec.send(nodes[n], GridContract.NODE_REGISTRY, UInt256.ZERO, "reportUptime", minReport);
      done = report(done, 1, total);
    }
    if (size.contracts() > 0) {
      BigInteger rate =
          (BigInteger)
              exec.view(
                      GridContract.PRICING_POLICY,
                      "quoteNodeContract",
                      1L,
                      List.copyOf(CONTRACT_RESOURCES),
                      0L)
                  .get(0);
      long billingPeriod = config.reservations().billingPeriod();
      // Reservations._periodCost: ceil(rate * billingPeriod / 3600).
      BigInteger deposit =
          rate.multiply(BigInteger.valueOf(billingPeriod))
              .add(BigInteger.valueOf(3599))
              .divide(BigInteger.valueOf(3600));
      UInt256 value = UInt256.of(deposit);
      List<Object> resources = List.copyOf(CONTRACT_RESOURCES);
      for (int c = 0; c < size.contracts(); c++) {
        byte[] deployment = ("synthetic deployment " + c).getBytes(StandardCharsets.UTF_8);
        exec.send(
            users[c],
            GridContract.TWIN_REGISTRY,
            UInt256.ZERO,
            "createTwin",
            x25519Key("user", c),
            "");
        exec.send(
            users[c],
            GridContract.RESERVATIONS,
            value,
            "createNodeContract",
            (long) (c % size.nodes()) + 1,
            resources,
            Keccak.hash(deployment),
            0L,
            deployment);
        done = report(done, 2, total);
      }
    }
    progress.accept("synthetic grid: " + done + " transactions executed");
  }

  private Address[] addresses(BuildState state, String role, int count) {
    Address[] out = new Address[count];
    UInt256 balance = UInt256.of(ACCOUNT_BALANCE);
    for (int i = 0; i < count; i++) {
      out[i] = key(role, i).address();
      state.put(out[i], 0, balance, new byte[0]);
      if ((i + 1) % PROGRESS_EVERY == 0) {
        progress.accept("synthetic grid: " + (i + 1) + "/" + count + " " + role + " keys");
      }
    }
    return out;
  }

  private long report(long before, int step, long total) {
    long after = before + step;
    if (after / PROGRESS_EVERY != before / PROGRESS_EVERY || after == total) {
      progress.accept("synthetic grid: " + after + "/" + total + " transactions");
    }
    return after;
  }
}
