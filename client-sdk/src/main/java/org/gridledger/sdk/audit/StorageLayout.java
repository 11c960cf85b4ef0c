package org.gridledger.sdk.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.contracts.ContractArtifact;
import org.web3j.utils.Numeric;

/**
 * Where a Reservations contract record lives in storage, from the compiler's storage layout in the
 * committed artifact (contracts/build/Reservations.json): the {@code contracts} mapping's slot and
 * the struct's members (slot, byte offset, size), so the proven slots can be decoded field by field
 * (Solidity docs, "Layout of State Variables in Storage": mapping value at {@code
 * keccak256(pad32(key) ‖ pad32(slot))}, members packed low-order first).
 */
public record StorageLayout(BigInteger mappingSlot, int structSlots, List<Member> members) {

  /**
   * A value-type member: relative slot, byte offset from the low end, size, Solidity type label.
   */
  public record Member(String name, int slot, int offset, int bytes, String type) {}

  /** The layout of {@code Reservations.contracts}. */
  public static StorageLayout reservationsContracts() {
    try {
      JsonNode layout =
          new ObjectMapper().readTree(ContractArtifact.load("Reservations").storageLayout());
      JsonNode types = layout.path("types");
      for (JsonNode var : layout.path("storage")) {
        if (var.path("label").asText().equals("contracts")) {
          String structType = types.path(var.path("type").asText()).path("value").asText();
          JsonNode struct = types.path(structType);
          List<Member> members = new ArrayList<>();
          flatten(types, struct, "", 0, members);
          return new StorageLayout(
              new BigInteger(var.path("slot").asText()),
              struct.path("numberOfBytes").asInt() / 32,
              List.copyOf(members));
        }
      }
      throw new IllegalStateException("Reservations has no 'contracts' variable in its layout");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void flatten(
      JsonNode types, JsonNode struct, String prefix, int base, List<Member> out) {
    for (JsonNode m : struct.path("members")) {
      JsonNode type = types.path(m.path("type").asText());
      int slot = base + m.path("slot").asInt();
      String name = prefix + m.path("label").asText();
      if (type.has("members")) {
        flatten(types, type, name + ".", slot, out);
      } else {
        out.add(
            new Member(
                name,
                slot,
                m.path("offset").asInt(),
                type.path("numberOfBytes").asInt(),
                type.path("label").asText()));
      }
    }
  }

  /** The first storage slot of record {@code id}. */
  public BigInteger baseSlot(long id) {
    byte[] in = new byte[64];
    byte[] key = Numeric.toBytesPadded(BigInteger.valueOf(id), 32);
    byte[] slot = Numeric.toBytesPadded(mappingSlot, 32);
    System.arraycopy(key, 0, in, 0, 32);
    System.arraycopy(slot, 0, in, 32, 32);
    return new BigInteger(1, MerkleProof.keccak(in));
  }

  /** A member's value out of the record's slot values. */
  public static BigInteger extract(Member m, List<BigInteger> slots) {
    BigInteger word = slots.get(m.slot());
    return word.shiftRight(8 * m.offset())
        .and(BigInteger.ONE.shiftLeft(8 * m.bytes()).subtract(BigInteger.ONE));
  }
}
