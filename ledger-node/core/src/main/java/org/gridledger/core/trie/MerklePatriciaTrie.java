package org.gridledger.core.trie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridledger.core.trie.TrieNode.Branch;
import org.gridledger.core.trie.TrieNode.Empty;
import org.gridledger.core.trie.TrieNode.Extension;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.core.trie.TrieNode.Leaf;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;

/**
 * Ethereum's Merkle-Patricia trie (Yellow Paper, appendix D) over raw byte keys.
 *
 * <p>The trie is a mutable handle on an immutable tree of {@link TrieNode}s: {@link #put} and
 * {@link #remove} replace the nodes along one path and share the rest, and {@link #copy()} is O(1).
 * Encodings and hashes are computed lazily and cached per node, so {@link #rootHash()} after many
 * updates hashes only the new nodes.
 *
 * <p>A trie opened from a root hash loads nodes from its {@link NodeStore} as paths are walked;
 * {@link #get} does not keep what it loads, updates keep the nodes of the paths they touch. A node
 * missing from the store raises {@link MissingTrieNodeException}. When the store has a {@link
 * TrieNodeCache}, loads look there first and the upper nodes a walk loads or a commit stores are
 * kept there for the next trie over the same store.
 *
 * <p>Ethereum tries never hold an empty value, so an empty value means "absent": {@link #get}
 * returns an empty array for a missing key, and putting an empty value deletes the key.
 *
 * <p>Not thread-safe: confine a trie to one thread or guard it. Copies are independent and may be
 * used from different threads.
 */
public final class MerklePatriciaTrie {
  private static final byte[] NO_VALUE = TrieLookup.NO_VALUE;

  private final NodeStore store;

  /** The store's decoded upper nodes, or null. */
  private final TrieNodeCache nodeCache;

  private TrieNode root;

  /** An empty trie with no backing store (nothing needs loading). */
  public MerklePatriciaTrie() {
    this(new InMemoryNodeStore());
  }

  /** An empty trie whose nodes {@link #commit} will write to {@code store}. */
  public MerklePatriciaTrie(NodeStore store) {
    this(store, Empty.INSTANCE);
  }

  /**
   * The trie with root {@code rootHash} in {@code store}. Nothing is read until a path is walked;
   * {@link Keccak#EMPTY_TRIE} opens an empty trie.
   */
  public MerklePatriciaTrie(NodeStore store, Hash rootHash) {
    this(store, rootHash.equals(Keccak.EMPTY_TRIE) ? Empty.INSTANCE : new HashRef(rootHash));
  }

  private MerklePatriciaTrie(NodeStore store, TrieNode root) {
    this.store = Objects.requireNonNull(store, "store");
    this.nodeCache = store.nodeCache();
    this.root = root;
  }

  /** An independent trie with the same contents and store, sharing all nodes. */
  public MerklePatriciaTrie copy() {
    return new MerklePatriciaTrie(store, root);
  }

  /** The store nodes are loaded from. */
  public NodeStore store() {
    return store;
  }

  public boolean isEmpty() {
    return root instanceof Empty;
  }

  /** The root node, for inspection. */
  public TrieNode rootNode() {
    return root;
  }

  // ---------------------------------------------------------------- reads

  /** The value stored under {@code key}, or an empty array if there is none. */
  public byte[] get(byte[] key) {
    return TrieLookup.get(root, key, this::load);
  }

  /**
   * The Keccak-256 hash of the root node's RLP; {@link Keccak#EMPTY_TRIE} for the empty trie. The
   * root is hashed even when its RLP is shorter than 32 bytes.
   */
  public Hash rootHash() {
    return switch (root) {
      case Empty e -> Keccak.EMPTY_TRIE;
      case HashRef h -> h.hash;
      default -> NodeCodec.encoding(root).hashForced();
    };
  }

  // ---------------------------------------------------------------- updates

  /** Stores {@code value} under {@code key}; an empty value removes the key. */
  public void put(byte[] key, byte[] value) {
    if (value.length == 0) {
      remove(key);
      return;
    }
    root = insert(root, Nibbles.fromBytes(key), 0, value.clone());
  }

  /** Removes {@code key}; nothing happens if it is absent. */
  public void remove(byte[] key) {
    root = delete(root, Nibbles.fromBytes(key), 0);
  }

  /** Returns the subtree {@code node} (reached after {@code pos} nibbles) with key → value set. */
  private TrieNode insert(TrieNode node, byte[] key, int pos, byte[] value) {
    return switch (node) {
      case Empty e -> new Leaf(Nibbles.slice(key, pos, key.length), value);
      case Leaf l -> {
        int common = Nibbles.commonPrefix(l.path, key, pos);
        int rest = key.length - pos;
        if (common == l.path.length && common == rest) {
          yield Arrays.equals(l.value, value) ? l : new Leaf(l.path, value);
        }
        TrieNode[] children = Branch.emptyChildren();
        byte[] branchValue = NO_VALUE;
        if (common == l.path.length) {
          branchValue = l.value;
        } else {
          children[l.path[common]] =
              new Leaf(Nibbles.slice(l.path, common + 1, l.path.length), l.value);
        }
        if (common == rest) {
          branchValue = value;
        } else {
          children[key[pos + common]] =
              new Leaf(Nibbles.slice(key, pos + common + 1, key.length), value);
        }
        yield withPrefix(l.path, common, new Branch(children, branchValue));
      }
      case Extension x -> {
        int common = Nibbles.commonPrefix(x.path, key, pos);
        if (common == x.path.length) {
          TrieNode child = insert(x.child, key, pos + common, value);
          yield child == x.child ? x : new Extension(x.path, child);
        }
        // The key leaves the extension after `common` nibbles: split it around a new branch.
        TrieNode[] children = Branch.emptyChildren();
        byte[] branchValue = NO_VALUE;
        children[x.path[common]] =
            common + 1 == x.path.length
                ? x.child
                : new Extension(Nibbles.slice(x.path, common + 1, x.path.length), x.child);
        if (pos + common == key.length) {
          branchValue = value;
        } else {
          children[key[pos + common]] =
              new Leaf(Nibbles.slice(key, pos + common + 1, key.length), value);
        }
        yield withPrefix(x.path, common, new Branch(children, branchValue));
      }
      case Branch b -> {
        if (pos == key.length) {
          yield Arrays.equals(b.value, value) ? b : b.withValue(value);
        }
        int i = key[pos];
        TrieNode child = insert(b.children[i], key, pos + 1, value);
        yield child == b.children[i] ? b : b.withChild(i, child);
      }
      case HashRef h -> {
        TrieNode loaded = load(h, pos);
        TrieNode updated = insert(loaded, key, pos, value);
        yield updated == loaded ? h : updated;
      }
    };
  }

  /** {@code branch}, behind an extension of {@code path[0, length)} when that is not empty. */
  private static TrieNode withPrefix(byte[] path, int length, Branch branch) {
    return length == 0 ? branch : new Extension(Nibbles.slice(path, 0, length), branch);
  }

  /** Returns the subtree {@code node} without {@code key}; the same node if the key is absent. */
  private TrieNode delete(TrieNode node, byte[] key, int pos) {
    return switch (node) {
      case Empty e -> e;
      case Leaf l -> Nibbles.equalsRest(l.path, key, pos) ? Empty.INSTANCE : l;
      case Extension x -> {
        if (!Nibbles.startsWith(key, pos, x.path)) {
          yield x;
        }
        TrieNode child = delete(x.child, key, pos + x.path.length);
        yield child == x.child ? x : join(x.path, child);
      }
      case Branch b -> {
        if (pos == key.length) {
          yield b.value.length == 0 ? b : collapse(b.withValue(NO_VALUE));
        }
        int i = key[pos];
        TrieNode child = delete(b.children[i], key, pos + 1);
        yield child == b.children[i] ? b : collapse(b.withChild(i, child));
      }
      case HashRef h -> {
        TrieNode loaded = load(h, pos);
        TrieNode updated = delete(loaded, key, pos);
        yield updated == loaded ? h : updated;
      }
    };
  }

  /** {@code path} followed by {@code child}, merged into canonical form. */
  private TrieNode join(byte[] path, TrieNode child) {
    return switch (child) {
      case Empty e -> e;
      case Leaf l -> new Leaf(Nibbles.concat(path, l.path), l.value);
      case Extension x -> new Extension(Nibbles.concat(path, x.path), x.child);
      case Branch b -> new Extension(path, b);
      case HashRef h -> {
        // Only a branch may stay behind a reference; anything else must be merged into the path.
        TrieNode loaded = load(h);
        yield loaded instanceof Branch ? new Extension(path, h) : join(path, loaded);
      }
    };
  }

  /**
   * A branch left with fewer than two entries (children plus value) after a removal is not
   * canonical: it becomes a leaf (value only) or merges with its only child.
   */
  private TrieNode collapse(Branch b) {
    int count = 0;
    int only = -1;
    for (int i = 0; i < Branch.WIDTH; i++) {
      if (!(b.children[i] instanceof Empty)) {
        count++;
        only = i;
      }
    }
    boolean hasValue = b.value.length > 0;
    if (count + (hasValue ? 1 : 0) >= 2) {
      return b;
    }
    if (count == 0) {
      return hasValue ? new Leaf(Nibbles.EMPTY, b.value) : Empty.INSTANCE;
    }
    return join(new byte[] {(byte) only}, b.children[only]);
  }

  private TrieNode load(HashRef ref) {
    return load(ref, TrieNodeCache.UNKNOWN_DEPTH);
  }

  /** The node {@code ref} stands for, reached {@code depth} nibbles below the root. */
  private TrieNode load(HashRef ref, int depth) {
    if (nodeCache != null) {
      TrieNode cached = nodeCache.get(ref.hash);
      if (cached != null) {
        return cached;
      }
    }
    byte[] rlp = store.get(ref.hash).orElseThrow(() -> new MissingTrieNodeException(ref.hash));
    TrieNode node;
    try {
      node = NodeCodec.decode(rlp, ref.hash, true);
    } catch (InvalidTrieNodeException e) {
      throw new InvalidTrieNodeException("stored trie node " + ref.hash + ": " + e.getMessage(), e);
    }
    if (nodeCache != null) {
      nodeCache.loaded(ref.hash, node, depth);
    }
    return node;
  }

  // ---------------------------------------------------------------- persistence

  /**
   * Adds to {@code batch} every node not yet in the store, children before parents, and returns the
   * root hash. Nodes shorter than 32 bytes live inside their parent and are not written on their
   * own, except the root, which is always written under its hash. The caller commits the batch;
   * only then do the nodes count as stored, so a batch that is closed without committing leaves
   * them to be written by the next commit.
   */
  public Hash commit(NodeStore.Batch batch) {
    if (root instanceof Empty) {
      return Keccak.EMPTY_TRIE;
    }
    List<TrieNode> written = new ArrayList<>();
    List<Written> upper = new ArrayList<>();
    write(root, batch, 0, written, upper);
    batch.onCommit(
        () -> {
          written.forEach(MerklePatriciaTrie::markStored);
          if (nodeCache != null) {
            upper.forEach(w -> nodeCache.written(w.node(), w.depth()));
          }
        });
    return rootHash();
  }

  /** A node a commit writes in the levels a {@link TrieNodeCache} keeps. */
  private record Written(TrieNode node, int depth) {}

  /** Writes {@code node}, reached {@code depth} nibbles below the root, and its new descendants. */
  private static void write(
      TrieNode node,
      NodeStore.Batch batch,
      int depth,
      List<TrieNode> written,
      List<Written> upper) {
    boolean isRoot = depth == 0;
    if (node instanceof Empty || node instanceof HashRef) {
      return;
    }
    NodeEncoding enc = NodeCodec.encoding(node);
    if (enc.stored) {
      // Written before (or loaded). A small node written only as part of its parent still needs
      // its own entry once it has become the root.
      if (isRoot && enc.embedded()) {
        batch.put(enc.hashForced(), enc.rlp);
      }
      return;
    }
    switch (node) {
      case Extension x -> write(x.child, batch, depth + x.path.length, written, upper);
      case Branch b -> {
        for (TrieNode child : b.children) {
          write(child, batch, depth + 1, written, upper);
        }
      }
      default -> {}
    }
    if (isRoot || !enc.embedded()) {
      batch.put(enc.hashForced(), enc.rlp);
    }
    written.add(node);
    if (depth <= TrieNodeCache.MAX_DEPTH) {
      upper.add(new Written(node, depth));
    }
  }

  private static void markStored(TrieNode node) {
    switch (node) {
      case Leaf l -> l.markStored();
      case Extension x -> x.markStored();
      case Branch b -> b.markStored();
      default -> {}
    }
  }

  // ---------------------------------------------------------------- proofs

  /**
   * A Merkle proof for {@code key}: the RLP of every node on its path that is referenced by hash,
   * root first, as {@code eth_getProof} returns them. Embedded nodes are inside their parent's RLP.
   * The proof shows the value, or its absence where the path ends early; check it with {@link
   * TrieProof#verify}. The empty trie has an empty proof.
   */
  public List<byte[]> prove(byte[] key) {
    byte[] path = Nibbles.fromBytes(key);
    List<byte[]> proof = new ArrayList<>();
    int pos = 0;
    TrieNode node = root;
    boolean first = true;
    while (true) {
      if (node instanceof HashRef h) {
        node = load(h);
      }
      if (node instanceof Empty) {
        return proof;
      }
      NodeEncoding enc = NodeCodec.encoding(node);
      if (first || !enc.embedded()) {
        proof.add(enc.rlp.clone());
      }
      first = false;
      switch (node) {
        case Extension x -> {
          if (!Nibbles.startsWith(path, pos, x.path)) {
            return proof;
          }
          pos += x.path.length;
          node = x.child;
        }
        case Branch b -> {
          if (pos == path.length) {
            return proof;
          }
          node = b.children[path[pos++]];
        }
        default -> {
          return proof;
        }
      }
    }
  }

  // ---------------------------------------------------------------- ordered keys

  /** The smallest key greater than {@code key} (unsigned byte order), if any. */
  public Optional<byte[]> nextKey(byte[] key) {
    byte[] found = next(root, Nibbles.EMPTY, Nibbles.fromBytes(key), 0);
    return found == null ? Optional.empty() : Optional.of(Nibbles.toBytes(found));
  }

  /** The largest key smaller than {@code key} (unsigned byte order), if any. */
  public Optional<byte[]> prevKey(byte[] key) {
    byte[] found = prev(root, Nibbles.EMPTY, Nibbles.fromBytes(key), 0);
    return found == null ? Optional.empty() : Optional.of(Nibbles.toBytes(found));
  }

  /** The smallest key (unsigned byte order), if the trie is not empty. */
  public Optional<byte[]> firstKey() {
    byte[] found = min(root, Nibbles.EMPTY);
    return found == null ? Optional.empty() : Optional.of(Nibbles.toBytes(found));
  }

  /** The largest key (unsigned byte order), if the trie is not empty. */
  public Optional<byte[]> lastKey() {
    byte[] found = max(root, Nibbles.EMPTY);
    return found == null ? Optional.empty() : Optional.of(Nibbles.toBytes(found));
  }

  /**
   * Compares {@code path} with {@code target[pos..]}, looking at no more than {@code path.length}
   * nibbles of the target: negative if the path sorts before the target, positive if after (also
   * when the target ends inside the path: every key below then extends the target), zero if the
   * path is a prefix of the rest of the target.
   */
  private static int comparePrefix(byte[] path, byte[] target, int pos) {
    int avail = target.length - pos;
    int n = Math.min(path.length, avail);
    int c = Arrays.compare(path, 0, n, target, pos, pos + n);
    if (c != 0) {
      return c;
    }
    return path.length > avail ? 1 : 0;
  }

  /** Smallest key in {@code node} (whose keys start with {@code prefix}) greater than target. */
  private byte[] next(TrieNode node, byte[] prefix, byte[] target, int pos) {
    return switch (node) {
      case Empty e -> null;
      case Leaf l -> {
        int c = comparePrefix(l.path, target, pos);
        // c == 0: the leaf's key is a prefix of (or equal to) the target, so not greater.
        yield c > 0 ? Nibbles.concat(prefix, l.path) : null;
      }
      case Extension x -> {
        int c = comparePrefix(x.path, target, pos);
        if (c < 0) {
          yield null;
        }
        byte[] below = Nibbles.concat(prefix, x.path);
        yield c > 0 ? min(x.child, below) : next(x.child, below, target, pos + x.path.length);
      }
      case Branch b -> {
        int from = 0;
        if (pos < target.length) {
          int t = target[pos];
          byte[] found = next(b.children[t], Nibbles.append(prefix, t), target, pos + 1);
          if (found != null) {
            yield found;
          }
          from = t + 1;
        }
        // The branch's own value has key = prefix, which is not greater than the target.
        yield minChild(b, prefix, from);
      }
      case HashRef h -> next(load(h), prefix, target, pos);
    };
  }

  /** Largest key in {@code node} (whose keys start with {@code prefix}) smaller than target. */
  private byte[] prev(TrieNode node, byte[] prefix, byte[] target, int pos) {
    return switch (node) {
      case Empty e -> null;
      case Leaf l -> {
        int c = comparePrefix(l.path, target, pos);
        // c == 0 with a shorter path: the leaf's key is a proper prefix of the target, so smaller.
        boolean smaller = c < 0 || (c == 0 && l.path.length < target.length - pos);
        yield smaller ? Nibbles.concat(prefix, l.path) : null;
      }
      case Extension x -> {
        int c = comparePrefix(x.path, target, pos);
        if (c > 0) {
          yield null;
        }
        byte[] below = Nibbles.concat(prefix, x.path);
        yield c < 0 ? max(x.child, below) : prev(x.child, below, target, pos + x.path.length);
      }
      case Branch b -> {
        if (pos == target.length) {
          yield null; // the value's key equals the target, and every child's key extends it
        }
        int t = target[pos];
        byte[] found = prev(b.children[t], Nibbles.append(prefix, t), target, pos + 1);
        if (found != null) {
          yield found;
        }
        for (int i = t - 1; i >= 0; i--) {
          found = max(b.children[i], Nibbles.append(prefix, i));
          if (found != null) {
            yield found;
          }
        }
        yield b.value.length > 0 ? prefix : null;
      }
      case HashRef h -> prev(load(h), prefix, target, pos);
    };
  }

  private byte[] min(TrieNode node, byte[] prefix) {
    return switch (node) {
      case Empty e -> null;
      case Leaf l -> Nibbles.concat(prefix, l.path);
      case Extension x -> min(x.child, Nibbles.concat(prefix, x.path));
      case Branch b -> b.value.length > 0 ? prefix : minChild(b, prefix, 0);
      case HashRef h -> min(load(h), prefix);
    };
  }

  private byte[] minChild(Branch b, byte[] prefix, int from) {
    for (int i = from; i < Branch.WIDTH; i++) {
      byte[] found = min(b.children[i], Nibbles.append(prefix, i));
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private byte[] max(TrieNode node, byte[] prefix) {
    return switch (node) {
      case Empty e -> null;
      case Leaf l -> Nibbles.concat(prefix, l.path);
      case Extension x -> max(x.child, Nibbles.concat(prefix, x.path));
      case Branch b -> {
        for (int i = Branch.WIDTH - 1; i >= 0; i--) {
          byte[] found = max(b.children[i], Nibbles.append(prefix, i));
          if (found != null) {
            yield found;
          }
        }
        yield b.value.length > 0 ? prefix : null;
      }
      case HashRef h -> max(load(h), prefix);
    };
  }

  @Override
  public String toString() {
    return "MerklePatriciaTrie(" + rootHash() + ")";
  }
}
