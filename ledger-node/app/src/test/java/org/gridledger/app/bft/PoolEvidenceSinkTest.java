package org.gridledger.app.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gridledger.consensus.evidence.Evidence;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.SignedVote;
import org.gridledger.consensus.message.Vote;
import org.gridledger.consensus.message.VoteType;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.GenesisJson;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.storage.InMemoryKeyValueStore;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TxPoolLimits;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.junit.jupiter.api.Test;

/**
 * Evidence of a double sign by a devnet-bft validator becomes a pool transaction that, included in
 * a block, runs {@code Staking.submitDoubleSignEvidence} successfully; the same evidence again is
 * refused by the contract (the receipt fails).
 */
class PoolEvidenceSinkTest {
  private static final Path REPO = Path.of(System.getProperty("gridledger.repo.root", "../.."));
  private static final List<PrivateKey> KEYS = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, 14);

  @Test
  void evidenceBecomesASlashingTransactionThatSucceedsOnce() {
    GenesisJson.Loaded genesis = GenesisJson.read(REPO.resolve("genesis/devnet-bft.json"));
    Blockchain chain =
        Blockchain.initialize(new InMemoryKeyValueStore(), genesis.config(), genesis.genesis());
    InMemoryTransactionPool pool = new InMemoryTransactionPool(chain, TxPoolLimits.defaults());
    PrivateKey validator = KEYS.get(10); // signer of genesis validator 0
    PrivateKey reporter = KEYS.get(0); // a funded dev account
    Evidence evidence = conflictingPrepares(validator, 1);
    PoolEvidenceSink sink = new PoolEvidenceSink(chain, pool, reporter);

    sink.report(evidence);
    List<PooledTransaction> pending = pool.pending(chain.config().nextBaseFee(chain.head()));
    assertThat(pending).hasSize(1);
    Transaction tx = pending.getFirst().transaction();
    assertThat(tx.to()).contains(Evidence.stakingAddress());
    assertThat(tx.data()).isEqualTo(evidence.stakingCallData());
    assertThat(pending.getFirst().sender()).isEqualTo(reporter.address());
    assertThat(includeAll(chain, pool).getFirst().success()).isTrue();

    sink.report(conflictingPrepares(validator, 1)); // the same slot again
    assertThat(includeAll(chain, pool).getFirst().success()).as("evidence used twice").isFalse();
  }

  private static Evidence conflictingPrepares(PrivateKey key, long height) {
    SignedVote a =
        SignedVote.sign(
            new Vote(VoteType.PREPARE, height, 0, Hash.wrap(Keccak.hash(new byte[] {1}))),
            1337,
            key);
    SignedVote b =
        SignedVote.sign(
            new Vote(VoteType.PREPARE, height, 0, Hash.wrap(Keccak.hash(new byte[] {2}))),
            1337,
            key);
    return new Evidence(key.address(), a, b);
  }

  /** Builds and imports a block of the pool's pending transactions; returns its receipts. */
  private static List<Receipt> includeAll(Blockchain chain, InMemoryTransactionPool pool) {
    BlockHeader head = chain.head();
    BlockBuilder.Built built =
        new BlockBuilder(chain)
            .build(
                chain.headHash(),
                new BlockBuilder.Attributes(
                    Address.ZERO,
                    head.timestamp() + 1,
                    head.gasLimit(),
                    Hash.ZERO,
                    Hash.ZERO,
                    new BftExtraData(new byte[32], List.of(), CommitCertificate.EMPTY).encode()),
                pool.pending(chain.config().nextBaseFee(head)).stream()
                    .map(PooledTransaction::transaction)
                    .toList());
    assertThat(built.skipped()).isEmpty();
    assertThat(chain.importBuilt(built.block(), built)).isInstanceOf(ImportResult.Imported.class);
    pool.onNewHead();
    return built.receipts();
  }
}
