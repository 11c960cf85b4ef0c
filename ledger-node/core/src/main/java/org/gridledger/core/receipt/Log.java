package org.gridledger.core.receipt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;

/**
 * A log entry emitted by LOG0..LOG4: {@code RLP([address, [topic, ...], data])}. Immutable; {@code
 * data()} returns a copy.
 */
public record Log(Address address, List<Hash> topics, byte[] data) {
  /** At most four topics (LOG4). */
  public static final int MAX_TOPICS = 4;

  public Log {
    Objects.requireNonNull(address, "address");
    topics = List.copyOf(topics);
    if (topics.size() > MAX_TOPICS) {
      throw new IllegalArgumentException("a log has at most 4 topics, got " + topics.size());
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Appends {@code RLP([address, topics, data])}. */
  public void writeTo(RlpWriter w) {
    int list = w.startList();
    w.writeBytes(address.unsafeBytes());
    int topicList = w.startList();
    for (Hash topic : topics) {
      w.writeBytes(topic.unsafeBytes());
    }
    w.endList(topicList);
    w.writeBytes(data);
    w.endList(list);
  }

  public byte[] encode() {
    RlpWriter w = new RlpWriter(64 + 33 * topics.size() + data.length);
    writeTo(w);
    return w.toByteArray();
  }

  /**
   * Reads one log item.
   *
   * @throws org.gridledger.core.rlp.RlpException if it is not a list of a 20-byte address, at most
   *     four 32-byte topics and a byte string
   */
  public static Log readFrom(RlpReader r) {
    RlpReader fields = r.readList();
    Address address = Address.wrap(fields.readBytes(Address.SIZE, "log address"));
    RlpReader topicList = fields.readList();
    List<Hash> topics = new ArrayList<>(MAX_TOPICS);
    while (topicList.hasNext()) {
      if (topics.size() == MAX_TOPICS) {
        throw new org.gridledger.core.rlp.RlpException(
            "a log has at most 4 topics", topicList.position());
      }
      topics.add(Hash.wrap(topicList.readBytes(Hash.SIZE, "log topic")));
    }
    byte[] data = fields.readBytes();
    fields.ensureEnd("log");
    return new Log(address, topics, data);
  }

  /** Appends {@code RLP([log, ...])}. */
  public static void writeList(RlpWriter w, List<Log> logs) {
    int list = w.startList();
    for (Log log : logs) {
      log.writeTo(w);
    }
    w.endList(list);
  }

  /**
   * Keccak-256 of {@code RLP(logs)}: the {@code logs} field of the state tests, which commits to
   * every log of a transaction in order.
   */
  public static Hash logsHash(List<Log> logs) {
    RlpWriter w = new RlpWriter();
    writeList(w, logs);
    return Keccak.of(w.toByteArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Log l
        && address.equals(l.address)
        && topics.equals(l.topics)
        && Arrays.equals(data, l.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, topics, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Log[address=" + address + ", topics=" + topics + ", data=" + Hex.encode(data) + "]";
  }
}
