package org.gridledger.consensus.engine;

import org.gridledger.consensus.evidence.Evidence;

/** Submits double-sign evidence ({@link Evidence#stakingCallData()}) as a transaction. */
public interface EvidenceSink {
  void report(Evidence evidence);
}
