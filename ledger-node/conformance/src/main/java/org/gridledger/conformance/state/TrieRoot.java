package org.gridledger.conformance.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Root hash of a Merkle-Patricia trie built from scratch (Yellow Paper appendix D), for the state
 * tests until {@code core.trie} is available. Keys must all have the same length (they are hashes
 * in a secure trie), so no value sits in a branch node.
 */
final class TrieRoot {
  private TrieRoot() {}

  /** The root of a trie holding {@code entries} (key → RLP-encoded value). */
  static Hash of(Map<byte[], byte[]> entries) {
    if (entries.isEmpty()) {
      return Keccak.EMPTY_TRIE;
    }
    TreeMap<String, byte[]> sorted = new TreeMap<>();
    for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
      sorted.put(nibbles(e.getKey()), e.getValue());
    }
    List<String> keys = new ArrayList<>(sorted.keySet());
    List<byte[]> values = new ArrayList<>(sorted.values());
    return Hash.wrap(Keccak.hash(node(keys, values, 0, keys.size(), 0)));
  }

  private static String nibbles(byte[] key) {
    StringBuilder sb = new StringBuilder(key.length * 2);
    for (byte b : key) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  /** RLP of the node holding keys[from, to), which share their first {@code depth} nibbles. */
  private static byte[] node(List<String> keys, List<byte[]> values, int from, int to, int depth) {
    if (to - from == 1) {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      w.writeBytes(hexPrefix(keys.get(from).substring(depth), true));
      w.writeBytes(values.get(from));
      w.endList(mark);
      return w.toByteArray();
    }
    String first = keys.get(from);
    String last = keys.get(to - 1);
    int common = depth;
    while (common < first.length() && first.charAt(common) == last.charAt(common)) {
      common++;
    }
    if (common > depth) {
      RlpWriter w = new RlpWriter();
      int mark = w.startList();
      w.writeBytes(hexPrefix(first.substring(depth, common), false));
      writeRef(w, node(keys, values, from, to, common));
      w.endList(mark);
      return w.toByteArray();
    }
    RlpWriter w = new RlpWriter();
    int mark = w.startList();
    int i = from;
    for (int nibble = 0; nibble < 16; nibble++) {
      int j = i;
      char c = Character.forDigit(nibble, 16);
      while (j < to && keys.get(j).charAt(depth) == c) {
        j++;
      }
      if (j == i) {
        w.writeBytes(new byte[0]);
      } else {
        writeRef(w, node(keys, values, i, j, depth + 1));
      }
      i = j;
    }
    w.writeBytes(new byte[0]);
    w.endList(mark);
    return w.toByteArray();
  }

  private static void writeRef(RlpWriter w, byte[] child) {
    if (child.length < 32) {
      w.writeRaw(child);
    } else {
      w.writeBytes(Keccak.hash(child));
    }
  }

  private static byte[] hexPrefix(String nibbles, boolean leaf) {
    int flag = (leaf ? 2 : 0) + (nibbles.length() % 2);
    String all =
        (flag % 2 == 1 ? Integer.toHexString(flag) : Integer.toHexString(flag) + "0") + nibbles;
    byte[] out = new byte[all.length() / 2];
    for (int k = 0; k < out.length; k++) {
      out[k] = (byte) Integer.parseInt(all.substring(2 * k, 2 * k + 2), 16);
    }
    return out;
  }
}
