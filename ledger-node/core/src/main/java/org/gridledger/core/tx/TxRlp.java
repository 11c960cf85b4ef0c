package org.gridledger.core.tx;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;

/** RLP pieces shared by the transaction types: field writers and a strict, named field reader. */
final class TxRlp {
  private TxRlp() {}

  /** Writes an unsigned 64-bit integer (nonce, gas limit) in minimal form. */
  static void writeU64(RlpWriter w, long unsigned) {
    if (unsigned >= 0) {
      w.writeLong(unsigned);
      return;
    }
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (unsigned >>> (56 - 8 * i));
    }
    w.writeBytes(b);
  }

  static void writeUInt256(RlpWriter w, UInt256 v) {
    if (v.fitsLong()) {
      w.writeLong(v.u0());
    } else {
      w.writeBytes(v.toMinimalBytes());
    }
  }

  static void writeTo(RlpWriter w, Optional<Address> to) {
    if (to.isPresent()) {
      w.writeBytes(to.get().unsafeBytes());
    } else {
      w.writeBytes(new byte[0]);
    }
  }

  static void writeAccessList(RlpWriter w, List<AccessListEntry> accessList) {
    int list = w.startList();
    for (AccessListEntry e : accessList) {
      int entry = w.startList();
      w.writeBytes(e.address().unsafeBytes());
      writeHashes(w, e.storageKeys());
      w.endList(entry);
    }
    w.endList(list);
  }

  static void writeHashes(RlpWriter w, List<Hash> hashes) {
    int list = w.startList();
    for (Hash h : hashes) {
      w.writeBytes(h.unsafeBytes());
    }
    w.endList(list);
  }

  /** A writer that already holds the EIP-2718 type byte, ready for the payload list. */
  static RlpWriter typedWriter(TransactionType type, int sizeHint) {
    RlpWriter w = new RlpWriter(sizeHint);
    w.writeRaw(new byte[] {(byte) type.code()});
    return w;
  }

  /** Number of storage keys over all entries, as intrinsic gas charges them. */
  static long storageKeyCount(List<AccessListEntry> accessList) {
    long n = 0;
    for (AccessListEntry e : accessList) {
      n += e.storageKeys().size();
    }
    return n;
  }

  /** Hex of {@code data}, cut after 64 bytes so that a large init code does not flood a log. */
  static String abbreviate(byte[] data) {
    if (data.length <= 64) {
      return Hex.encode(data);
    }
    return "0x" + Hex.encodeNoPrefix(data, 0, 64) + "…(" + data.length + " bytes)";
  }

  /**
   * Reads the fields of one transaction payload in order. Every failure becomes a {@link
   * TransactionDecodingException} naming the field.
   */
  static final class FieldReader {
    private final RlpReader r;
    private final String container;

    FieldReader(RlpReader r, String container) {
      this.r = r;
      this.container = container;
    }

    /** An unsigned integer of at most 64 bits, returned as a {@code long} to read unsigned. */
    long u64(String field) {
      present(field);
      try {
        return r.readBigInteger(8).longValue();
      } catch (RlpException e) {
        throw TransactionDecodingException.inField(field, e);
      }
    }

    UInt256 u256(String field) {
      present(field);
      try {
        return UInt256.of(r.readUInt256());
      } catch (RlpException e) {
        throw TransactionDecodingException.inField(field, e);
      }
    }

    /** A y parity: an integer that must be 0 or 1. */
    int yParity(String field) {
      present(field);
      int at = r.position();
      BigInteger v;
      try {
        v = r.readUInt256();
      } catch (RlpException e) {
        throw TransactionDecodingException.inField(field, e);
      }
      if (v.compareTo(BigInteger.ONE) > 0) {
        throw new TransactionDecodingException(field + " must be 0 or 1, got " + v, at);
      }
      return v.intValue();
    }

    /** A recipient: 20 bytes, or the empty string for a contract creation. */
    Optional<Address> to(String field) {
      present(field);
      int at = r.position();
      byte[] b = bytes(field);
      if (b.length == 0) {
        return Optional.empty();
      }
      if (b.length != Address.SIZE) {
        throw new TransactionDecodingException(
            field + ": an address is 20 bytes (or empty for a creation), got " + b.length, at);
      }
      return Optional.of(Address.wrap(b));
    }

    byte[] bytes(String field) {
      present(field);
      try {
        return r.readBytes();
      } catch (RlpException e) {
        throw TransactionDecodingException.inField(field, e);
      }
    }

    List<AccessListEntry> accessList(String field) {
      present(field);
      try {
        RlpReader list = r.readList();
        List<AccessListEntry> out = new ArrayList<>();
        while (list.hasNext()) {
          RlpReader entry = list.readList();
          Address address = Address.wrap(entry.readBytes(Address.SIZE, "access list address"));
          List<Hash> keys = hashList(entry.readList(), "access list storage key");
          entry.ensureEnd("access list entry");
          out.add(new AccessListEntry(address, keys));
        }
        return out;
      } catch (RlpException e) {
        throw TransactionDecodingException.inField(field, e);
      }
    }

    List<Hash> hashes(String field) {
      present(field);
      try {
        return hashList(r.readList(), field);
      } catch (RlpException e) {
        throw TransactionDecodingException.inField(field, e);
      }
    }

    /** Fails if the payload has fields after the last one read. */
    void end() {
      if (r.hasNext()) {
        throw new TransactionDecodingException(
            container + " has more fields than its type defines", r.position());
      }
    }

    private static List<Hash> hashList(RlpReader list, String what) {
      List<Hash> out = new ArrayList<>();
      while (list.hasNext()) {
        out.add(Hash.wrap(list.readBytes(Hash.SIZE, what)));
      }
      return out;
    }

    private void present(String field) {
      if (!r.hasNext()) {
        throw new TransactionDecodingException(
            container + " has too few fields: " + field + " is missing", r.position());
      }
    }
  }
}
