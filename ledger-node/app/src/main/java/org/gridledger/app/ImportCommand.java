package org.gridledger.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisFile;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.storage.RocksDbStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gridledger import}: execution-only import of an RLP chain file. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import blocks from an RLP chain file (concatenated block RLPs, as",
      "'geth export' writes them) into a data directory, with full execution and",
      "header checks but no seal check (as an execution client behind a consensus",
      "client). Blocks already stored (the genesis among them) are skipped.",
      "Serve the result with 'gridledger node'."
    })
final class ImportCommand implements Callable<Integer> {
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--genesis",
      required = true,
      paramLabel = "<genesis.json>",
      description = "go-ethereum style genesis file of the chain.")
  Path genesis;

  @Option(
      names = "--data-dir",
      paramLabel = "<dir>",
      description = "Database directory (created if missing). Default: ${DEFAULT-VALUE}.")
  Path dataDir = Path.of("gridledger-data");

  @Parameters(index = "0", paramLabel = "<chain.rlp>", description = "The chain file.")
  Path chainFile;

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    GenesisFile loaded;
    try {
      loaded = GenesisFile.open(genesis);
    } catch (GenesisJson.InvalidGenesisException e) {
      err.println("error: --genesis: " + e.getMessage());
      return 2;
    }
    if (!Files.isRegularFile(chainFile)) {
      err.println("error: chain file " + chainFile + " does not exist");
      return 2;
    }
    Files.createDirectories(dataDir);
    long imported = 0;
    long skipped = 0;
    long started = System.nanoTime();
    long lastReport = started;
    try (RocksDbStorage db = new RocksDbStorage(dataDir.resolve("db"));
        RlpChainFile file = new RlpChainFile(chainFile)) {
      Blockchain chain;
      try {
        chain = loaded.initialize(db);
      } catch (IllegalStateException | IllegalArgumentException e) {
        err.println("error: " + dataDir + ": " + e.getMessage());
        return 1;
      }
      out.println(
          "importing "
              + chainFile
              + " into "
              + dataDir
              + " (chain id "
              + loaded.config().chainId()
              + ", head "
              + chain.head().number()
              + ")");
      long index = 0;
      RlpChainFile.Item item;
      while ((item = file.next()) != null) {
        Block block;
        try {
          block = Block.decode(item.rlp());
        } catch (RlpException | IllegalArgumentException e) {
          err.printf(
              "error: block %d of the file (offset %d) does not decode: %s%n",
              index, item.offset(), e.getMessage());
          return 1;
        }
        ImportResult result = chain.importBlock(block);
        switch (result) {
          case ImportResult.Imported i -> imported++;
          case ImportResult.AlreadyKnown k -> skipped++;
          case ImportResult.UnknownParent u -> {
            err.printf(
                "error: block %d (number %d, offset %d) has unknown parent %s%s%n",
                index,
                block.header().number(),
                item.offset(),
                u.parentHash(),
                block.header().number() == 0
                    ? ": the file's genesis is not the one of --genesis"
                    : "");
            return 1;
          }
          case ImportResult.Invalid inv -> {
            err.printf(
                "error: block %d (number %d, offset %d) is invalid: %s: %s%n",
                index, block.header().number(), item.offset(), inv.reason(), inv.detail());
            return 1;
          }
        }
        index++;
        long now = System.nanoTime();
        if (now - lastReport > PROGRESS_NANOS) {
          lastReport = now;
          out.printf(
              "  %d blocks imported, head %d, %.0f blocks/s%n",
              imported, chain.head().number(), imported / ((now - started) / 1e9));
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(
          "imported %d blocks (%d already known) in %.1f s; head %d %s%n",
          imported, skipped, seconds, chain.head().number(), chain.headHash());
      return 0;
    } catch (RlpChainFile.ChainFileException e) {
      err.println("error: " + chainFile + ": " + e.getMessage());
      return 1;
    }
  }
}
