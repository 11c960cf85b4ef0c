package org.gridledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GenesisCommandTest {
  static final Path REPO = Path.of(System.getProperty("gridledger.repo.root", "../.."));
  private final Path dir =
      Path.of("target", "genesis-command-test", Long.toString(System.nanoTime()));

  private record Run(int exit, String err) {}

  private static Run run(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new GridledgerCommand()).execute(args);
      return new Run(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
    }
  }

  @Test
  void buildsTheCommittedDevnetFile() throws Exception {
    Files.createDirectories(dir);
    Path out = dir.resolve("devnet.json");
    Run r =
        run(
            "genesis",
            "build",
            "--config",
            REPO.resolve("genesis/devnet.yaml").toString(),
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(out))
        .isEqualTo(Files.readString(REPO.resolve("genesis/devnet.json")));
    assertThat(dir.resolve("devnet.json.partial")).doesNotExist();
  }

  @Test
  void aBadConfigNamesTheField() throws Exception {
    Files.createDirectories(dir);
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(
        yaml,
        Files.readString(REPO.resolve("genesis/devnet.yaml"))
            .replace("billingPeriod: 60s", "billingPeriod: soon"));
    Run r =
        run(
            "genesis",
            "build",
            "--config",
            yaml.toString(),
            "--out",
            dir.resolve("x.json").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("error: bad config:").contains("reservations.billingPeriod");
    assertThat(dir.resolve("x.json")).doesNotExist();
  }

  @Test
  void aMissingConfigOptionIsAUsageError() {
    Run r = run("genesis", "build");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--config=<yaml>'");
  }
}
