package org.gridledger.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gridledger.app.bft.CertifiedChainBuilder;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisFile;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gridledger dev-chain} (hidden): writes a long BFT chain into a data directory without
 * running consensus ({@link CertifiedChainBuilder}), for sync tests and {@code make bench-sync}.
 * Only for genesis files whose validators are test-mnemonic accounts (the devnet's public keys).
 */
@Command(
    name = "dev-chain",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = {
      "Build N final blocks of a BFT devnet chain (validators: test-mnemonic accounts) into a",
      "data directory, certified by the validators' public test keys; optionally also write them",
      "as an RLP chain file for 'gridledger import'."
    })
final class DevChainCommand implements Callable<Integer> {
  @Option(names = "--genesis", required = true, paramLabel = "<genesis.json>")
  Path genesis;

  @Option(names = "--data-dir", required = true, paramLabel = "<dir>")
  Path dataDir;

  @Option(names = "--blocks", paramLabel = "<n>", description = "Default: ${DEFAULT-VALUE}.")
  int blocks = 10_000;

  @Option(
      names = "--tx-every",
      paramLabel = "<n>",
      description = "Every n-th block carries transfers (0: none). Default: ${DEFAULT-VALUE}.")
  int txEvery = 4;

  @Option(names = "--tx-per-block", paramLabel = "<n>", description = "Default: ${DEFAULT-VALUE}.")
  int txPerBlock = 10;

  @Option(names = "--export", paramLabel = "<chain.rlp>", description = "Also write blocks 1..N.")
  Path export;

  @Override
  public Integer call() throws IOException {
    GenesisFile loaded;
    try {
      loaded = GenesisFile.open(genesis);
    } catch (GenesisJson.InvalidGenesisException e) {
      System.err.println("error: --genesis: " + e.getMessage());
      return 2;
    }
    List<PrivateKey> mnemonic = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 64);
    Map<Address, PrivateKey> byAddress = new HashMap<>();
    mnemonic.forEach(k -> byAddress.put(k.address(), k));
    long started = System.nanoTime();
    try (RocksDbStorage db = new RocksDbStorage(dataDir.resolve("db"));
        OutputStream out =
            export == null
                ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(Files.newOutputStream(export))) {
      Blockchain chain = loaded.initialize(db);
      List<PrivateKey> signers = new ArrayList<>();
      for (Validator v :
          BftExtraData.of(chain.blocks().canonicalHeader(0).orElseThrow()).validators()) {
        PrivateKey k = byAddress.get(v.signer());
        if (k == null) {
          System.err.println("error: validator " + v.signer() + " is not a test-mnemonic key");
          return 2;
        }
        signers.add(k);
      }
      long firstTimestamp = System.currentTimeMillis() / 1000 - blocks - 60;
      CertifiedChainBuilder.Result r =
          CertifiedChainBuilder.build(
              chain,
              dataDir,
              signers,
              mnemonic.subList(0, 10),
              blocks,
              txEvery,
              txPerBlock,
              firstTimestamp,
              b -> {
                try {
                  out.write(b.encode());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      System.out.printf(
          "built %d blocks with %d transactions in %.1f s; head %d %s%n",
          r.blocks(),
          r.transactions(),
          (System.nanoTime() - started) / 1e9,
          chain.head().number(),
          chain.headHash());
    }
    return 0;
  }
}
