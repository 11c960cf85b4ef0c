package org.gridledger.sdk.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridledger.contracts.ContractArtifact;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.sdk.GridAddresses;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.RpcConnection;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthGetProof;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * Audits a node contract with proofs instead of trust: the header of block N (hash recomputed from
 * its fields, seal verified), the Reservations account in the state trie under that header's state
 * root, the record's storage slots in the account's storage trie, the fields decoded from the
 * proven slots compared with what the contract's view returns at block N, and its history from
 * events.
 */
public final class ContractAuditor {
  private static final String[] STATES = {"None", "Created", "GracePeriod", "Deleted"};
  private static final String[] KINDS = {"Node", "Rent", "Name"};
  private final RpcConnection rpc;
  private final GridAddresses at;
  private final SealVerifier seal;
  private final StorageLayout layout = StorageLayout.reservationsContracts();

  public ContractAuditor(RpcConnection rpc, GridAddresses at, SealVerifier seal) {
    this.rpc = rpc;
    this.at = at;
    this.seal = seal;
  }

  /**
   * Headers fetched with {@code eth_getBlockByNumber}, for {@link BftCommitSeals}: the node is not
   * trusted, the verifier binds them by recomputed hashes.
   */
  public static BftCommitSeals.HeaderSource rpcHeaders(RpcConnection rpc) {
    return number -> {
      try {
        EthBlock.Block b =
            rpc.send(
                    rpc.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(number), false),
                    "eth_getBlockByNumber")
                .getBlock();
        return Optional.ofNullable(b).map(BlockHeader::fromRpc);
      } catch (GridException e) {
        throw new ProofException("cannot fetch block " + number + ": " + e.getMessage());
      }
    };
  }

  /** Audits contract {@code contractId} at block {@code block} (latest if empty). */
  public AuditReport audit(long contractId, OptionalLong block) throws GridException {
    DefaultBlockParameter param =
        block.isPresent()
            ? DefaultBlockParameter.valueOf(BigInteger.valueOf(block.getAsLong()))
            : DefaultBlockParameterName.LATEST;
    EthBlock.Block b =
        rpc.send(rpc.web3j().ethGetBlockByNumber(param, false), "eth_getBlockByNumber").getBlock();
    if (b == null) {
      throw new GridException.NotFound("block " + block.orElse(-1) + " does not exist yet");
    }
    long number = b.getNumber().longValue();
    DefaultBlockParameter exact = DefaultBlockParameter.valueOf(b.getNumber());
    BlockHeader header = BlockHeader.fromRpc(b);
    List<BigInteger> slotKeys = new ArrayList<>();
    BigInteger base = layout.baseSlot(contractId);
    for (int i = 0; i < layout.structSlots(); i++) {
      slotKeys.add(base.add(BigInteger.valueOf(i)));
    }
    EthGetProof response =
        rpc.send(
            rpc.web3j()
                .ethGetProof(
                    at.reservations(),
                    slotKeys.stream()
                        .map(k -> Numeric.toHexStringWithPrefixZeroPadded(k, 64))
                        .toList(),
                    Numeric.toHexStringWithPrefix(b.getNumber())),
            "eth_getProof");
    if (response.hasError()) {
      throw new GridException.RpcUnavailable(
          "eth_getProof failed: " + response.getError().getMessage(), null);
    }
    String code =
        rpc.send(rpc.web3j().ethGetCode(at.reservations(), exact), "eth_getCode").getCode();
    try {
      return verify(
          contractId,
          header,
          b.getHash(),
          response.getProof(),
          Numeric.hexStringToByteArray(code),
          slotKeys,
          exact);
    } catch (ProofException e) {
      throw new GridException.Verification(
          "audit of contract " + contractId + " at block " + number + " FAILED: " + e.getMessage(),
          null);
    }
  }

  /** The verification proper, on data already fetched (tests tamper with it). */
  public AuditReport verify(
      long contractId,
      BlockHeader header,
      String reportedHash,
      EthGetProof.Proof proof,
      byte[] code,
      List<BigInteger> slotKeys,
      DefaultBlockParameter block)
      throws ProofException, GridException {
    byte[] hash = header.hash();
    if (!Arrays.equals(hash, Numeric.hexStringToByteArray(reportedHash))) {
      throw new ProofException(
          "the header fields hash to "
              + Numeric.toHexString(hash)
              + ", the node says the block hash is "
              + reportedHash);
    }
    String sealCheck = seal.verify(header);
    AccountState account = verifyAccount(header.stateRoot(), at.reservations(), proof);
    if (!Arrays.equals(MerkleProof.keccak(code), account.codeHash())) {
      throw new ProofException("the code the node returned does not hash to the proven code hash");
    }
    boolean published =
        Arrays.equals(code, ContractArtifact.load("Reservations").deployedBytecode());
    Map<BigInteger, BigInteger> proven = verifyStorage(account.storageRoot(), proof);
    List<AuditReport.SlotProof> slots = new ArrayList<>();
    List<BigInteger> values = new ArrayList<>();
    Map<BigInteger, Integer> sizes = new HashMap<>();
    for (EthGetProof.StorageProof sp : proof.getStorageProof()) {
      sizes.put(Numeric.toBigInt(sp.getKey()), sp.getProof().size());
    }
    for (BigInteger key : slotKeys) {
      BigInteger v = proven.get(key);
      if (v == null) {
        throw new ProofException(
            "the node sent no proof for slot " + Numeric.toHexStringWithPrefix(key));
      }
      values.add(v);
      slots.add(new AuditReport.SlotProof(key, v, sizes.get(key)));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (StorageLayout.Member m : layout.members()) {
      fields.put(m.name(), render(m, StorageLayout.extract(m, values)));
    }
    if (fields.get("state").equals("None")) {
      throw new GridException.NotFound(
          "contract "
              + contractId
              + " does not exist at block "
              + header.number()
              + " (proven: its record is empty)");
    }
    compareWithView(contractId, fields, block);
    return new AuditReport(
        contractId,
        header.number().longValue(),
        Numeric.toHexString(hash),
        Numeric.toHexString(header.stateRoot()),
        sealCheck,
        at.reservations(),
        Numeric.toHexString(account.storageRoot()),
        Numeric.toHexString(account.codeHash()),
        published,
        proof.getAccountProof().size(),
        slots,
        fields,
        history(contractId, header.number()));
  }

  /** An account's proven state. */
  public record AccountState(
      BigInteger nonce, BigInteger balance, byte[] storageRoot, byte[] codeHash) {}

  /**
   * Verifies the account proof against {@code stateRoot} and that it matches what the node said.
   */
  public static AccountState verifyAccount(
      byte[] stateRoot, String address, EthGetProof.Proof proof) throws ProofException {
    byte[] path = MerkleProof.keccak(Numeric.hexStringToByteArray(address));
    Optional<byte[]> leaf = MerkleProof.verify(stateRoot, path, decode(proof.getAccountProof()));
    if (leaf.isEmpty()) {
      throw new ProofException("the state trie proves that " + address + " has no account");
    }
    List<RlpType> fields;
    try {
      fields = ((RlpList) RlpDecoder.decode(leaf.get()).getValues().get(0)).getValues();
    } catch (RuntimeException e) {
      throw new ProofException("the account leaf is not an RLP list");
    }
    if (fields.size() != 4) {
      throw new ProofException("the account leaf has " + fields.size() + " fields, not 4");
    }
    AccountState state =
        new AccountState(
            new BigInteger(1, bytes(fields.get(0))),
            new BigInteger(1, bytes(fields.get(1))),
            bytes(fields.get(2)),
            bytes(fields.get(3)));
    if (!state.nonce().equals(Numeric.toBigInt(proof.getNonce()))
        || !state.balance().equals(proof.getBalance())
        || !Arrays.equals(state.storageRoot(), Numeric.hexStringToByteArray(proof.getStorageHash()))
        || !Arrays.equals(state.codeHash(), Numeric.hexStringToByteArray(proof.getCodeHash()))) {
      throw new ProofException("the proven account differs from the fields the node reported");
    }
    return state;
  }

  /** Verifies every storage proof against {@code storageRoot}; returns slot → proven value. */
  public static Map<BigInteger, BigInteger> verifyStorage(
      byte[] storageRoot, EthGetProof.Proof proof) throws ProofException {
    Map<BigInteger, BigInteger> out = new HashMap<>();
    for (EthGetProof.StorageProof sp : proof.getStorageProof()) {
      BigInteger slot = Numeric.toBigInt(sp.getKey());
      byte[] path = MerkleProof.keccak(Numeric.toBytesPadded(slot, 32));
      Optional<byte[]> leaf = MerkleProof.verify(storageRoot, path, decode(sp.getProof()));
      BigInteger value = BigInteger.ZERO;
      if (leaf.isPresent()) {
        try {
          value = new BigInteger(1, bytes(RlpDecoder.decode(leaf.get()).getValues().get(0)));
        } catch (RuntimeException e) {
          throw new ProofException("storage slot " + sp.getKey() + ": the leaf is not RLP bytes");
        }
      }
      if (!value.equals(Numeric.toBigInt(sp.getValue()))) {
        throw new ProofException(
            "storage slot "
                + sp.getKey()
                + ": proven value "
                + value
                + ", the node reported "
                + sp.getValue());
      }
      out.put(slot, value);
    }
    return out;
  }

  private void compareWithView(
      long contractId, Map<String, String> fields, DefaultBlockParameter block)
      throws GridException, ProofException {
    Reservations r =
        Reservations.load(
            at.reservations(),
            rpc.web3j(),
            new ReadonlyTransactionManager(
                rpc.web3j(), "0x0000000000000000000000000000000000000000"),
            new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
    r.setDefaultBlockParameter(block);
    Reservations.Contract c =
        rpc.retrying(() -> r.getContract(BigInteger.valueOf(contractId)).send(), "getContract");
    Map<String, String> view = new LinkedHashMap<>();
    view.put("state", STATES[c.state.intValue()]);
    view.put("owner", c.owner.toLowerCase());
    view.put("escrow", c.escrow.toString());
    view.put("ratePerHour", c.ratePerHour.toString());
    view.put("nodeId", c.nodeId.toString());
    view.put("twinId", c.twinId.toString());
    view.put("deploymentHash", Numeric.toHexString(c.deploymentHash));
    for (var e : view.entrySet()) {
      if (!e.getValue().equals(fields.get(e.getKey()))) {
        throw new ProofException(
            "the contract's view says "
                + e.getKey()
                + " = "
                + e.getValue()
                + ", the proven storage says "
                + fields.get(e.getKey()));
      }
    }
  }

  private List<HistoryEvent> history(long contractId, BigInteger upTo) throws GridException {
    Map<String, String> names = new HashMap<>();
    for (Event e :
        List.of(
            Reservations.NODECONTRACTCREATED_EVENT,
            Reservations.DEPLOYMENTPUBLISHED_EVENT,
            Reservations.CONTRACTPUBLICIPS_EVENT,
            Reservations.NODECONTRACTUPDATED_EVENT,
            Reservations.CONTRACTFULFILLED_EVENT,
            Reservations.CONTRACTFAILED_EVENT,
            Reservations.CONSUMPTIONREPORTED_EVENT,
            Reservations.CONTRACTSETTLED_EVENT,
            Reservations.CONTRACTTOPPEDUP_EVENT,
            Reservations.GRACEPERIODSTARTED_EVENT,
            Reservations.GRACEPERIODENDED_EVENT,
            Reservations.CONTRACTDELETED_EVENT,
            Reservations.RENTCONTRACTCREATED_EVENT,
            Reservations.NAMECONTRACTCREATED_EVENT)) {
      names.put(EventEncoder.encode(e), e.getName());
    }
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameter.valueOf(upTo),
            at.reservations());
    filter.addNullTopic();
    filter.addSingleTopic(
        Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(contractId), 64));
    EthLog logs = rpc.send(rpc.web3j().ethGetLogs(filter), "eth_getLogs");
    List<HistoryEvent> out = new ArrayList<>();
    if (logs.getLogs() != null) {
      for (EthLog.LogResult<?> r : logs.getLogs()) {
        if (r.get() instanceof Log log && names.containsKey(log.getTopics().get(0))) {
          out.add(
              new HistoryEvent(
                  log.getBlockNumber().longValue(),
                  log.getTransactionHash(),
                  names.get(log.getTopics().get(0))));
        }
      }
    }
    return out;
  }

  private static String render(StorageLayout.Member m, BigInteger v) {
    return switch (m.type()) {
      case "address" -> Numeric.toHexStringWithPrefixZeroPadded(v, 40);
      case "bool" -> Boolean.toString(v.signum() != 0);
      case "bytes32" -> Numeric.toHexStringWithPrefixZeroPadded(v, 64);
      case "enum Reservations.ContractState" -> STATES[Math.min(v.intValue(), 3)];
      case "enum Reservations.ContractKind" -> KINDS[Math.min(v.intValue(), 2)];
      default -> v.toString();
    };
  }

  private static List<byte[]> decode(List<String> hex) {
    return hex.stream().map(Numeric::hexStringToByteArray).toList();
  }

  private static byte[] bytes(RlpType t) throws ProofException {
    if (t instanceof RlpString s) {
      return s.getBytes();
    }
    throw new ProofException("expected RLP bytes, got a list");
  }
}
