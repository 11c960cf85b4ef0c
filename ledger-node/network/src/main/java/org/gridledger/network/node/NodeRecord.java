package org.gridledger.network.node;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.evm.crypto.Secp256k1;
import org.gridledger.evm.crypto.Signature;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.network.WireFormatException;

/**
 * An Ethereum Node Record (devp2p enr.md, EIP-778): {@code [signature, seq, k, v, ...]} with keys
 * sorted and unique, at most 300 bytes encoded. Values are kept as their raw RLP encodings, since a
 * value may be any RLP item (the {@code eth} entry is a list). Keys are held as ISO-8859-1 text so
 * that {@link String} order is the byte order the specification sorts by.
 *
 * <p>{@link #decode} checks the structure only; {@link #verifySignature()} checks the "v4" identity
 * scheme (enr.md "v4 Identity Scheme"). Instances are immutable.
 */
public final class NodeRecord {
  /** enr.md "RLP Encoding": the maximum encoded size. */
  public static final int MAX_SIZE = 300;

  private static final Base64.Encoder TEXT_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final byte[] signature;
  private final long seq;
  private final SortedMap<String, byte[]> entries;
  private final byte[] encoded;

  private NodeRecord(
      byte[] signature, long seq, SortedMap<String, byte[]> entries, byte[] encoded) {
    this.signature = signature;
    this.seq = seq;
    this.entries = entries;
    this.encoded = encoded;
  }

  /**
   * Signs a record with the "v4" scheme: adds {@code id = "v4"} and the compressed {@code
   * secp256k1} key to {@code entries} (raw RLP values by key) and signs {@code keccak256(rlp([seq,
   * k, v, ...]))} with {@code r ‖ s}.
   *
   * @throws IllegalArgumentException if the record would exceed 300 bytes
   */
  public static NodeRecord sign(PrivateKey key, long seq, Map<String, byte[]> entries) {
    TreeMap<String, byte[]> all = new TreeMap<>();
    entries.forEach((k, v) -> all.put(k, v.clone()));
    all.put("id", RlpWriter.encodeBytes("v4".getBytes(StandardCharsets.US_ASCII)));
    all.put("secp256k1", RlpWriter.encodeBytes(NodeId.of(key).compressed()));
    byte[] content = encode(null, seq, all);
    Signature sig = Secp256k1.sign(Keccak.hash(content), key);
    byte[] sig64 = new byte[64];
    put32(sig.r(), sig64, 0);
    put32(sig.s(), sig64, 32);
    byte[] encoded = encode(sig64, seq, all);
    if (encoded.length > MAX_SIZE) {
      throw new IllegalArgumentException("record of " + encoded.length + " bytes exceeds 300");
    }
    return new NodeRecord(sig64, seq, Collections.unmodifiableSortedMap(all), encoded);
  }

  /** A raw RLP value holding a big-endian port number, for {@link #sign}'s entries. */
  public static byte[] portValue(int port) {
    return new RlpWriter().writeLong(port).toByteArray();
  }

  /** A raw RLP value holding an IP address (4 or 16 bytes), for {@link #sign}'s entries. */
  public static byte[] ipValue(InetAddress address) {
    return RlpWriter.encodeBytes(address.getAddress());
  }

  /**
   * Decodes a record's RLP and checks its structure (size, sorted unique keys, uint64 seq). The
   * signature is not checked here; see {@link #verifySignature()}.
   *
   * @throws WireFormatException for malformed input
   */
  public static NodeRecord decode(byte[] rlp) {
    if (rlp.length > MAX_SIZE) {
      throw new WireFormatException("record of " + rlp.length + " bytes exceeds 300", 0);
    }
    try {
      RlpReader list = RlpReader.single(rlp).readList();
      byte[] sig = list.readBytes();
      long seq = list.readUnsignedLong();
      TreeMap<String, byte[]> entries = new TreeMap<>();
      String previous = null;
      while (list.hasNext()) {
        int at = list.position();
        String key = new String(list.readBytes(), StandardCharsets.ISO_8859_1);
        if (!list.hasNext()) {
          throw new WireFormatException("key '" + key + "' has no value", at);
        }
        if (previous != null && key.compareTo(previous) <= 0) {
          throw new WireFormatException("keys are not sorted and unique at '" + key + "'", at);
        }
        entries.put(key, list.readRaw());
        previous = key;
      }
      return new NodeRecord(sig, seq, Collections.unmodifiableSortedMap(entries), rlp.clone());
    } catch (RlpException e) {
      throw new WireFormatException("malformed node record: " + e.getMessage(), e.offset(), e);
    }
  }

  /**
   * Decodes the text form {@code enr:<base64url without padding>} (enr.md "Text Encoding").
   *
   * @throws WireFormatException for malformed text or a malformed record
   */
  public static NodeRecord fromText(String text) {
    if (!text.startsWith("enr:")) {
      throw new WireFormatException("node record text must start with enr:", 0);
    }
    byte[] rlp;
    try {
      rlp = Base64.getUrlDecoder().decode(text.substring(4));
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("node record is not base64url: " + e.getMessage(), 4, e);
    }
    return decode(rlp);
  }

  /** The text form {@code enr:...}. */
  public String toText() {
    return "enr:" + TEXT_ENCODER.encodeToString(encoded);
  }

  /**
   * Whether the record is validly signed under the "v4" identity scheme: {@code id} is "v4", the
   * {@code secp256k1} entry is a compressed curve point, and the 64-byte {@code r ‖ s} signature
   * over {@code keccak256(rlp([seq, k, v, ...]))} verifies against it. Never throws.
   */
  public boolean verifySignature() {
    if (!"v4".equals(identityScheme().orElse(null)) || signature.length != 64) {
      return false;
    }
    Optional<NodeId> id = publicKey();
    if (id.isEmpty()) {
      return false;
    }
    byte[] hash = Keccak.hash(encode(null, seq, entries));
    Signature sig =
        new Signature(
            new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
            new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)),
            0);
    return Secp256k1.verify(hash, sig, id.get().toArray());
  }

  /** The {@code id} entry (the identity scheme name), if it is a string. */
  public Optional<String> identityScheme() {
    return stringValue("id").map(b -> new String(b, StandardCharsets.ISO_8859_1));
  }

  /** The public key of the {@code secp256k1} entry, if present and a valid compressed point. */
  public Optional<NodeId> publicKey() {
    Optional<byte[]> key = stringValue("secp256k1");
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(NodeId.fromCompressed(key.get()));
    } catch (WireFormatException e) {
      return Optional.empty();
    }
  }

  /** The "v4" node address: keccak256 of the uncompressed public key, if the key is present. */
  public Optional<Hash> nodeAddress() {
    return publicKey().map(NodeId::keccak);
  }

  /** The {@code ip} entry (4 bytes), if present and well-formed. */
  public Optional<InetAddress> ip() {
    return stringValue("ip")
        .filter(b -> b.length == 4)
        .map(
            b -> {
              try {
                return InetAddress.getByAddress(b);
              } catch (UnknownHostException e) {
                throw new IllegalStateException("4 bytes are always an address", e);
              }
            });
  }

  /** The {@code udp} port, if present and a uint16. */
  public OptionalInt udp() {
    return port("udp");
  }

  /** The {@code tcp} port, if present and a uint16. */
  public OptionalInt tcp() {
    return port("tcp");
  }

  private OptionalInt port(String key) {
    byte[] raw = entries.get(key);
    if (raw == null) {
      return OptionalInt.empty();
    }
    try {
      RlpReader r = RlpReader.single(raw);
      long v = r.readLong();
      return v <= 0xffff ? OptionalInt.of((int) v) : OptionalInt.empty();
    } catch (RlpException e) {
      return OptionalInt.empty();
    }
  }

  private Optional<byte[]> stringValue(String key) {
    byte[] raw = entries.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      RlpReader r = RlpReader.single(raw);
      return r.nextIsList() ? Optional.empty() : Optional.of(r.readBytes());
    } catch (RlpException e) {
      return Optional.empty();
    }
  }

  /** The raw RLP value of an entry. */
  public Optional<byte[]> rawValue(String key) {
    byte[] raw = entries.get(key);
    return raw == null ? Optional.empty() : Optional.of(raw.clone());
  }

  public long seq() {
    return seq;
  }

  /** The keys in record order. */
  public java.util.Set<String> keys() {
    return entries.keySet();
  }

  /** The canonical RLP encoding. */
  public byte[] encoded() {
    return encoded.clone();
  }

  private static byte[] encode(byte[] signature, long seq, SortedMap<String, byte[]> entries) {
    RlpWriter w = new RlpWriter();
    int mark = w.startList();
    if (signature != null) {
      w.writeBytes(signature);
    }
    w.writeUnsignedLong(seq);
    entries.forEach(
        (k, v) -> {
          w.writeBytes(k.getBytes(StandardCharsets.ISO_8859_1));
          w.writeRaw(v);
        });
    return w.endList(mark).toByteArray();
  }

  private static void put32(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeRecord other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "NodeRecord(seq=" + seq + ", keys=" + entries.keySet() + ")";
  }
}
