package org.gridledger.core.receipt;

import java.util.ArrayList;
import java.util.List;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.Log;

/** RLP of logs as receipts carry them: {@code [address, [topic, ...], data]}. */
public final class LogCodec {
  /** At most four topics (LOG4). */
  public static final int MAX_TOPICS = 4;

  private LogCodec() {}

  /** Appends {@code RLP([address, topics, data])}. */
  public static void writeTo(RlpWriter w, Log log) {
    int list = w.startList();
    w.writeBytes(log.address().unsafeBytes());
    int topicList = w.startList();
    for (Hash topic : log.topics()) {
      w.writeBytes(topic.unsafeBytes());
    }
    w.endList(topicList);
    w.writeBytes(log.data());
    w.endList(list);
  }

  public static byte[] encode(Log log) {
    RlpWriter w = new RlpWriter(64 + 33 * log.topics().size() + log.data().length);
    writeTo(w, log);
    return w.toByteArray();
  }

  /**
   * Reads one log item.
   *
   * @throws RlpException if it is not a list of a 20-byte address, at most four 32-byte topics and
   *     a byte string
   */
  public static Log readFrom(RlpReader r) {
    RlpReader fields = r.readList();
    Address address = Address.wrap(fields.readBytes(Address.SIZE, "log address"));
    RlpReader topicList = fields.readList();
    List<Hash> topics = new ArrayList<>(MAX_TOPICS);
    while (topicList.hasNext()) {
      if (topics.size() == MAX_TOPICS) {
        throw new RlpException("a log has at most 4 topics", topicList.position());
      }
      topics.add(Hash.wrap(topicList.readBytes(Hash.SIZE, "log topic")));
    }
    byte[] data = fields.readBytes();
    fields.ensureEnd("log");
    return new Log(address, topics, data);
  }

  /** Reads {@code RLP([log, ...])}, as {@link #writeList} writes it. */
  public static List<Log> readList(RlpReader r) {
    RlpReader list = r.readList();
    List<Log> logs = new ArrayList<>();
    while (list.hasNext()) {
      logs.add(readFrom(list));
    }
    return logs;
  }

  /** Appends {@code RLP([log, ...])}. */
  public static void writeList(RlpWriter w, List<Log> logs) {
    int list = w.startList();
    for (Log log : logs) {
      writeTo(w, log);
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
}
