package org.gridledger.sdk.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Verifies a Merkle-Patricia trie proof (Yellow Paper appendix D; the node list of EIP-1186 {@code
 * eth_getProof}): starting from the root hash, each node must hash to the reference its parent
 * holds (nodes shorter than 32 bytes are embedded in their parent), and the path through branch,
 * extension and leaf nodes follows the key's nibbles. The result is the value at the key, or empty
 * when the proof shows the key is absent.
 */
public final class MerkleProof {
  private MerkleProof() {}

  /**
   * The value under {@code path} (the trie key: for the state and storage tries, the Keccak-256 of
   * the address or slot) in the trie with root {@code rootHash}.
   *
   * @throws ProofException if a node is missing, does not hash to its reference, is malformed, or
   *     the path does not lead anywhere the proof covers
   */
  public static Optional<byte[]> verify(byte[] rootHash, byte[] path, List<byte[]> proof)
      throws ProofException {
    byte[] nibbles = nibbles(path);
    int at = 0;
    int next = 0;
    RlpType ref = RlpString.create(rootHash);
    try {
      while (true) {
        RlpList node;
        if (ref instanceof RlpString s) {
          byte[] hash = s.getBytes();
          if (hash.length == 0) {
            return Optional.empty();
          }
          if (hash.length != 32) {
            throw new ProofException("a node reference of " + hash.length + " bytes, not 32");
          }
          if (next >= proof.size()) {
            if (next == 0 && Arrays.equals(hash, EMPTY_TRIE_ROOT)) {
              return Optional.empty();
            }
            throw new ProofException(
                "the proof ends after " + proof.size() + " nodes but the path goes on");
          }
          byte[] encoded = proof.get(next);
          if (!Arrays.equals(keccak(encoded), hash)) {
            throw new ProofException(
                "proof node "
                    + next
                    + " hashes to 0x"
                    + HexFormat.of().formatHex(keccak(encoded))
                    + ", its parent references 0x"
                    + HexFormat.of().formatHex(hash));
          }
          next++;
          node = single(encoded, next - 1);
        } else {
          node = (RlpList) ref;
        }
        List<RlpType> items = node.getValues();
        if (items.size() == 17) {
          if (at == nibbles.length) {
            byte[] value = string(items.get(16), "branch value");
            return value.length == 0 ? Optional.empty() : Optional.of(value);
          }
          ref = items.get(nibbles[at++]);
          if (ref instanceof RlpString s && s.getBytes().length == 0) {
            return Optional.empty();
          }
        } else if (items.size() == 2) {
          byte[] encodedPath = string(items.get(0), "node path");
          if (encodedPath.length == 0) {
            throw new ProofException("a leaf or extension node with an empty path");
          }
          int flag = (encodedPath[0] & 0xff) >> 4;
          if (flag > 3) {
            throw new ProofException("hex-prefix flag " + flag + " is not 0-3");
          }
          boolean leaf = flag >= 2;
          byte[] part = hexPrefixNibbles(encodedPath, (flag & 1) == 1);
          int match = 0;
          while (match < part.length
              && at + match < nibbles.length
              && part[match] == nibbles[at + match]) {
            match++;
          }
          if (match < part.length) {
            return Optional.empty(); // the key diverges from the only path here: absent
          }
          at += part.length;
          if (leaf) {
            if (at != nibbles.length) {
              return Optional.empty();
            }
            return Optional.of(string(items.get(1), "leaf value"));
          }
          ref = items.get(1);
        } else {
          throw new ProofException(
              "a trie node with " + items.size() + " items (2 or 17 expected)");
        }
      }
    } catch (RuntimeException malformed) {
      throw new ProofException("malformed proof node: " + malformed);
    }
  }

  /** keccak256(RLP("")): the root of an empty trie. */
  public static final byte[] EMPTY_TRIE_ROOT =
      HexFormat.of().parseHex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

  static byte[] keccak(byte[] data) {
    return new Keccak.Digest256().digest(data);
  }

  private static RlpList single(byte[] encoded, int index) throws ProofException {
    List<RlpType> top = RlpDecoder.decode(encoded).getValues();
    if (top.size() != 1 || !(top.get(0) instanceof RlpList list)) {
      throw new ProofException("proof node " + index + " is not one RLP list");
    }
    return list;
  }

  private static byte[] string(RlpType t, String what) throws ProofException {
    if (t instanceof RlpString s) {
      return s.getBytes();
    }
    throw new ProofException(what + " is a list, expected bytes");
  }

  private static byte[] nibbles(byte[] bytes) {
    byte[] out = new byte[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = (byte) ((bytes[i] >> 4) & 0xf);
      out[2 * i + 1] = (byte) (bytes[i] & 0xf);
    }
    return out;
  }

  private static byte[] hexPrefixNibbles(byte[] encoded, boolean odd) {
    byte[] all = nibbles(encoded);
    return Arrays.copyOfRange(all, odd ? 1 : 2, all.length);
  }
}
