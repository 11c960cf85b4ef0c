package org.gridledger.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.gridledger.genesis.GenesisBuildException;
import org.gridledger.genesis.GenesisBuilder;
import org.gridledger.genesis.GenesisConfigReader;
import org.gridledger.genesis.InvalidConfigException;
import org.gridledger.genesis.SyntheticGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridledger genesis}: genesis files with the grid contracts predeployed. */
@Command(
    name = "genesis",
    mixinStandardHelpOptions = true,
    description = "Build genesis files with the grid contracts predeployed (docs/genesis.md).",
    subcommands = {GenesisCommand.Build.class})
final class GenesisCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code gridledger genesis build}. */
  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Build a genesis file from a YAML config: the six grid contracts at 0x...1001-0x...1006,",
        "initialised by running their initialize calls through the EVM, plus the funded accounts.",
        "The same config always gives the same bytes.",
        "",
        "Examples:",
        "  gridledger genesis build --config genesis/devnet.yaml --out genesis/devnet.json",
        "  gridledger genesis build --config grid.yaml --out big.json --synthetic-farms 100 \\",
        "      --synthetic-nodes 100000 --synthetic-contracts 100000"
      })
  static final class Build implements Callable<Integer> {
    @Option(
        names = "--config",
        required = true,
        paramLabel = "<yaml>",
        description = "The genesis config (see genesis/devnet.yaml).")
    Path config;

    @Option(
        names = "--out",
        paramLabel = "<file>",
        description = "Where to write the genesis JSON. Default: standard output.")
    Path out;

    @Option(
        names = "--synthetic-farms",
        paramLabel = "<F>",
        description = "Create F farms from deterministic keys (docs/genesis.md). Default: 0.")
    int farms;

    @Option(
        names = "--synthetic-nodes",
        paramLabel = "<N>",
        description = "Create N registered, approved, online nodes in those farms. Default: 0.")
    int nodes;

    @Option(
        names = "--synthetic-contracts",
        paramLabel = "<C>",
        description = "Create C node contracts on those nodes (at most 64 per node). Default: 0.")
    int contracts;

    @Option(
        names = "--scratch-dir",
        paramLabel = "<dir>",
        description =
            "Where a synthetic build keeps its temporary state database. Default: next to --out"
                + " (or the system temporary directory).")
    Path scratchDir;

    @Override
    public Integer call() {
      PrintStream err = System.err;
      try {
        return build(err);
      } catch (InvalidConfigException e) {
        err.println("error: bad config: " + e.getMessage());
        return 2;
      } catch (GenesisBuildException e) {
        err.println("error: cannot build the genesis: " + e.getMessage());
        return 1;
      } catch (IOException | UncheckedIOException e) {
        err.println("error: " + e.getMessage());
        return 1;
      } finally {
        deletePartial(err);
      }
    }

    private int build(PrintStream err) throws IOException {
      GenesisBuilder builder = new GenesisBuilder(GenesisConfigReader.read(config));
      boolean synthetic = farms > 0 || nodes > 0 || contracts > 0;
      SyntheticGrid.Size size = synthetic ? new SyntheticGrid.Size(farms, nodes, contracts) : null;
      Path target = out == null ? null : out.toAbsolutePath();
      Path partial = target == null ? null : partialOf(target);
      try (OutputStream sink =
          new BufferedOutputStream(
              partial == null ? nonClosing(System.out) : Files.newOutputStream(partial), 1 << 16)) {
        if (size == null) {
          builder.write(sink);
        } else {
          Path scratch =
              scratchDir != null
                  ? scratchDir
                  : target != null
                      ? target.getParent()
                      : Path.of(System.getProperty("java.io.tmpdir"));
          builder.writeSynthetic(size, scratch, sink, err::println);
        }
      }
      if (partial != null) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        err.println("wrote " + target);
      }
      return 0;
    }

    private static Path partialOf(Path target) {
      return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** Removes what a failed build left half-written (nothing after a successful one). */
    private void deletePartial(PrintStream err) {
      if (out != null) {
        try {
          Files.deleteIfExists(partialOf(out.toAbsolutePath()));
        } catch (IOException e) {
          err.println("warning: cannot delete " + e.getMessage());
        }
      }
    }

    private static OutputStream nonClosing(PrintStream stream) {
      return new java.io.FilterOutputStream(stream) {
        @Override
        public void write(byte[] b, int off, int len) {
          stream.write(b, off, len);
        }

        @Override
        public void close() {
          stream.flush();
        }
      };
    }
  }
}
