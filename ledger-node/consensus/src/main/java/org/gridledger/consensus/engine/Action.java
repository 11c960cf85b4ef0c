package org.gridledger.consensus.engine;

import java.util.Objects;
import org.gridledger.consensus.evidence.Evidence;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.message.ConsensusMessage;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.types.Address;

/** What the engine asks its environment to do; performed in order by {@link BftDriver}. */
public sealed interface Action {
  /** Send {@code message} to every validator. */
  record Broadcast(ConsensusMessage message) implements Action {
    public Broadcast {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Call {@link BftEngine#onTimeout} with {@code timeout} after {@code delayMillis}. */
  record ScheduleTimeout(Timeout timeout, long delayMillis) implements Action {}

  /**
   * Build a block at {@code height} on {@code parent}, whose extra data carries {@code
   * parentCertificate} (and at an epoch end the next validator set); answer with {@link
   * BftEngine#onBlockBuilt}.
   */
  record BuildBlock(long height, int round, BlockHeader parent, CommitCertificate parentCertificate)
      implements Action {}

  /** Execute and check {@code block}; answer with {@link BftEngine#onBlockValidated}. */
  record ValidateBlock(Block block) implements Action {}

  /** {@code block} is final with {@code certificate}: import it and keep the certificate. */
  record CommitBlock(Block block, CommitCertificate certificate) implements Action {}

  /** A validator double-signed: submit the evidence to Staking. */
  record ReportEvidence(Evidence evidence) implements Action {}

  /**
   * This node is behind: fetch committed blocks with certificates from {@code fromHeight} on
   * (preferably from {@code peer}, which is ahead) and feed them to {@link
   * BftEngine#onCertifiedBlock}.
   */
  record RequestSync(long fromHeight, Address peer) implements Action {}
}
