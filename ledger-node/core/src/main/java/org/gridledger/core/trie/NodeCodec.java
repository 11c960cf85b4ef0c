package org.gridledger.core.trie;

import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
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
  private static final byte[] NO_BYTES = new byte[0];

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

  static byte[] encode(Leaf leaf) {
    byte[] path = HexPrefix.encode(leaf.path, true);
    RlpWriter w = new RlpWriter(path.length + leaf.value.length + 12);
    int list = w.startList();
    w.writeBytes(path);
    w.writeBytes(leaf.value);
    return w.endList(list).toByteArray();
  }

  static byte[] encode(Extension ext) {
    byte[] path = HexPrefix.encode(ext.path, false);
    RlpWriter w = new RlpWriter(path.length + 40);
    int list = w.startList();
    w.writeBytes(path);
    writeRef(w, ext.child);
    return w.endList(list).toByteArray();
  }

  static byte[] encode(Branch branch) {
    RlpWriter w = new RlpWriter(17 * 33 + branch.value.length + 8);
    int list = w.startList();
    for (TrieNode child : branch.children) {
      writeRef(w, child);
    }
    w.writeBytes(branch.value);
    return w.endList(list).toByteArray();
  }

  /** Writes how a parent refers to {@code child}: inline when small, else by hash. */
  static void writeRef(RlpWriter w, TrieNode child) {
    switch (child) {
      case Empty e -> w.writeBytes(NO_BYTES);
      case HashRef h -> w.writeBytes(h.hash.unsafeBytes());
      default -> {
        NodeEncoding enc = encoding(child);
        if (enc.embedded()) {
          w.writeRaw(enc.rlp);
        } else {
          w.writeBytes(enc.hash.unsafeBytes());
        }
      }
    }
  }

  /**
   * Decodes a node, keeping {@code rlp} (not copied, never modified) as its cached encoding.
   *
   * @param hash Keccak-256 of {@code rlp} if the caller knows it, else null (then computed when
   *     {@code rlp} is 32 bytes or longer)
   * @param stored whether the node is known to be in the node store already
   */
  static TrieNode decode(byte[] rlp, Hash hash, boolean stored) {
    byte[][] items = new byte[17][];
    int count = 0;
    try {
      RlpReader list = RlpReader.single(rlp).readList();
      while (list.hasNext()) {
        if (count == 17) {
          throw new InvalidTrieNodeException("trie node has more than 17 items");
        }
        items[count++] = list.readRaw();
      }
    } catch (RlpException e) {
      throw new InvalidTrieNodeException("trie node is not a well-formed RLP list: " + e, e);
    }
    Hash h = hash != null || rlp.length < NodeEncoding.EMBED_LIMIT ? hash : Keccak.of(rlp);
    NodeEncoding enc = new NodeEncoding(rlp, h, stored);
    if (count == 2) {
      HexPrefix.Path path = HexPrefix.decode(string(items[0], "path"));
      if (path.leaf()) {
        return new Leaf(path.nibbles(), string(items[1], "leaf value"), enc);
      }
      if (path.nibbles().length == 0) {
        throw new InvalidTrieNodeException("extension node has an empty path");
      }
      TrieNode child = decodeRef(items[1]);
      if (child instanceof Empty) {
        throw new InvalidTrieNodeException("extension node has no child");
      }
      return new Extension(path.nibbles(), child, enc);
    }
    if (count == 17) {
      TrieNode[] children = new TrieNode[Branch.WIDTH];
      for (int i = 0; i < Branch.WIDTH; i++) {
        children[i] = decodeRef(items[i]);
      }
      return new Branch(children, string(items[16], "branch value"), enc);
    }
    throw new InvalidTrieNodeException("trie node has " + count + " items, expected 2 or 17");
  }

  /** A child reference: empty, a 32-byte hash, or an embedded node shorter than 32 bytes. */
  private static TrieNode decodeRef(byte[] raw) {
    if ((raw[0] & 0xff) >= 0xc0) {
      if (raw.length >= NodeEncoding.EMBED_LIMIT) {
        throw new InvalidTrieNodeException(
            "embedded node of " + raw.length + " bytes must be referenced by hash");
      }
      return decode(raw, null, true);
    }
    byte[] ref = string(raw, "child reference");
    if (ref.length == 0) {
      return Empty.INSTANCE;
    }
    if (ref.length != Hash.SIZE) {
      throw new InvalidTrieNodeException(
          "child reference of " + ref.length + " bytes is neither empty nor a 32-byte hash");
    }
    return new HashRef(Hash.wrap(ref));
  }

  private static byte[] string(byte[] raw, String what) {
    try {
      RlpReader r = RlpReader.single(raw);
      if (r.nextIsList()) {
        throw new InvalidTrieNodeException(what + " is a list, expected a string");
      }
      return r.readBytes();
    } catch (RlpException e) {
      throw new InvalidTrieNodeException(what + " is not well-formed RLP: " + e, e);
    }
  }
}
