package org.gridledger.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A node under load as a real process: {@code gridledger dev} from the application jar or anvil
 * from the contracts module's npm package, both with one-second blocks, chain id 1337, the test
 * mnemonic's ten funded accounts, a 30M block gas limit and a 1 gwei initial base fee (anvil's
 * defaults are the devnet genesis's values).
 */
public final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int port;
  private final Path dataDir;

  private NodeProcess(String name, Process process, int port, Path dataDir) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
  }

  public String name() {
    return name;
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public URI http() {
    return URI.create("http://127.0.0.1:" + port);
  }

  URI ws() {
    return URI.create("ws://127.0.0.1:" + port);
  }

  /**
   * Starts {@code java <jvmArgs> -jar <jar> dev --block-time 1} with a fresh data directory under
   * {@code workDir}.
   */
  static NodeProcess gridledger(Path jar, List<String> jvmArgs, Path workDir)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no " + jar + ": build it first (make bench-load does)");
    }
    int port = freePort();
    Path dataDir = workDir.resolve("gridledger-data-" + System.currentTimeMillis());
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmArgs);
    cmd.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "dev",
            "--block-time",
            "1",
            "--data-dir",
            dataDir.toString(),
            "--rpc-port",
            Integer.toString(port)));
    return start("gridledger", cmd, port, dataDir, workDir.resolve("gridledger.log"));
  }

  /** Starts anvil from {@code contracts/node_modules} with the same chain as the devnet. */
  static NodeProcess anvil(Path repoRoot, Path workDir) throws IOException, InterruptedException {
    Path bin = repoRoot.resolve("contracts/node_modules/.bin/anvil");
    if (!Files.isExecutable(bin)) {
      throw new IOException("anvil not installed at " + bin + ": run `make contracts`");
    }
    int port = freePort();
    List<String> cmd =
        List.of(
            bin.toString(),
            "--port",
            Integer.toString(port),
            "--block-time",
            "1",
            "--hardfork",
            "cancun",
            "--chain-id",
            "1337",
            "--gas-limit",
            "30000000",
            "--accounts",
            "10");
    return start("anvil", cmd, port, null, workDir.resolve("anvil.log"));
  }

  /**
   * Starts {@code cmd} with its output to {@code log} and waits (up to 60 s) until it answers
   * {@code eth_chainId} on {@code port}; {@code dataDir}, if not null, is deleted on {@link
   * #close}.
   */
  public static NodeProcess start(String name, List<String> cmd, int port, Path dataDir, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    NodeProcess node = new NodeProcess(name, p, port, dataDir);
    JsonRpc rpc = new JsonRpc(node.http());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        rpc.call("eth_chainId");
        return node;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          node.close();
          throw new IOException(name + " did not start on port " + port + " (log: " + log + ")", e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** A TCP port the OS reports free now (probing; another process may take it first). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle c : children) {
      c.destroy();
    }
    if (dataDir != null) {
      deleteTree(dataDir);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
