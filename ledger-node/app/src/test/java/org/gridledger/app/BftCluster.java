package org.gridledger.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;

/**
 * The fault suite's network of real processes (docs/consensus.md, "Fault testing"): four {@code
 * gridledger node} validators of the test genesis {@code faults-bft.yaml} (signers: test-mnemonic
 * indices 10-13, each paying evidence transactions from its operator account 1-4) and one full
 * node, each its own JVM with its own RocksDB and data directory under {@code target/}, talking
 * devp2p on 127.0.0.1 (OS-chosen ports; a restarted node listens on its previous port again so that
 * its enode URL, and the others' redials, stay valid). Every node runs with a cut-off file ({@code
 * --fault-injection-file}) the test writes to partition the network.
 *
 * <p>{@link #close()} kills every process it started (a JVM shutdown hook does the same if the test
 * JVM dies first); {@link #logTails()} gives the end of every log for a failure message.
 */
final class BftCluster implements AutoCloseable {
  static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);
  static final long CHAIN_ID = 1337;
  static final Address STAKING = Address.fromHex("0x0000000000000000000000000000000000001006");
  private static final Pattern ENODE = NodeLauncher.ENODE;
  private static final Duration START_WAIT = Duration.ofSeconds(60);

  final Path dir;
  final Path genesis;
  final List<Member> members = new ArrayList<>();
  private final Thread shutdownHook;
  private final VoteVerifier verifier = new VoteVerifier(CHAIN_ID);

  /** One node: validator {@code index} 0-3, or the full node (index 4, no validator key). */
  final class Member {
    final String name;
    final int index;
    final Optional<PrivateKey> validatorKey;
    final Path home;
    final Path cutOffFile;
    final List<String> extraArgs;
    final List<Path> logs = new ArrayList<>();
    Process process;
    NodeClient rpc;
    String enode;
    int p2pPort;

    Member(String name, int index, Optional<PrivateKey> validatorKey, List<String> extraArgs) {
      this.name = name;
      this.index = index;
      this.validatorKey = validatorKey;
      this.home = dir.resolve(name);
      this.cutOffFile = home.resolve("cut-off.txt");
      this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts the process (again, on the same data directory and p2p port) and waits for RPC. */
    void start() throws IOException, InterruptedException {
      List<String> boots = new ArrayList<>();
      for (Member m : members) {
        if (m != this && m.enode != null) {
          boots.add(m.enode);
        }
      }
      List<String> command =
          new ArrayList<>(
              NodeLauncher.command(
                  List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                  genesis,
                  home,
                  p2pPort,
                  validatorKey,
                  boots));
      command.addAll(List.of("--fault-injection-file", cutOffFile.toString()));
      if (validatorKey.isPresent()) {
        Path operator = home.resolve("operator.key");
        Files.writeString(operator, Hex.encode(KEYS.get(1 + index).toBytes()) + "\n");
        command.addAll(List.of("--evidence-key-file", operator.toString()));
      }
      command.addAll(extraArgs);
      Path log = home.resolve("node-" + logs.size() + ".log");
      logs.add(log);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      String url = awaitLine(log, DevProcessTest.LISTENING);
      enode = awaitLine(log, ENODE);
      p2pPort = Integer.parseInt(enode.substring(enode.lastIndexOf(':') + 1).split("\\?")[0]);
      rpc = new NodeClient(url);
    }

    private String awaitLine(Path log, Pattern pattern) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + START_WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (String line : Files.readAllLines(log)) {
          var m = pattern.matcher(line);
          if (m.find()) {
            return m.group(1);
          }
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      throw new AssertionError(name + ": no line matching " + pattern + "\n" + tail(log, 60));
    }

    /** {@code kill -9}: the process ends at once, no shutdown hook, no flush. */
    void kill9() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " did not die from SIGKILL");
      }
      rpc = null;
    }

    /** {@code kill -STOP} or {@code kill -CONT}: freezes or resumes every thread of the JVM. */
    void signal(String signal) throws IOException, InterruptedException {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    }

    /** Writes the nodes this one must not talk to (atomically: the node polls the file). */
    void cutOff(Collection<Member> others) throws IOException {
      StringBuilder text = new StringBuilder();
      for (Member o : others) {
        text.append(o.enode).append('\n');
      }
      Path tmp = home.resolve("cut-off.tmp");
      Files.writeString(tmp, text.toString(), StandardCharsets.US_ASCII);
      Files.move(tmp, cutOffFile, StandardCopyOption.ATOMIC_MOVE);
    }

    boolean alive() {
      return process != null && process.isAlive();
    }

    long head() throws IOException, InterruptedException {
      return Long.decode(rpc.result("eth_blockNumber", "[]").asText());
    }

    JsonNode block(long number) throws IOException, InterruptedException {
      return rpc.result("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    }

    String hashAt(long number) throws IOException, InterruptedException {
      JsonNode b = block(number);
      return b.isNull() ? null : b.get("hash").asText();
    }

    Address signer() {
      return validatorKey.orElseThrow().address();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  BftCluster(String testName) throws IOException {
    this(testName, Optional.empty(), List.of());
  }

  /**
   * @param byzantine a validator index started with {@code extraArgs}
   */
  BftCluster(String testName, Optional<Integer> byzantine, List<String> extraArgs)
      throws IOException {
    this.dir = Path.of("target", "bft-faults", testName + "-" + System.nanoTime()).toAbsolutePath();
    Files.createDirectories(dir);
    this.genesis = dir.resolve("genesis.json");
    Files.write(genesis, testGenesis());
    for (int i = 0; i < 4; i++) {
      members.add(
          new Member(
              "validator" + i,
              i,
              Optional.of(KEYS.get(10 + i)),
              byzantine.isPresent() && byzantine.get() == i ? extraArgs : List.of()));
    }
    members.add(new Member("full", 4, Optional.empty(), List.of()));
    this.shutdownHook = new Thread(this::killAll, "bft-cluster-kill");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** faults-bft.yaml (test resources) through the genesis builder. */
  static byte[] testGenesis() {
    try (InputStream in = BftCluster.class.getResourceAsStream("faults-bft.yaml")) {
      if (in == null) {
        throw new IllegalStateException("faults-bft.yaml is not on the test classpath");
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new GenesisBuilder(GenesisConfigReader.parse(yaml, "faults-bft.yaml")).toJson();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts all five, validators first, each knowing the ones before it. */
  BftCluster startAll() throws IOException, InterruptedException {
    for (Member m : members) {
      m.start();
    }
    return this;
  }

  List<Member> validators() {
    return members.subList(0, 4);
  }

  Member full() {
    return members.get(4);
  }

  List<Member> alive() {
    return members.stream().filter(Member::alive).toList();
  }

  interface Check {
    boolean holds() throws IOException, InterruptedException;
  }

  static void await(String what, Duration limit, Check check)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        if (check.holds()) {
          return;
        }
      } catch (IOException e) {
        // a node restarting; ask again
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  static boolean allAtLeast(Collection<Member> nodes, long height)
      throws IOException, InterruptedException {
    for (Member n : nodes) {
      if (n.head() < height) {
        return false;
      }
    }
    return true;
  }

  static long maxHead(Collection<Member> nodes) throws IOException, InterruptedException {
    long max = 0;
    for (Member n : nodes) {
      max = Math.max(max, n.head());
    }
    return max;
  }

  static long minHead(Collection<Member> nodes) throws IOException, InterruptedException {
    long min = Long.MAX_VALUE;
    for (Member n : nodes) {
      min = Math.min(min, n.head());
    }
    return min;
  }

  /**
   * All of {@code nodes} report the same hash for every block 1..their lowest head (no fork);
   * returns that height.
   */
  static long assertSameChain(Collection<Member> nodes) throws IOException, InterruptedException {
    long common = minHead(nodes);
    Member reference = nodes.iterator().next();
    for (long h = 1; h <= common; h++) {
      String expected = reference.hashAt(h);
      for (Member n : nodes) {
        String actual = n.hashAt(h);
        if (!expected.equals(actual)) {
          throw new AssertionError(
              "fork at block " + h + ": " + reference + " " + expected + ", " + n + " " + actual);
        }
      }
    }
    return common;
  }

  /**
   * The signers of block {@code number}'s commit seals, read from its child's extra data (decision
   * 0015) and recovered as COMMIT votes; also the round it was committed in.
   */
  record Seals(int round, Set<Address> signers) {}

  Seals sealsOf(Member from, long number) throws IOException, InterruptedException {
    JsonNode block = from.block(number);
    JsonNode child = from.block(number + 1);
    if (block.isNull() || child.isNull()) {
      throw new IllegalStateException("block " + number + " or its child is not there yet");
    }
    CommitCertificate certificate =
        BftExtraData.decode(Hex.decode(child.get("extraData").asText())).parentCertificate();
    Hash hash = Hash.fromHex(block.get("hash").asText());
    Set<Address> signers = new HashSet<>();
    for (Signature seal : certificate.seals()) {
      verifier
          .signer(
              new SignedVote(new Vote(VoteType.COMMIT, number, certificate.round(), hash), seal))
          .ifPresent(signers::add);
    }
    return new Seals(certificate.round(), signers);
  }

  /** The end of one log. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The last lines of every log of every member, for a failure report. */
  String logTails() {
    StringBuilder out = new StringBuilder();
    for (Member m : members) {
      for (Path log : m.logs) {
        out.append("\n===== ").append(m.name).append(" ").append(log).append(" =====\n");
        out.append(tail(log, 40)).append('\n');
      }
    }
    return out.toString();
  }

  /** Lines of any log that show an uncaught exception or an ERROR entry. */
  List<String> uncaughtExceptions() throws IOException {
    List<String> found = new ArrayList<>();
    for (Member m : members) {
      for (Path log : m.logs) {
        for (String line : Files.readAllLines(log)) {
          if (line.contains("Exception in thread") || line.contains(" ERROR ")) {
            found.add(m.name + " " + log.getFileName() + ": " + line);
          }
        }
      }
    }
    return found;
  }

  /** Lower-case hex of an address, as the RPC prints it. */
  static String lower(Address a) {
    return a.toString().toLowerCase(Locale.ROOT);
  }

  private void killAll() {
    for (Member m : members) {
      if (m.process != null && m.process.isAlive()) {
        // A frozen JVM dies from SIGKILL as well.
        m.process.destroyForcibly();
      }
    }
    for (Member m : members) {
      if (m.process != null) {
        try {
          m.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // shutting down already
    }
  }
}
