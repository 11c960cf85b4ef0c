package org.gridledger.explorer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gridledger.explorer.store.Database;

/**
 * A real PostgreSQL server for the tests: Debian's {@code postgresql} binaries (installed by {@code
 * scripts/ensure-os-packages.sh postgresql} when missing), a new cluster under {@code
 * target/postgres-<n>/} with password authentication, listening on 127.0.0.1 at a port the OS
 * chose, stopped when the JVM exits.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb} and {@code postgres} exit with "cannot be
 * run as root"). When the tests run as root, both run under the unprivileged {@code postgres}
 * account the Debian package creates (or {@code gridledger-pg}, created here with {@code useradd}
 * if neither exists), switched to with {@code setpriv}; the cluster directory is handed to that
 * account. Any failure to start is an exception with the server's log: the tests fail, never skip.
 */
final class PostgresServer implements AutoCloseable {
  private static final String SUPERUSER = "gridledger";
  private static final Path PG_LIB = Path.of("/usr/lib/postgresql");
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path dir;
  private final int port;
  private final String password;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Process process, Path dir, int port, String password) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.password = password;
  }

  /** The server of this JVM, started on first use. */
  static PostgresServer shared() {
    return Shared.SERVER;
  }

  private static final class Shared {
    static final PostgresServer SERVER = startOrFail();

    private static PostgresServer startOrFail() {
      try {
        PostgresServer server =
            start(Path.of("target", "postgres-" + ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return server;
      } catch (IOException | InterruptedException | RuntimeException e) {
        throw new IllegalStateException("cannot start the test PostgreSQL server: " + e, e);
      }
    }
  }

  /** Starts a new cluster in {@code dir} (created; must not hold one yet). */
  static PostgresServer start(Path dir) throws IOException, InterruptedException {
    Path bin = binaries();
    dir = dir.toAbsolutePath();
    Files.createDirectories(dir);
    List<String> asUser = runAs();
    List<String> prefix = asUser.isEmpty() ? List.of() : asUser.subList(0, asUser.size() - 1);
    if (!asUser.isEmpty()) {
      run(List.of("chown", "-R", asUser.getLast(), dir.toString()), dir.resolve("chown.log"));
      if (!reachable(prefix, dir)) {
        // The checkout is below a directory the server's account may not enter (e.g. /root, or a
        // clone in a private temporary directory): the cluster goes to a new directory of its
        // own under /var/tmp instead, named in target/ and removed when the server stops.
        Path elsewhere = Files.createTempDirectory(Path.of("/var/tmp"), "gridledger-test-pg-");
        Files.writeString(
            dir.resolve("cluster-location.txt"),
            "the account "
                + asUser.getLast()
                + " cannot reach "
                + dir
                + "; the cluster is in "
                + elsewhere
                + "\n");
        run(
            List.of("chown", "-R", asUser.getLast(), elsewhere.toString()),
            dir.resolve("chown.log"));
        dir = elsewhere;
      }
    }
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    if (!asUser.isEmpty()) {
      run(List.of("chown", asUser.getLast(), pwfile.toString()), dir.resolve("chown.log"));
    }
    Path data = dir.resolve("data");
    List<String> initdb = new ArrayList<>(prefix);
    initdb.addAll(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            SUPERUSER,
            "--auth=scram-sha-256",
            "--pwfile=" + pwfile,
            "-E",
            "UTF8",
            "--locale=C.UTF-8"));
    run(initdb, dir.resolve("initdb.log"));
    Files.delete(pwfile);

    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      Path log = dir.resolve("server-" + attempt + ".log");
      List<String> postgres = new ArrayList<>(prefix);
      postgres.addAll(
          List.of(
              bin.resolve("postgres").toString(),
              "-D",
              data.toString(),
              "-p",
              Integer.toString(port),
              "-k",
              dir.toString(),
              "-c",
              "listen_addresses=127.0.0.1",
              // test data only: durability against a crash of the machine is not what is tested
              "-c",
              "fsync=off",
              "-c",
              "full_page_writes=off"));
      Process p =
          new ProcessBuilder(postgres)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PostgresServer server = new PostgresServer(p, dir, port, password);
      try {
        server.awaitReady(log);
        return server;
      } catch (IllegalStateException e) {
        server.close();
        last = e; // most likely the port was taken between choosing and binding it: retry
      }
    }
    throw last;
  }

  /** A new, empty database on this server. */
  Database newDatabase() throws SQLException {
    String name = "explorer_" + databases.incrementAndGet();
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return new Database(url(name), password);
  }

  /** The JDBC URL of database {@code name} (without the password). */
  String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + SUPERUSER;
  }

  String password() {
    return password;
  }

  private Connection admin() throws SQLException {
    Properties props = new Properties();
    props.setProperty("password", password);
    return DriverManager.getConnection(url("postgres"), props);
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SQLException lastError = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "postgres exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Connection c = admin()) {
        if (c.isValid(5)) {
          return;
        }
      } catch (SQLException e) {
        lastError = e;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "postgres did not accept connections within 60 s ("
            + lastError
            + "):\n"
            + Files.readString(log));
  }

  /**
   * Fast shutdown (SIGINT: disconnect clients, then stop), forced after 20 s; a cluster outside
   * target/ (see {@link #start}) is deleted.
   */
  @Override
  public void close() {
    stop();
    if (dir.startsWith("/var/tmp") && !process.isAlive()) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: a leftover directory under /var/tmp is harmless
      }
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
          .redirectErrorStream(true)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  Path dir() {
    return dir;
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin}, installing the package if needed. */
  private static Path binaries() throws IOException, InterruptedException {
    Path bin = newestBin();
    if (bin == null) {
      Path root = Path.of(System.getProperty("gridledger.repo.root", ".."));
      Path script = root.resolve("scripts/ensure-os-packages.sh");
      Path log = Path.of("target", "ensure-postgresql.log");
      Files.createDirectories(log.getParent());
      run(List.of("bash", script.toString(), "postgresql"), log);
      bin = newestBin();
    }
    if (bin == null) {
      throw new IllegalStateException(
          "no PostgreSQL server binaries in " + PG_LIB + " (Debian package postgresql)");
    }
    return bin;
  }

  private static Path newestBin() throws IOException {
    if (!Files.isDirectory(PG_LIB)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(PG_LIB)) {
      return versions
          .filter(v -> v.getFileName().toString().matches("[0-9]+"))
          .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .orElse(null);
    }
  }

  /**
   * The command prefix that runs a program as an unprivileged account when this JVM is root (its
   * last element is the account, for chown), or an empty list otherwise.
   */
  private static List<String> runAs() throws IOException, InterruptedException {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (uid != 0) {
      return List.of();
    }
    String user = accountExists("postgres") ? "postgres" : "gridledger-pg";
    if (!accountExists(user)) {
      run(
          List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user),
          Path.of("target", "useradd.log"));
    }
    return List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--clear-groups", user);
  }

  /** Whether the account of {@code asUser} may create files in {@code dir}. */
  private static boolean reachable(List<String> asUser, Path dir)
      throws IOException, InterruptedException {
    List<String> test = new ArrayList<>(asUser);
    test.addAll(List.of("test", "-w", dir.toString(), "-a", "-x", dir.toString()));
    return new ProcessBuilder(test)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor()
        == 0;
  }

  private static boolean accountExists(String user) throws IOException, InterruptedException {
    return new ProcessBuilder("id", "-u", user)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor()
        == 0;
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command.getFirst() + " did not finish in 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed with "
              + p.exitValue()
              + ":\n"
              + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
