package org.gridledger.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gridledger dev} (or {@code gridledger node}) as a real child process, for the tests of
 * every module that needs a running chain: the main class in a child JVM with the calling test's
 * class path (the shaded jar is built after the app module's tests, and the class path is the same
 * code), RPC on an ephemeral port, output to a log file (a pipe may lose output a child writes
 * while it dies).
 */
public final class DevNode implements AutoCloseable {
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** JVM exit status after SIGKILL: 128 + 9. */
  public static final int SIGKILL_EXIT = 137;

  private static final String MAIN_CLASS = "org.gridledger.app.GridledgerCommand";

  private static final Pattern LISTENING = Pattern.compile("Listening on (http://\\S+)");

  private final Process process;
  private final Path log;
  private final String rpcUrl;

  private DevNode(Process process, Path log, String rpcUrl) {
    this.process = process;
    this.log = log;
    this.rpcUrl = rpcUrl;
  }

  /**
   * Starts a devnet that seals a block per transaction ({@code --block-time 0}) with its chain and
   * log in {@code dir}.
   */
  public static DevNode instant(Path dir) throws IOException, InterruptedException {
    return start(
        dir.resolve("dev.log"), "--block-time", "0", "--data-dir", dir.resolve("data").toString());
  }

  /** {@link #instant(Path)} in a new directory under {@code target/dev-nodes/}. */
  public static DevNode instant() throws IOException, InterruptedException {
    return instant(Path.of("target", "dev-nodes", Long.toString(System.nanoTime())));
  }

  /**
   * How the child JVM runs the node: the main class from the caller's class path when the app
   * module is on it (a test-scoped dependency), else the shaded jar (property {@code
   * gridledger.app.jar}, default {@code ../ledger-node/app/target/gridledger.jar}, which the
   * reactor builds first when the module depends on the app with {@code <type>pom</type>}).
   */
  private static List<String> launcher() {
    try {
      Class.forName(MAIN_CLASS, false, DevNode.class.getClassLoader());
      return List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS);
    } catch (ClassNotFoundException notOnClassPath) {
      Path jar =
          Path.of(
              System.getProperty("gridledger.app.jar", "../ledger-node/app/target/gridledger.jar"));
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: build with -am so the reactor packages ledger-node/app first");
      }
      return List.of("-jar", jar.toString());
    }
  }

  /**
   * Starts {@code gridledger dev --rpc-port 0 <args>} writing its output to {@code log}, and
   * returns once it prints the RPC URL.
   *
   * @throws IllegalStateException if it exits or prints no URL within {@link #START_TIMEOUT}
   */
  public static DevNode start(Path log, String... args) throws IOException, InterruptedException {
    return start(START_TIMEOUT, "-Xmx384m", log, args);
  }

  /**
   * As {@link #start(Path, String...)}, with a heap option ({@code -Xmx...}) and a start timeout (a
   * node loading a large genesis takes minutes).
   */
  public static DevNode start(Duration timeout, String heap, Path log, String... args)
      throws IOException, InterruptedException {
    // C1 only: a test's node starts faster and runs too briefly for C2 to pay off
    return start(timeout, List.of(heap, "-XX:TieredStopAtLevel=1"), log, args);
  }

  /**
   * As {@link #start(Path, String...)}, with the child JVM's options as given ({@code -Xmx...},
   * {@code -XX:StartFlightRecording...}) and nothing else: no {@code -XX:TieredStopAtLevel=1}, so a
   * benchmark measures the node with its optimising compiler, as {@code gridledger} runs.
   */
  public static DevNode start(Duration timeout, List<String> jvmOptions, Path log, String... args)
      throws IOException, InterruptedException {
    return startCommand("dev", timeout, jvmOptions, log, args);
  }

  /**
   * {@code gridledger node --rpc-port 0 <args>} (a node of a genesis file, e.g. a BFT validator),
   * C1 only like {@link #start(Path, String...)}; returns once it prints its RPC URL, by when its
   * start banner (with a BFT node's {@code Enode} line) is in {@link #log()}.
   */
  public static DevNode startNode(Path log, String... args)
      throws IOException, InterruptedException {
    return startCommand(
        "node", START_TIMEOUT, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), log, args);
  }

  /**
   * Runs a one-shot {@code gridledger <subcommand> <args>} (such as {@code import}), C1 only like
   * {@link #start(Path, String...)}, with its output in {@code log}, and returns its exit status.
   *
   * @throws IllegalStateException if it has not exited within {@code timeout} (it is then killed)
   */
  public static int run(String subcommand, Duration timeout, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> commandArgs = new ArrayList<>(List.of(subcommand));
    commandArgs.addAll(List.of(args));
    Process process = launch(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), log, commandArgs);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "gridledger "
              + subcommand
              + " did not finish in "
              + timeout
              + ":\n"
              + Files.readString(log));
    }
    return process.exitValue();
  }

  private static DevNode startCommand(
      String subcommand, Duration timeout, List<String> jvmOptions, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> commandArgs = new ArrayList<>(List.of(subcommand, "--rpc-port", "0"));
    commandArgs.addAll(List.of(args));
    Process process = launch(jvmOptions, log, commandArgs);
    try {
      return new DevNode(process, log, awaitUrl(subcommand, process, log, timeout));
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Starts the child JVM: {@code java <jvmOptions> <launcher> <args>}, output to {@code log}. */
  private static Process launch(List<String> jvmOptions, Path log, List<String> args)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    command.addAll(jvmOptions);
    command.addAll(launcher());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static String awaitUrl(String subcommand, Process process, Path log, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(log)) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          return m.group(1);
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "gridledger "
                + subcommand
                + " exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "gridledger "
            + subcommand
            + " printed no RPC URL in "
            + timeout
            + ":\n"
            + Files.readString(log));
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  /** The WebSocket URL (same port as HTTP). */
  public String wsUrl() {
    return rpcUrl.replaceFirst("^http", "ws");
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Kills the process with SIGKILL ({@link Process#destroyForcibly()}) and returns its exit status
   * ({@link #SIGKILL_EXIT} when the signal killed it).
   */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
    }
    return process.exitValue();
  }

  /** Stops with SIGTERM (a clean shutdown), SIGKILL if that takes too long. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
