package org.gridledger.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent client run as a process from the pinned npm packages in {@code
 * ledger-node/it/clients} ({@code node <script>}, {@code cast ...}), with a time limit.
 */
final class ExternalTool {
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** What a finished run printed and how it exited. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** The result, or an AssertionError with everything printed when it did not exit 0. */
    Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(describe());
      }
      return this;
    }

    String describe() {
      return String.join(" ", command)
          + "\nexit "
          + exitCode
          + "\nstdout:\n"
          + stdout
          + "\nstderr:\n"
          + stderr;
    }
  }

  private final Path clientsDir;
  private final Path scratch;

  /**
   * @param scratch a directory for the output files of each run (under target/)
   */
  ExternalTool(Path scratch) {
    String dir = System.getProperty("gridledger.it.clients.dir");
    if (dir == null) {
      throw new IllegalStateException(
          "system property gridledger.it.clients.dir is not set (run through Maven)");
    }
    this.clientsDir = Path.of(dir);
    this.scratch = scratch;
  }

  Path clientsDir() {
    return clientsDir;
  }

  /** {@code node <script> <args>} in the clients directory. */
  Result node(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return run(command);
  }

  /** The pinned cast ({@code node_modules/.bin/cast}) with {@code args}. */
  Result cast(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(clientsDir.resolve("node_modules/.bin/cast").toString());
    command.addAll(List.of(args));
    return run(command);
  }

  private Result run(List<String> command) throws IOException, InterruptedException {
    Files.createDirectories(scratch);
    Path out = Files.createTempFile(scratch, "tool-", ".out");
    Path err = Files.createTempFile(scratch, "tool-", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(clientsDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    // cast and foundry otherwise may look for a config or write caches in the home directory.
    builder.environment().put("FOUNDRY_DISABLE_NIGHTLY_WARNING", "1");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish in "
              + TIMEOUT
              + "\nstdout:\n"
              + Files.readString(out)
              + "\nstderr:\n"
              + Files.readString(err));
    }
    return new Result(
        List.copyOf(command), process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
