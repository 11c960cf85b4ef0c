package org.gridledger.bench.devnet;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gridledger.bench.load.SignedTx;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisFile;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.storage.RocksDbStorage;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionDecoder;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;

/**
 * CPU time of one node's share of a block, in process, on the bench genesis and transactions of
 * {@code make bench-devnet}: <i>build</i> ({@link BlockBuilder} over the candidates, what a
 * proposer and the dev node's producer do), <i>validate</i> (a second builder executing the same
 * transactions on the same parent, what a validator's {@code RebuildingBlockValidator} does),
 * <i>commit</i> ({@link Blockchain#importBuilt}, RocksDB batch). Blocks of {@code transfers} native
 * transfers and then of {@code reservations} {@code createNodeContract} calls; senders are given
 * (the pool recovered them). Thread CPU time, so the load of the machine does not stretch it; run
 * it in fresh JVMs with different options to compare cold and warm code (the first block is the
 * JVM's first execution of that workload).
 *
 * <p>Usage: {@code java [options] -cp benchmarks.jar org.gridledger.bench.devnet.BlockCpuProbe
 * bench-genesis.json gridNodes dataDir [blocks] [transfersPerBlock] [reservationsPerBlock]}
 */
public final class BlockCpuProbe {
  private BlockCpuProbe() {}

  public static void main(String[] args) throws Exception {
    Path genesisFile = Path.of(args[0]);
    int gridNodes = Integer.parseInt(args[1]);
    Path dataDir = Path.of(args[2]);
    int blocks = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int transfersPerBlock = args.length > 4 ? Integer.parseInt(args[4]) : 500;
    int reservationsPerBlock = args.length > 5 ? Integer.parseInt(args[5]) : 100;
    if (Files.exists(dataDir)) {
      throw new IllegalArgumentException(dataDir + " exists: give a new directory");
    }
    BenchTransactions plan = new BenchTransactions(512, gridNodes);
    List<SignedTx> transfers = plan.transfers(blocks * transfersPerBlock);
    List<SignedTx> reservations = plan.reservations(blocks * reservationsPerBlock);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    // HotSpot's bean also counts the bytes each thread allocated.
    com.sun.management.ThreadMXBean allocated = (com.sun.management.ThreadMXBean) cpu;
    try (RocksDbStorage store = new RocksDbStorage(dataDir)) {
      Blockchain chain = GenesisFile.open(genesisFile).initialize(store);
      BlockBuilder proposer = new BlockBuilder(chain);
      BlockBuilder validator = new BlockBuilder(chain);
      System.out.println(
          "workload               block  txs   build ms  validate ms  commit ms   (CPU per block)");
      for (String workload : List.of("native transfer", "createNodeContract")) {
        List<SignedTx> all = workload.equals("native transfer") ? transfers : reservations;
        int per = workload.equals("native transfer") ? transfersPerBlock : reservationsPerBlock;
        List<double[]> rows = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
          List<BlockBuilder.Candidate> candidates = new ArrayList<>();
          for (SignedTx s : all.subList(b * per, (b + 1) * per)) {
            Transaction tx = TransactionDecoder.decode(Hex.decode(s.raw()));
            candidates.add(new BlockBuilder.Candidate(tx, tx.sender().orElseThrow()));
          }
          BlockHeader parent = chain.head();
          Hash parentHash = chain.headHash();
          BlockBuilder.Attributes attributes =
              new BlockBuilder.Attributes(
                  Address.ofLow(7),
                  parent.timestamp() + 1,
                  parent.gasLimit(),
                  Keccak.of(parentHash.toArray()),
                  Hash.ZERO,
                  new byte[0]);
          long a0 = allocated.getCurrentThreadAllocatedBytes();
          long t0 = cpu.getCurrentThreadCpuTime();
          BlockBuilder.Built built = proposer.buildFrom(parentHash, attributes, candidates);
          long t1 = cpu.getCurrentThreadCpuTime();
          long a1 = allocated.getCurrentThreadAllocatedBytes();
          BlockBuilder.Built checked = validator.buildFrom(parentHash, attributes, candidates);
          long t2 = cpu.getCurrentThreadCpuTime();
          Block block = built.block();
          if (!checked.block().hash().equals(block.hash()) || !built.skipped().isEmpty()) {
            throw new IllegalStateException("the two executions differ or skipped transactions");
          }
          ImportResult result = chain.importBuilt(block, checked);
          long t3 = cpu.getCurrentThreadCpuTime();
          if (!(result instanceof ImportResult.Imported)) {
            throw new IllegalStateException("import: " + result);
          }
          double[] row = {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, a1 - a0};
          rows.add(row);
          System.out.printf(
              "%-22s %5d %4d %10.1f %12.1f %10.1f%n",
              workload, block.number(), per, row[0], row[1], row[2]);
        }
        List<double[]> warm = new ArrayList<>(rows.subList(blocks / 2, blocks));
        System.out.printf(
            "%s: first block %.1f / %.1f / %.1f ms; median of the last %d: %.2f / %.2f / %.2f ms"
                + " per tx (build / validate / commit); the build allocated %.1f KiB per tx%n",
            workload,
            rows.getFirst()[0],
            rows.getFirst()[1],
            rows.getFirst()[2],
            warm.size(),
            median(warm, 0) / per,
            median(warm, 1) / per,
            median(warm, 2) / per,
            median(warm, 3) / per / 1024);
      }
    }
  }

  private static double median(List<double[]> rows, int column) {
    List<double[]> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingDouble(r -> r[column]));
    return sorted.get(sorted.size() / 2)[column];
  }
}
