package org.gridledger.network.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.node.NodeId;

/**
 * The discv4 node table (discv4.md "Kademlia Table"): 256 buckets of at most 16 nodes, bucket
 * {@code i} holding nodes at log-distance {@code i + 1} from the local node, where {@code
 * log-distance(a, b) = log2(keccak(a) xor keccak(b))} rounded up to the bit length. Each bucket
 * keeps its nodes most recently seen first and a replacement list of up to 10 nodes that arrived
 * while it was full; removing a node (failed revalidation) promotes the newest replacement.
 * Thread-safe.
 */
public final class KademliaTable {
  public static final int BUCKETS = 256;
  public static final int BUCKET_SIZE = 16;
  public static final int REPLACEMENTS = 10;

  /** A node of the table: its id, its endpoint and its keccak (the distance input). */
  public record Entry(NodeId id, Endpoint endpoint, Hash keccak) {
    public static Entry of(NodeId id, Endpoint endpoint) {
      return new Entry(id, endpoint, id.keccak());
    }
  }

  private static final class Bucket {
    final LinkedList<Entry> entries = new LinkedList<>();
    final LinkedList<Entry> replacements = new LinkedList<>();
  }

  private final Hash self;
  private final Bucket[] buckets = new Bucket[BUCKETS];

  public KademliaTable(NodeId self) {
    this.self = self.keccak();
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = new Bucket();
    }
  }

  /** {@code log2(a xor b)} as the bit length of the xor: 0 for equal hashes, 1..256 otherwise. */
  public static int logDistance(Hash a, Hash b) {
    byte[] x = a.unsafeBytes();
    byte[] y = b.unsafeBytes();
    for (int i = 0; i < Hash.SIZE; i++) {
      int d = (x[i] ^ y[i]) & 0xff;
      if (d != 0) {
        return (Hash.SIZE - i - 1) * 8 + (32 - Integer.numberOfLeadingZeros(d));
      }
    }
    return 0;
  }

  /** Compares {@code a} and {@code b} by xor distance to {@code target}. */
  static int compareDistance(Hash target, Hash a, Hash b) {
    byte[] t = target.unsafeBytes();
    byte[] x = a.unsafeBytes();
    byte[] y = b.unsafeBytes();
    for (int i = 0; i < Hash.SIZE; i++) {
      int dx = (x[i] ^ t[i]) & 0xff;
      int dy = (y[i] ^ t[i]) & 0xff;
      if (dx != dy) {
        return Integer.compare(dx, dy);
      }
    }
    return 0;
  }

  private Optional<Bucket> bucketOf(Hash keccak) {
    int d = logDistance(self, keccak);
    return d == 0 ? Optional.empty() : Optional.of(buckets[d - 1]);
  }

  /**
   * A node proved alive (it answered a Ping): it moves to the front of its bucket, or joins it if
   * there is room, or else joins the replacement list.
   *
   * @return true if the node is now in the table proper
   */
  public synchronized boolean seen(Entry node) {
    Optional<Bucket> b = bucketOf(node.keccak());
    if (b.isEmpty()) {
      return false;
    }
    Bucket bucket = b.get();
    bucket.entries.removeIf(e -> e.id().equals(node.id()));
    if (bucket.entries.size() < BUCKET_SIZE) {
      bucket.entries.addFirst(node);
      bucket.replacements.removeIf(e -> e.id().equals(node.id()));
      return true;
    }
    bucket.replacements.removeIf(e -> e.id().equals(node.id()));
    bucket.replacements.addFirst(node);
    if (bucket.replacements.size() > REPLACEMENTS) {
      bucket.replacements.removeLast();
    }
    return false;
  }

  /** Removes a node that failed revalidation, promoting the newest replacement. */
  public synchronized void remove(NodeId id) {
    Optional<Bucket> b = bucketOf(id.keccak());
    if (b.isEmpty()) {
      return;
    }
    Bucket bucket = b.get();
    if (bucket.entries.removeIf(e -> e.id().equals(id)) && !bucket.replacements.isEmpty()) {
      bucket.entries.addLast(bucket.replacements.removeFirst());
    }
  }

  public synchronized boolean contains(NodeId id) {
    return bucketOf(id.keccak())
        .map(b -> b.entries.stream().anyMatch(e -> e.id().equals(id)))
        .orElse(false);
  }

  public synchronized Optional<Entry> get(NodeId id) {
    return bucketOf(id.keccak())
        .flatMap(b -> b.entries.stream().filter(e -> e.id().equals(id)).findFirst());
  }

  /** The {@code n} nodes closest to {@code target} (a keccak hash) by xor distance. */
  public synchronized List<Entry> closest(Hash target, int n) {
    List<Entry> all = new ArrayList<>();
    for (Bucket b : buckets) {
      all.addAll(b.entries);
    }
    all.sort(Comparator.comparing(Entry::keccak, (x, y) -> compareDistance(target, x, y)));
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  /** The least recently seen node of a random non-empty bucket: the next to revalidate. */
  public synchronized Optional<Entry> revalidationCandidate(Random random) {
    List<Bucket> nonEmpty = new ArrayList<>();
    for (Bucket b : buckets) {
      if (!b.entries.isEmpty()) {
        nonEmpty.add(b);
      }
    }
    if (nonEmpty.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(nonEmpty.get(random.nextInt(nonEmpty.size())).entries.getLast());
  }

  /** The replacement list of the bucket a node belongs to, newest first. */
  public synchronized List<Entry> replacementsFor(NodeId id) {
    return bucketOf(id.keccak()).map(b -> List.copyOf(b.replacements)).orElse(List.of());
  }

  public synchronized int size() {
    int n = 0;
    for (Bucket b : buckets) {
      n += b.entries.size();
    }
    return n;
  }

  /** All nodes of the table. */
  public synchronized List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    for (Bucket b : buckets) {
      all.addAll(b.entries);
    }
    return all;
  }
}
