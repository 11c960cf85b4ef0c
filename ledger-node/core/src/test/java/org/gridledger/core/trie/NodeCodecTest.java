package org.gridledger.core.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.trie.TrieNode.Branch;
import org.gridledger.core.trie.TrieNode.Empty;
import org.gridledger.core.trie.TrieNode.Extension;
import org.gridledger.core.trie.TrieNode.HashRef;
import org.gridledger.core.trie.TrieNode.Leaf;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;

/** The direct node encoder against a plain one built on {@link RlpWriter} and {@link HexPrefix}. */
class NodeCodecTest {
  private final Random random = new Random(9);

  @Test
  void leavesWithEveryValueAndPathShape() {
    int[] valueSizes = {1, 1, 2, 55, 56, 57, 255, 256, 70_000};
    for (int pathLen : new int[] {0, 1, 2, 3, 63, 64, 109, 110, 111, 400}) {
      for (int valueLen : valueSizes) {
        Leaf leaf = new Leaf(nibbles(pathLen), bytes(valueLen));
        assertThat(NodeCodec.encode(leaf)).isEqualTo(reference(leaf));
        assertThat(decodeEncode(leaf)).isEqualTo(NodeCodec.encode(leaf));
      }
    }
    // A single byte below 0x80 is its own encoding; 0x80 and above get a header.
    for (int v : new int[] {0x00, 0x7f, 0x80, 0xff}) {
      Leaf leaf = new Leaf(nibbles(3), new byte[] {(byte) v});
      assertThat(NodeCodec.encode(leaf)).isEqualTo(reference(leaf));
    }
  }

  @Test
  void extensionsAndBranchesWithEveryKindOfChild() {
    TrieNode small = new Leaf(nibbles(1), bytes(2)); // embedded
    TrieNode big = new Leaf(nibbles(10), bytes(40)); // hashed
    TrieNode ref = new HashRef(Hash.wrap(bytes(32)));
    for (TrieNode child : new TrieNode[] {small, big, ref}) {
      for (int pathLen : new int[] {1, 2, 7, 120}) {
        Extension ext = new Extension(nibbles(pathLen), child);
        assertThat(NodeCodec.encode(ext)).isEqualTo(reference(ext));
      }
    }
    for (int valueLen : new int[] {0, 1, 60, 300}) {
      TrieNode[] children = Branch.emptyChildren();
      Branch sparse = new Branch(children.clone(), bytes(valueLen));
      assertThat(NodeCodec.encode(sparse)).isEqualTo(reference(sparse));
      for (int i = 0; i < 16; i++) {
        children[i] = new TrieNode[] {small, big, ref, Empty.INSTANCE}[random.nextInt(4)];
      }
      Branch mixed = new Branch(children, bytes(valueLen));
      assertThat(NodeCodec.encode(mixed)).isEqualTo(reference(mixed));
      assertThat(decodeEncode(mixed)).isEqualTo(NodeCodec.encode(mixed));
    }
  }

  @Test
  void malformedNodesAreRejectedWithTheirFault() {
    byte[] empty = str(new byte[0]);
    byte[] leafPath = str(new byte[] {0x20});
    byte[][] branch = new byte[17][];
    java.util.Arrays.fill(branch, empty);
    branch[3] = str(new byte[5]);
    byte[][] longEmbedded = branch.clone();
    longEmbedded[3] = list(str(new byte[31]));
    byte[][] eighteen = java.util.Arrays.copyOf(branch, 18);
    eighteen[17] = empty;
    eighteen[3] = empty;

    assertRejected(list(leafPath, list(str(new byte[] {1}))), "leaf value is a list");
    assertRejected(list(list(str(new byte[] {1})), str(new byte[] {1})), "path is a list");
    assertRejected(list(str(new byte[] {0x00, 0x12}), empty), "extension node has no child");
    assertRejected(list(branch), "child reference of 5 bytes is neither empty nor");
    assertRejected(list(longEmbedded), "embedded node of 33 bytes must be referenced by hash");
    assertRejected(list(eighteen), "more than 17 items");
    assertRejected(list(empty, empty, empty), "3 items, expected 2 or 17");
    // A one-byte string below 0x80 must be the byte itself (non-canonical RLP inside the list).
    assertRejected(list(new byte[] {(byte) 0x81, 0x01}, str(new byte[] {1})), "well-formed RLP");
  }

  private static void assertRejected(byte[] rlp, String fault) {
    assertThatThrownBy(() -> TrieNode.decode(rlp))
        .isInstanceOf(InvalidTrieNodeException.class)
        .hasMessageContaining(fault);
  }

  private static byte[] str(byte[] payload) {
    return RlpWriter.encodeBytes(payload);
  }

  private static byte[] list(byte[]... items) {
    return RlpWriter.encodeList(items);
  }

  private static byte[] decodeEncode(TrieNode node) {
    byte[] rlp = NodeCodec.encoding(node).rlp;
    return switch (TrieNode.decode(rlp)) {
      case Leaf l -> NodeCodec.encode(l);
      case Extension x -> NodeCodec.encode(x);
      case Branch b -> NodeCodec.encode(b);
      default -> throw new AssertionError();
    };
  }

  private static byte[] reference(TrieNode node) {
    RlpWriter w = new RlpWriter();
    int list = w.startList();
    switch (node) {
      case Leaf l -> {
        w.writeBytes(HexPrefix.encode(l.path, true));
        w.writeBytes(l.value);
      }
      case Extension x -> {
        w.writeBytes(HexPrefix.encode(x.path, false));
        referenceRef(w, x.child);
      }
      case Branch b -> {
        for (TrieNode c : b.children) {
          referenceRef(w, c);
        }
        w.writeBytes(b.value);
      }
      default -> throw new AssertionError();
    }
    return w.endList(list).toByteArray();
  }

  private static void referenceRef(RlpWriter w, TrieNode child) {
    switch (child) {
      case Empty e -> w.writeBytes(new byte[0]);
      case HashRef h -> w.writeBytes(h.hash().toArray());
      default -> {
        byte[] rlp = reference(child);
        if (rlp.length < 32) {
          w.writeRaw(rlp);
        } else {
          w.writeBytes(org.gridledger.evm.types.Keccak.hash(rlp));
        }
      }
    }
  }

  private byte[] nibbles(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) random.nextInt(16);
    }
    return out;
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    if (n > 0 && out[0] == 0) {
      out[0] = 1;
    }
    return out;
  }
}
