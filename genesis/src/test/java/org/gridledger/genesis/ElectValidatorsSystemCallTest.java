package org.gridledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.BftParams;
import org.gridledger.core.chain.ChainConfig;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.devnet.DevnetGenesis;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.Transaction;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.junit.jupiter.api.Test;

/**
 * docs/consensus.md, "Epochs and validator-set changes": on a BFT chain the last block of each
 * epoch starts with the {@code Staking.electValidators()} system call, in the builder and the
 * importer alike; other chains never make it.
 */
class ElectValidatorsSystemCallTest {
  private static final long EPOCH = 4;
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);

  /** The devnet config with short epochs and two validator seats. */
  private static byte[] genesis() throws Exception {
    String yaml =
        Files.readString(Path.of("devnet.yaml"))
            .replace("epochLength: 100", "epochLength: " + EPOCH)
            .replace("validatorCount: 1", "validatorCount: 2");
    return new GenesisBuilder(GenesisConfigReader.parse(yaml, "test")).toJson();
  }

  private static ChainConfig bft() {
    return ChainConfig.bft(1337, new BftParams(EPOCH, GridContract.STAKING.address(), 1000, 2000));
  }

  /** Candidates 1, 2, 3 (dev accounts 1-3) with self-stakes 10, 30 and 20 ether. */
  private static List<Transaction> registrations(GridChain grid) {
    List<PrivateKey> keys = DevnetGenesis.accountKeys();
    List<Transaction> txs = new ArrayList<>();
    long[] stakes = {10, 30, 20};
    for (int i = 0; i < 3; i++) {
      txs.add(
          grid.tx(
              keys.get(i + 1),
              0,
              GridContract.STAKING,
              UInt256.of(BigInteger.valueOf(stakes[i]).multiply(ETHER)),
              "registerCandidate",
              signer(i),
              500));
    }
    return txs;
  }

  private static Address signer(int i) {
    return Address.ofLow(0xA000 + i);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> setOf(GridChain grid, long epoch) {
    return grid.call(GridContract.STAKING, "validatorSetOf", epoch);
  }

  @Test
  void theEpochsLastBlockElectsTheTopCandidatesInBuilderAndImporterAlike() throws Exception {
    byte[] genesis = genesis();
    List<Block> blocks = new ArrayList<>();
    try (GridChain grid = new GridChain(genesis, bft())) {
      List<Receipt> receipts = grid.block(1_000, registrations(grid));
      assertThat(receipts).allSatisfy(r -> assertThat(r.success()).isTrue());
      grid.block(1_001, List.of());
      assertThat((List<?>) setOf(grid, 1).get(0)).as("before block 3").isEmpty();
      assertThat(grid.chain.head().number()).isEqualTo(2);

      grid.block(1_002, List.of()); // block 3 = EPOCH - 1: the election runs first
      List<Object> set = setOf(grid, 1);
      assertThat(set.get(0)).isEqualTo(List.of(2L, 3L).stream().map(BigInteger::valueOf).toList());
      assertThat(set.get(1)).isEqualTo(List.of(signer(1), signer(2)));
      assertThat((List<?>) setOf(grid, 2).get(0)).isEmpty();

      // Next epoch's last block elects again; the stakes are unchanged, so the set is too.
      for (int t = 1_003; t <= 1_006; t++) {
        grid.block(t, List.of());
      }
      assertThat(grid.chain.head().number()).isEqualTo(2 * EPOCH - 1);
      assertThat(setOf(grid, 2)).isEqualTo(set);
      for (long n = 1; n <= grid.chain.head().number(); n++) {
        blocks.add(
            grid.chain
                .blocks()
                .block(grid.chain.blocks().canonicalHash(n).orElseThrow())
                .orElseThrow());
      }
    }
    // Another node imports the same blocks: the same state roots (the import checks each).
    try (GridChain other = new GridChain(genesis, bft())) {
      for (Block b : blocks) {
        assertThat(other.chain.importBlock(b)).isInstanceOf(ImportResult.Imported.class);
      }
      assertThat(setOf(other, 2).get(1)).isEqualTo(List.of(signer(1), signer(2)));
    }
    // A chain without BFT parameters rejects block 3: its state root includes the election.
    try (GridChain plain = new GridChain(genesis, new ChainConfig(1337))) {
      assertThat(plain.chain.importBlock(blocks.get(0))).isInstanceOf(ImportResult.Imported.class);
      assertThat(plain.chain.importBlock(blocks.get(1))).isInstanceOf(ImportResult.Imported.class);
      assertThat(plain.chain.importBlock(blocks.get(2)))
          .isNotInstanceOf(ImportResult.Imported.class);
    }
  }

  @Test
  void aChainWithoutBftParametersNeverElects() throws Exception {
    try (GridChain grid = new GridChain(genesis())) {
      grid.block(1_000, registrations(grid));
      for (int t = 1_001; t <= 1_010; t++) {
        grid.block(t, List.of());
      }
      assertThat((List<?>) setOf(grid, 1).get(0)).isEmpty();
      assertThat((List<?>) setOf(grid, 2).get(0)).isEmpty();
    }
  }
}
