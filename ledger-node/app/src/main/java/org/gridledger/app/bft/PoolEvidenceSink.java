package org.gridledger.app.bft;

import java.math.BigInteger;
import java.util.Optional;
import org.gridledger.consensus.engine.EvidenceSink;
import org.gridledger.consensus.evidence.Evidence;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.tx.LegacyTransaction;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.types.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits double-sign evidence as {@code Staking.submitDoubleSignEvidence} transactions signed by
 * the reporting key into the local pool, from which it is proposed and gossiped like any other
 * transaction (docs/consensus.md, "Evidence"). The reporter pays the gas and receives {@code
 * reporterRewardBps} of the slash; a key without funds is refused by the pool, which is logged.
 */
final class PoolEvidenceSink implements EvidenceSink {
  private static final Logger LOG = LoggerFactory.getLogger(PoolEvidenceSink.class);

  /** Enough for the two signature recoveries and the slashing bookkeeping of Staking. */
  static final long GAS_LIMIT = 500_000;

  private final Blockchain chain;
  private final InMemoryTransactionPool pool;
  private final PrivateKey reporter;

  PoolEvidenceSink(Blockchain chain, InMemoryTransactionPool pool, PrivateKey reporter) {
    this.chain = chain;
    this.pool = pool;
    this.reporter = reporter;
  }

  @Override
  public void report(Evidence evidence) {
    BlockHeader head = chain.head();
    // Twice the next base fee: still included if the base fee rises for a few blocks.
    BigInteger gasPrice = chain.config().nextBaseFee(head).shiftLeft(1).max(BigInteger.ONE);
    Transaction tx =
        LegacyTransaction.unsigned(
                pool.nextNonce(reporter.address()),
                UInt256.of(gasPrice),
                GAS_LIMIT,
                Optional.of(Evidence.stakingAddress()),
                UInt256.ZERO,
                evidence.stakingCallData(),
                Optional.of(UInt256.of(chain.config().chainId())))
            .sign(reporter);
    AddResult result = pool.add(tx);
    LOG.atWarn()
        .addKeyValue("signer", evidence.signer())
        .addKeyValue("tx", tx.hash())
        .log("double-sign evidence submitted: " + result);
  }
}
