package org.gridledger.core.trie;

import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.trie.TrieNode.Branch;
import org.gridledger.core.trie.TrieNode.Empty;
import org.gridledger.core.trie.TrieNode.Extension;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.core.trie.TrieNode.Leaf;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * RLP of trie nodes (Yellow Paper, appendix D): a leaf is {@code [HP(path, leaf), value]}, an
 * extension {@code [HP(path, ext), ref(child)]}, a branch {@code [ref(c0) .. ref(c15), value]}. A
 * child reference is the child's RLP inlined when shorter than 32 bytes, otherwise the RLP string
 * of its Keccak-256 hash; an empty slot is the empty string.
 */
final class NodeCodec {
  private NodeCodec() {}

  /** The cached encoding of a node that has one (not {@link Empty} or {@link HashRef}). */
  static NodeEncoding encoding(TrieNode node) {
    return switch (node) {
      case Leaf l -> l.encoding();
      case Extension e -> e.encoding();
      case Branch b -> b.encoding();
      case Empty e -> throw new IllegalStateException("the empty node has no cached encoding");
      case HashRef h -> throw new IllegalStateException("node " + h.hash + " is not loaded");
    };
  }

  // Encoding writes straight into an array of the exact size: root hashing after a large batch of
  // updates encodes every new node once, and this is most of its cost after Keccak itself.

  static byte[] encode(Leaf leaf) {
    int payload = pathSize(leaf.path) + stringSize(leaf.value);
    byte[] out = new byte[headerSize(payload) + payload];
    int pos = writeHeader(out, 0, 0xc0, payload);
    pos = writePath(out, pos, leaf.path, true);
    writeString(out, pos, leaf.value);
    return out;
  }

  static byte[] encode(Extension ext) {
    int payload = pathSize(ext.path) + refSize(ext.child);
    byte[] out = new byte[headerSize(payload) + payload];
    int pos = writeHeader(out, 0, 0xc0, payload);
    pos = writePath(out, pos, ext.path, false);
    writeRef(out, pos, ext.child);
    return out;
  }

  static byte[] encode(Branch branch) {
    int payload = stringSize(branch.value);
    for (TrieNode child : branch.children) {
      payload += refSize(child);
    }
    byte[] out = new byte[headerSize(payload) + payload];
    int pos = writeHeader(out, 0, 0xc0, payload);
    for (TrieNode child : branch.children) {
      pos = writeRef(out, pos, child);
    }
    writeString(out, pos, branch.value);
    return out;
  }

  /** Size of a child reference: the empty string, a hash string, or the embedded node itself. */
  private static int refSize(TrieNode child) {
    return switch (child) {
      case Empty e -> 1;
      case HashRef h -> 1 + Hash.SIZE;
      default -> {
        NodeEncoding enc = encoding(child);
        yield enc.embedded() ? enc.rlp.length : 1 + Hash.SIZE;
      }
    };
  }

  /** Writes how a parent refers to {@code child}: inline when small, else by hash. */
  private static int writeRef(byte[] out, int pos, TrieNode child) {
    switch (child) {
      case Empty e -> {
        out[pos] = (byte) 0x80;
        return pos + 1;
      }
      case HashRef h -> {
        return writeHash(out, pos, h.hash);
      }
      default -> {
        NodeEncoding enc = encoding(child);
        if (!enc.embedded()) {
          return writeHash(out, pos, enc.hash);
        }
        System.arraycopy(enc.rlp, 0, out, pos, enc.rlp.length);
        return pos + enc.rlp.length;
      }
    }
  }

  private static int writeHash(byte[] out, int pos, Hash hash) {
    out[pos] = (byte) (0x80 + Hash.SIZE);
    System.arraycopy(hash.unsafeBytes(), 0, out, pos + 1, Hash.SIZE);
    return pos + 1 + Hash.SIZE;
  }

  /** Size of the RLP string holding the hex-prefix form of {@code nibbles}. */
  private static int pathSize(byte[] nibbles) {
    int len = nibbles.length / 2 + 1;
    // A one-byte hex-prefix path starts with flag nibble 0..3, so it is below 0x80: no header.
    return len == 1 ? 1 : headerSize(len) + len;
  }

  private static int writePath(byte[] out, int pos, byte[] nibbles, boolean leaf) {
    int len = nibbles.length / 2 + 1;
    if (len > 1) {
      pos = writeHeader(out, pos, 0x80, len);
    }
    boolean odd = (nibbles.length & 1) != 0;
    int flag = (leaf ? 2 : 0) | (odd ? 1 : 0);
    int i = 0;
    out[pos++] = (byte) (odd ? (flag << 4) | nibbles[i++] : flag << 4);
    while (i < nibbles.length) {
      out[pos++] = (byte) ((nibbles[i] << 4) | nibbles[i + 1]);
      i += 2;
    }
    return pos;
  }

  private static int stringSize(byte[] b) {
    if (b.length == 1 && (b[0] & 0xff) < 0x80) {
      return 1;
    }
    return headerSize(b.length) + b.length;
  }

  private static int writeString(byte[] out, int pos, byte[] b) {
    if (b.length == 1 && (b[0] & 0xff) < 0x80) {
      out[pos] = b[0];
      return pos + 1;
    }
    pos = writeHeader(out, pos, 0x80, b.length);
    System.arraycopy(b, 0, out, pos, b.length);
    return pos + b.length;
  }

  private static int headerSize(int len) {
    return len < 56 ? 1 : 1 + byteLength(len);
  }

  /** RLP header for a string ({@code base} 0x80) or list ({@code base} 0xc0) of {@code len}. */
  private static int writeHeader(byte[] out, int pos, int base, int len) {
    if (len < 56) {
      out[pos] = (byte) (base + len);
      return pos + 1;
    }
    int n = byteLength(len);
    out[pos++] = (byte) (base + 55 + n);
    for (int i = n - 1; i >= 0; i--) {
      out[pos++] = (byte) (len >>> (8 * i));
    }
    return pos;
  }

  private static int byteLength(int len) {
    return (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
  }

  /**
   * Decodes a node, keeping {@code rlp} (not copied, never modified) as its cached encoding.
   *
   * @param hash Keccak-256 of {@code rlp} if the caller knows it, else null (then computed when
   *     {@code rlp} is 32 bytes or longer)
   * @param stored whether the node is known to be in the node store already
   */
  static TrieNode decode(byte[] rlp, Hash hash, boolean stored) {
    // Each item is read once from the node's own bytes: a string's payload (a path, a value, a
    // 32-byte child hash) or, for a list, an embedded node's whole encoding. Copying every item
    // raw and then reading it again through a reader of its own was a twentieth of a loaded
    // devnet node's allocation (docs/performance.md).
    byte[][] items = new byte[17][];
    int lists = 0; // bit i: item i is a list (an embedded node)
    int count = 0;
    try {
      RlpReader list = RlpReader.single(rlp).readList();
      while (list.hasNext()) {
        if (count == 17) {
          throw new InvalidTrieNodeException("trie node has more than 17 items");
        }
        if (list.nextIsList()) {
          lists |= 1 << count;
          items[count++] = list.readRaw();
        } else {
          items[count++] = list.readBytes();
        }
      }
    } catch (RlpException e) {
      throw new InvalidTrieNodeException("trie node is not a well-formed RLP list: " + e, e);
    }
    Hash h = hash != null || rlp.length < NodeEncoding.EMBED_LIMIT ? hash : Keccak.of(rlp);
    NodeEncoding enc = new NodeEncoding(rlp, h, stored);
    if (count == 2) {
      HexPrefix.Path path = HexPrefix.decode(string(items, lists, 0, "path"));
      if (path.leaf()) {
        return new Leaf(path.nibbles(), string(items, lists, 1, "leaf value"), enc);
      }
      if (path.nibbles().length == 0) {
        throw new InvalidTrieNodeException("extension node has an empty path");
      }
      TrieNode child = decodeRef(items, lists, 1);
      if (child instanceof Empty) {
        throw new InvalidTrieNodeException("extension node has no child");
      }
      return new Extension(path.nibbles(), child, enc);
    }
    if (count == 17) {
      TrieNode[] children = new TrieNode[Branch.WIDTH];
      for (int i = 0; i < Branch.WIDTH; i++) {
        children[i] = decodeRef(items, lists, i);
      }
      return new Branch(children, string(items, lists, 16, "branch value"), enc);
    }
    throw new InvalidTrieNodeException("trie node has " + count + " items, expected 2 or 17");
  }

  /**
   * Item {@code i} as a child reference: empty, a 32-byte hash, or an embedded node shorter than 32
   * bytes.
   */
  private static TrieNode decodeRef(byte[][] items, int lists, int i) {
    byte[] item = items[i];
    if ((lists & (1 << i)) != 0) {
      if (item.length >= NodeEncoding.EMBED_LIMIT) {
        throw new InvalidTrieNodeException(
            "embedded node of " + item.length + " bytes must be referenced by hash");
      }
      return decode(item, null, true);
    }
    if (item.length == 0) {
      return Empty.INSTANCE;
    }
    if (item.length != Hash.SIZE) {
      throw new InvalidTrieNodeException(
          "child reference of " + item.length + " bytes is neither empty nor a 32-byte hash");
    }
    return new HashRef(Hash.wrap(item));
  }

  /** Item {@code i}'s payload, which must be a string. */
  private static byte[] string(byte[][] items, int lists, int i, String what) {
    if ((lists & (1 << i)) != 0) {
      throw new InvalidTrieNodeException(what + " is a list, expected a string");
    }
    return items[i];
  }
}
