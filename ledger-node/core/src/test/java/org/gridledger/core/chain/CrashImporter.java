package org.gridledger.core.chain;

import static org.gridledger.core.chain.TestChains.CONFIG;
import static org.gridledger.core.chain.TestChains.EMITTER;
import static org.gridledger.core.chain.TestChains.SENDER;
import static org.gridledger.core.chain.TestChains.attributes;
import static org.gridledger.core.chain.TestChains.recipient;
import static org.gridledger.core.chain.TestChains.transfer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.block.Block;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.state.AccountInfo;

/**
 * The child process of {@link BlockchainCrashTest}: opens (or creates) a chain in the RocksDB
 * directory given as the only argument and imports blocks on top of its head until it is killed,
 * printing each imported block number.
 */
public final class CrashImporter {
  private CrashImporter() {}

  public static void main(String[] args) {
    RocksDbStorage rocks = new RocksDbStorage(Path.of(args[0]));
    Blockchain chain = Blockchain.initialize(rocks, CONFIG, TestChains.genesis());
    BlockBuilder builder = new BlockBuilder(chain);
    System.out.println("head " + chain.head().number());
    System.out.flush();
    while (true) {
      long n = chain.head().number() + 1;
      AccountInfo sender = chain.headState().account(SENDER);
      long nonce = sender.nonce();
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        txs.add(transfer(nonce++, recipient((n * 20 + i) % 500), n));
      }
      txs.add(transfer(nonce, EMITTER, n));
      Block block = builder.build(chain.headHash(), attributes(n, 0), txs).block();
      ImportResult result = chain.importBlock(block);
      if (!(result instanceof ImportResult.Imported)) {
        System.out.println("FAILED " + result);
        System.out.flush();
        System.exit(2);
      }
      System.out.println("imported " + n);
      System.out.flush();
    }
  }
}
