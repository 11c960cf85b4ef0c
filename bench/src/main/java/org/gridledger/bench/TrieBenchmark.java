package org.gridledger.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridledger.core.trie.MerklePatriciaTrie;
import org.gridledger.evm.types.Hash;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Merkle-Patricia trie: 100,000 random 32-byte keys with 32-byte values inserted into an empty trie
 * and the root computed (one state-sized batch), and 1,000 updates plus a new root on a trie of
 * that size (one block's worth of writes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrieBenchmark {
  private static final int SIZE = 100_000;
  private static final int UPDATES = 1_000;

  private byte[][] keys;
  private byte[][] values;
  private MerklePatriciaTrie full;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(1);
    keys = new byte[SIZE][32];
    values = new byte[SIZE][32];
    for (int i = 0; i < SIZE; i++) {
      random.nextBytes(keys[i]);
      random.nextBytes(values[i]);
    }
    full = new MerklePatriciaTrie();
    for (int i = 0; i < SIZE; i++) {
      full.put(keys[i], values[i]);
    }
    full.rootHash();
  }

  @Benchmark
  public Hash insert100kAndRoot() {
    MerklePatriciaTrie trie = new MerklePatriciaTrie();
    for (int i = 0; i < SIZE; i++) {
      trie.put(keys[i], values[i]);
    }
    return trie.rootHash();
  }

  @Benchmark
  public Hash update1kAndRoot() {
    MerklePatriciaTrie trie = full.copy();
    for (int i = 0; i < UPDATES; i++) {
      int k = next;
      next = (next + 7919) % SIZE;
      trie.put(keys[k], values[(k + 1) % SIZE]);
    }
    return trie.rootHash();
  }
}
