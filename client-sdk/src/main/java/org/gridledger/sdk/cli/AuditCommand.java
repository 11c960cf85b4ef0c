package org.gridledger.sdk.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.audit.AuditReport;
import org.gridledger.sdk.audit.BftCommitSeals;
import org.gridledger.sdk.audit.ContractAuditor;
import org.gridledger.sdk.audit.HistoryEvent;
import org.gridledger.sdk.audit.SealVerifier;
import org.gridledger.sdk.audit.SealVerifiers;
import org.gridledger.sdk.audit.SingleValidatorSeal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid audit contract ID [--block N]}. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verify on-chain records with Merkle proofs instead of trusting the node.",
    subcommands = {AuditCommand.Contract.class})
final class AuditCommand {

  @Command(
      name = "contract",
      mixinStandardHelpOptions = true,
      description = {
        "Prove a contract's record: the block header (hash recomputed, seal verified), the Reservations",
        "account in the state trie, each storage slot of the record, the fields decoded from them and",
        "compared with the contract's view; then its history from events. Exit 9 if anything fails."
      })
  static final class Contract extends Leaf {
    @Parameters(paramLabel = "<id>", description = "Contract id.")
    long id;

    @Option(names = "--block", description = "Block number (default: the latest).")
    Long block;

    @Option(
        names = "--validator",
        defaultValue = SingleValidatorSeal.DEVNET_VALIDATOR,
        split = ",",
        description = "Accepted sealer address(es). Default: the devnet validator ${DEFAULT-VALUE}")
    java.util.Set<String> validators;

    @Option(
        names = "--epoch-length",
        defaultValue = "100",
        description =
            "BFT chains: blocks per epoch (the genesis config.bft.epochLength). Default"
                + " ${DEFAULT-VALUE}, genesis/devnet-bft.json's.")
    long epochLength;

    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.readOnly()) {
        // The header format decides: decision 0007's single seal, or BFT commit seals (0015).
        SealVerifier seal =
            SealVerifiers.byHeaderFormat(
                new SingleValidatorSeal(validators),
                new BftCommitSeals(c.chainId(), epochLength, ContractAuditor.rpcHeaders(c.rpc())));
        AuditReport r =
            new ContractAuditor(c.rpc(), c.addresses(), seal)
                .audit(id, block == null ? OptionalLong.empty() : OptionalLong.of(block));
        StringBuilder h = new StringBuilder();
        h.append("audit of contract ")
            .append(id)
            .append(" at block ")
            .append(r.blockNumber())
            .append(": VERIFIED\n");
        h.append("  [ok] header hash ")
            .append(r.blockHash())
            .append(" recomputed from the header fields\n");
        h.append("  [ok] ").append(r.sealCheck()).append('\n');
        h.append("  [ok] state root ")
            .append(r.stateRoot())
            .append(" (from the verified header)\n");
        h.append("  [ok] account ")
            .append(r.reservationsAddress())
            .append(" proven in the state trie (")
            .append(r.accountProofNodes())
            .append(" nodes): storage root ")
            .append(r.storageRoot())
            .append('\n');
        h.append("  [")
            .append(r.codeMatchesArtifact() ? "ok" : "!!")
            .append("] code hash ")
            .append(r.codeHash())
            .append(
                r.codeMatchesArtifact()
                    ? ": the published Reservations bytecode"
                    : ": NOT the published Reservations bytecode")
            .append('\n');
        for (AuditReport.SlotProof s : r.slots()) {
          h.append("  [ok] slot 0x")
              .append(s.slot().toString(16))
              .append(" = 0x")
              .append(s.value().toString(16))
              .append(" (")
              .append(s.proofNodes())
              .append(" nodes)\n");
        }
        h.append("  [ok] proven fields equal the contract's view at this block\n");
        h.append("record:\n");
        r.fields().forEach((k, v) -> h.append(String.format("  %-20s %s%n", k, v)));
        h.append("history:\n");
        for (HistoryEvent e : r.history()) {
          h.append(
              String.format(
                  "  block %-8d %-22s %s%n", e.blockNumber(), e.name(), e.transactionHash()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("verified", true);
        json.put("contractId", id);
        json.put("blockNumber", r.blockNumber());
        json.put("blockHash", r.blockHash());
        json.put("stateRoot", r.stateRoot());
        json.put("seal", r.sealCheck());
        json.put("storageRoot", r.storageRoot());
        json.put("codeHash", r.codeHash());
        json.put("codeMatchesArtifact", r.codeMatchesArtifact());
        json.put("fields", r.fields());
        json.put("history", r.history());
        grid.emit(json, h.toString().stripTrailing());
      }
    }
  }
}
