package org.gridledger.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * Registers and stakes a BFT chain's first validators at build time and makes them epoch 0's set
 * (docs/genesis.md, "BFT chains").
 *
 * <p>{@code Staking.electValidators()} can only elect the <em>next</em> epoch in an epoch's last
 * block, so no call can store epoch 0's set. The builder therefore writes {@code elected[0] = true}
 * and {@code electedIds[0] = topValidators()} straight into Staking's storage, at the slots the
 * compiler's {@code storageLayout} in the committed artifact names (Solidity storage layout:
 * mapping value at {@code keccak256(key ‖ slot)}, a dynamic array's length there and its {@code
 * uint32} elements packed eight to a slot from {@code keccak256(that)}), and then checks through
 * {@code validatorSetOf(0)} that the contract reads back exactly that set.
 */
final class GenesisValidators {
  /** One elected validator: its signer and weight (bonded stake in wei). */
  record Elected(Address signer, BigInteger weight) {}

  private GenesisValidators() {}

  /**
   * Registers every configured validator, stores the top candidates as epoch 0's set and returns it
   * in Staking's order.
   */
  static List<Elected> register(GenesisConfig config, GridExecution exec, BuildState state) {
    for (GenesisConfig.GenesisValidator v : config.validators()) {
      exec.send(
          v.operator(),
          GridContract.STAKING,
          UInt256.of(v.selfStake()),
          "registerCandidate",
          v.signer(),
          (long) v.commissionBps());
    }
    @SuppressWarnings("unchecked")
    List<BigInteger> ids =
        (List<BigInteger>) exec.view(GridContract.STAKING, "topValidators").get(0);
    if (ids.isEmpty()) {
      throw new GenesisBuildException(
          "validators: no candidate is eligible (self-stake below staking.minSelfStake?)");
    }
    writeEpochZeroSet(state, ids);
    List<Object> set = exec.view(GridContract.STAKING, "validatorSetOf", 0L);
    if (!set.get(0).equals(ids)) {
      throw new GenesisBuildException(
          "Staking.validatorSetOf(0) reads " + set.get(0) + " after writing " + ids);
    }
    @SuppressWarnings("unchecked")
    List<Address> signers = (List<Address>) set.get(1);
    List<Elected> elected = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      @SuppressWarnings("unchecked")
      List<Object> candidate =
          (List<Object>) exec.view(GridContract.STAKING, "getCandidate", ids.get(i)).get(0);
      // Candidate field 6 is bondedStake (Staking.sol, struct Candidate).
      elected.add(new Elected(signers.get(i), (BigInteger) candidate.get(6)));
    }
    return elected;
  }

  private static void writeEpochZeroSet(BuildState state, List<BigInteger> ids) {
    JsonNode layout = storageLayout();
    UInt256 electedIdsSlot =
        slotOf(layout, "electedIds", "t_mapping(t_uint64,t_array(t_uint32)dyn_storage)");
    UInt256 electedSlot = slotOf(layout, "elected", "t_mapping(t_uint64,t_bool)");
    Address staking = GridContract.STAKING.address();
    JournaledState w = new JournaledState(state);
    w.sstore(staking, mappingSlot(UInt256.ZERO, electedSlot), UInt256.ONE);
    UInt256 array = mappingSlot(UInt256.ZERO, electedIdsSlot);
    w.sstore(staking, array, UInt256.of(ids.size()));
    UInt256 data = UInt256.fromBytes(Keccak.hash(array.toBytes32()));
    for (int word = 0; word * 8 < ids.size(); word++) {
      BigInteger packed = BigInteger.ZERO;
      for (int j = 0; j < 8 && word * 8 + j < ids.size(); j++) {
        packed = packed.or(ids.get(word * 8 + j).shiftLeft(32 * j));
      }
      w.sstore(staking, data.add(UInt256.of(word)), UInt256.of(packed));
    }
    state.apply(w.commitTransaction());
  }

  /** {@code keccak256(key ‖ slot)}: where a mapping keeps the value of a value-type key. */
  private static UInt256 mappingSlot(UInt256 key, UInt256 slot) {
    byte[] both = new byte[64];
    System.arraycopy(key.toBytes32(), 0, both, 0, 32);
    System.arraycopy(slot.toBytes32(), 0, both, 32, 32);
    return UInt256.fromBytes(Keccak.hash(both));
  }

  private static UInt256 slotOf(JsonNode layout, String label, String type) {
    for (JsonNode entry : layout.path("storage")) {
      if (entry.path("label").asText().equals(label)) {
        if (!entry.path("type").asText().equals(type) || entry.path("offset").asInt() != 0) {
          throw new GenesisBuildException(
              "Staking." + label + " changed its type to " + entry.path("type").asText());
        }
        return UInt256.of(new BigInteger(entry.path("slot").asText()));
      }
    }
    throw new GenesisBuildException("Staking's storage layout has no " + label);
  }

  private static JsonNode storageLayout() {
    String resource = ContractArtifact.RESOURCE_DIR + GridContract.STAKING.contractName() + ".json";
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      JsonNode layout = new ObjectMapper().readTree(in).get("storageLayout");
      if (layout == null) {
        throw new GenesisBuildException(resource + " has no storageLayout");
      }
      return layout;
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  /**
   * Block 0's extra data (decision 0015): {@code rlp([vanity, [[signer, weight]...], 0, []])}, the
   * vanity being {@code chain.extraData} padded with zeros to 32 bytes.
   */
  static byte[] extraData(byte[] vanityText, List<Elected> set) {
    byte[] vanity = new byte[32];
    System.arraycopy(vanityText, 0, vanity, 0, vanityText.length);
    RlpWriter w = new RlpWriter(128 + 64 * set.size());
    int list = w.startList();
    w.writeBytes(vanity);
    int vs = w.startList();
    for (Elected e : set) {
      int entry = w.startList();
      w.writeBytes(e.signer().toArray());
      w.writeBigInteger(e.weight());
      w.endList(entry);
    }
    w.endList(vs);
    w.writeLong(0);
    w.writeEmptyList();
    w.endList(list);
    return w.toByteArray();
  }
}
