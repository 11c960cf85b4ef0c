package org.gridledger.core.trie;

import java.util.Arrays;
import org.gridledger.evm.types.Hash;

/**
 * A node of a Merkle-Patricia trie (Yellow Paper, appendix D). Nodes are immutable; an update
 * builds new nodes along the changed path and shares every other node with the previous version.
 *
 * <p>Each {@link Leaf}, {@link Extension} and {@link Branch} computes its RLP encoding (and, when
 * that is 32 bytes or longer, its Keccak-256 hash) at most once and keeps it, so the root hash
 * after a batch of updates re-hashes only the paths that changed. A {@link HashRef} stands for a
 * node that lives in a {@link NodeStore} and has not been loaded; {@link Empty} is the empty trie
 * and an unused branch slot.
 *
 * <p>Paths are nibble arrays (one nibble, 0..15, per byte). Accessors return copies.
 */
public sealed interface TrieNode
    permits TrieNode.Empty, TrieNode.Leaf, TrieNode.Extension, TrieNode.Branch, TrieNode.HashRef {

  /**
   * Decodes one node from its RLP. Children referenced by hash become {@link HashRef}s; embedded
   * children (RLP shorter than 32 bytes) are decoded in place.
   *
   * @throws InvalidTrieNodeException if {@code rlp} is not a well-formed node
   */
  static TrieNode decode(byte[] rlp) {
    return NodeCodec.decode(rlp.clone(), null, false);
  }

  /** The empty trie, and the content of an unused branch slot. Encoded as the empty string. */
  final class Empty implements TrieNode {
    static final Empty INSTANCE = new Empty();

    private Empty() {}

    @Override
    public String toString() {
      return "Empty";
    }
  }

  /** The end of a path: the remaining key nibbles and the value stored under the key. */
  final class Leaf implements TrieNode {
    final byte[] path;
    final byte[] value;
    private NodeEncoding encoding;

    /** Takes ownership of both arrays. */
    Leaf(byte[] path, byte[] value) {
      this.path = path;
      this.value = value;
    }

    Leaf(byte[] path, byte[] value, NodeEncoding encoding) {
      this(path, value);
      this.encoding = encoding;
    }

    public byte[] path() {
      return path.clone();
    }

    public byte[] value() {
      return value.clone();
    }

    NodeEncoding encoding() {
      NodeEncoding e = encoding;
      if (e == null) {
        e = NodeEncoding.of(NodeCodec.encode(this));
        encoding = e;
      }
      return e;
    }

    void markStored() {
      encoding = encoding().asStored();
    }

    @Override
    public String toString() {
      return "Leaf" + Arrays.toString(path);
    }
  }

  /** A run of nibbles shared by every key below it, followed by one child (a branch). */
  final class Extension implements TrieNode {
    final byte[] path;
    final TrieNode child;
    private NodeEncoding encoding;

    /** Takes ownership of {@code path}, which must not be empty. */
    Extension(byte[] path, TrieNode child) {
      this.path = path;
      this.child = child;
    }

    Extension(byte[] path, TrieNode child, NodeEncoding encoding) {
      this(path, child);
      this.encoding = encoding;
    }

    public byte[] path() {
      return path.clone();
    }

    public TrieNode child() {
      return child;
    }

    NodeEncoding encoding() {
      NodeEncoding e = encoding;
      if (e == null) {
        e = NodeEncoding.of(NodeCodec.encode(this));
        encoding = e;
      }
      return e;
    }

    void markStored() {
      encoding = encoding().asStored();
    }

    @Override
    public String toString() {
      return "Extension" + Arrays.toString(path);
    }
  }

  /**
   * Sixteen children, one per next nibble, and the value of the key that ends here (empty when
   * none).
   */
  final class Branch implements TrieNode {
    static final int WIDTH = 16;

    final TrieNode[] children;
    final byte[] value;
    private NodeEncoding encoding;

    /** Takes ownership of both arrays; {@code children} has 16 non-null entries. */
    Branch(TrieNode[] children, byte[] value) {
      this.children = children;
      this.value = value;
    }

    Branch(TrieNode[] children, byte[] value, NodeEncoding encoding) {
      this(children, value);
      this.encoding = encoding;
    }

    /** A branch with no children and no value, to be filled by the caller before it is shared. */
    static TrieNode[] emptyChildren() {
      TrieNode[] c = new TrieNode[WIDTH];
      Arrays.fill(c, Empty.INSTANCE);
      return c;
    }

    public TrieNode child(int nibble) {
      return children[nibble];
    }

    public byte[] value() {
      return value.clone();
    }

    Branch withChild(int nibble, TrieNode child) {
      TrieNode[] c = children.clone();
      c[nibble] = child;
      return new Branch(c, value);
    }

    Branch withValue(byte[] newValue) {
      return new Branch(children, newValue);
    }

    NodeEncoding encoding() {
      NodeEncoding e = encoding;
      if (e == null) {
        e = NodeEncoding.of(NodeCodec.encode(this));
        encoding = e;
      }
      return e;
    }

    void markStored() {
      encoding = encoding().asStored();
    }

    @Override
    public String toString() {
      return "Branch";
    }
  }

  /** A node known only by the hash of its RLP; it is loaded from the node store when needed. */
  final class HashRef implements TrieNode {
    final Hash hash;

    HashRef(Hash hash) {
      this.hash = hash;
    }

    public Hash hash() {
      return hash;
    }

    @Override
    public String toString() {
      return "HashRef(" + hash + ")";
    }
  }
}
