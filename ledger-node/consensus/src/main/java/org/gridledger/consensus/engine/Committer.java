package org.gridledger.consensus.engine;

import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.core.block.Block;

/**
 * Receives final blocks in height order, each with the commit certificate that proves it final. The
 * node imports the block and keeps the certificate of its head until the child carries it.
 */
public interface Committer {
  void commit(Block block, CommitCertificate certificate);
}
