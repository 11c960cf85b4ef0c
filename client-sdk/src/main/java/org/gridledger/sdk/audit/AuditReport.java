package org.gridledger.sdk.audit;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What an audit established, each line a verified step: the header hash recomputed, its seal, the
 * account proof of Reservations against the header's state root (and its code against the published
 * bytecode), each storage slot of the record against the account's storage root, the fields decoded
 * from those slots, and the history from events.
 */
public record AuditReport(
    long contractId,
    long blockNumber,
    String blockHash,
    String stateRoot,
    String sealCheck,
    String reservationsAddress,
    String storageRoot,
    String codeHash,
    boolean codeMatchesArtifact,
    int accountProofNodes,
    List<SlotProof> slots,
    Map<String, String> fields,
    List<HistoryEvent> history) {

  /** One proven storage slot. */
  public record SlotProof(BigInteger slot, BigInteger value, int proofNodes) {}
}
