package org.gridledger.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.TransactionType;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.Log;
import org.junit.jupiter.api.Test;

class LogsAndReceiptsTest {
  /** The logging contract of GeneralStateTests/stLogTests. */
  private static final Address LOGGER =
      Address.fromHex("0x0f572e5295c57f15886f9b263e2f6d2d6c7b5ec6");

  private static final Hash ZERO = Hash.ZERO;
  private static final Hash ONES = Hash.fromHex("0x" + "ff".repeat(32));

  /**
   * The {@code logs} hashes of stLogTests post states, with each log derived by hand from the
   * test's contract code (LOGn's offset, size and topics are the pushed constants).
   */
  @Test
  void logsHashMatchesStateTestVectors() {
    // log0_logMemsizeZero: LOG0(offset 1, size 0).
    assertThat(LogCodec.logsHash(List.of(new Log(LOGGER, List.of(), new byte[0]))))
        .isEqualTo(
            Hash.fromHex("0xea63b4dbbdbca1bd985580a0c3b6f35a4955d4d4cf0b4d903003cdfc4c40ba1c"));
    // log0_nonEmptyMem_logMemSize1: memory starts with 0xaabb…, LOG0(offset 0, size 1).
    assertThat(LogCodec.logsHash(List.of(new Log(LOGGER, List.of(), new byte[] {(byte) 0xaa}))))
        .isEqualTo(
            Hash.fromHex("0x20238193c29688c64e395ae6044273a99e54e9cfaec2033f1cdc8967e0409cc1"));
    // log2_emptyMem: LOG2(0, 0, topic 0, topic 0).
    assertThat(LogCodec.logsHash(List.of(new Log(LOGGER, List.of(ZERO, ZERO), new byte[0]))))
        .isEqualTo(
            Hash.fromHex("0x0c102e52fb694e84eb201c93bc66cb205a9a332215f84188aec1096553289381"));
    // log4_MaxTopic: LOG4(0, 32, 2^256-1 four times) over the word 0xaabbff…ffccdd.
    byte[] word = Hex.decode("0xaabb" + "ff".repeat(28) + "ccdd");
    assertThat(LogCodec.logsHash(List.of(new Log(LOGGER, List.of(ONES, ONES, ONES, ONES), word))))
        .isEqualTo(
            Hash.fromHex("0xef71a715e664cf4bfc47d7cc5c7b32a046c0092570e8048742f60fe3232b168a"));
    // No logs: Keccak-256(0xc0), the value most state tests carry.
    assertThat(LogCodec.logsHash(List.of()))
        .isEqualTo(
            Hash.fromHex("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"));
  }

  @Test
  void logRoundTripAndLimits() {
    Log log = new Log(LOGGER, List.of(ZERO, ONES), new byte[] {1, 2, 3});
    Log decoded = LogCodec.readFrom(new RlpReader(LogCodec.encode(log)));
    assertThat(decoded).isEqualTo(log);
    assertThat(decoded.hashCode()).isEqualTo(log.hashCode());
    assertThatThrownBy(() -> new Log(LOGGER, Collections.nCopies(5, ZERO), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    RlpWriter w = new RlpWriter();
    int list = w.startList();
    w.writeBytes(LOGGER.unsafeBytes());
    int topics = w.startList();
    for (int i = 0; i < 5; i++) {
      w.writeBytes(ZERO.unsafeBytes());
    }
    w.endList(topics);
    w.writeBytes(new byte[0]);
    w.endList(list);
    assertThatThrownBy(() -> LogCodec.readFrom(new RlpReader(w.toByteArray())))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining("at most 4 topics");
  }

  /**
   * go-ethereum's TestBloomExtensively (core/types/bloom9_test.go): 100 values, digest of the
   * filter.
   */
  @Test
  void bloomMatchesGethVector() {
    LogsBloom bloom = LogsBloom.EMPTY;
    for (int i = 0; i < 100; i++) {
      bloom =
          bloom.add(("xxxxxxxxxx data " + i + " yyyyyyyyyyyyyy").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Keccak.of(bloom.toArray()))
        .isEqualTo(
            Hash.fromHex("0xc8d3ca65cdb4874300a9e39475508f23ed6da09fdbc487f89a2dcf50b09eb263"));
    assertThat(LogsBloom.of(bloom.toArray())).isEqualTo(bloom);
  }

  /** go-ethereum's TestBloom: the added values test positive, "tes" and "lo" negative. */
  @Test
  void bloomMembership() {
    LogsBloom bloom = LogsBloom.EMPTY;
    for (String s : List.of("testtest", "test", "hallo", "other")) {
      bloom = bloom.add(s.getBytes(StandardCharsets.UTF_8));
    }
    for (String s : List.of("testtest", "test", "hallo", "other")) {
      assertThat(bloom.mightContain(s.getBytes(StandardCharsets.UTF_8))).as(s).isTrue();
    }
    for (String s : List.of("tes", "lo")) {
      assertThat(bloom.mightContain(s.getBytes(StandardCharsets.UTF_8))).as(s).isFalse();
    }
  }

  @Test
  void bloomOfLogsIsTheUnionOfItsParts() {
    Log a = new Log(LOGGER, List.of(ONES), new byte[0]);
    Log b = new Log(Address.ofLow(1), List.of(ZERO, ONES), new byte[] {9});
    LogsBloom both = LogsBloom.fromLogs(List.of(a, b));
    assertThat(both).isEqualTo(LogsBloom.EMPTY.add(a).add(b));
    assertThat(both).isEqualTo(LogsBloom.fromLogs(List.of(a)).or(LogsBloom.fromLogs(List.of(b))));
    assertThat(both.mightContain(LOGGER)).isTrue();
    assertThat(both.mightContain(Address.ofLow(1))).isTrue();
    assertThat(both.mightContain(ZERO)).isTrue();
    assertThat(both.containsAll(LogsBloom.fromLogs(List.of(a)))).isTrue();
    assertThat(LogsBloom.fromLogs(List.of(a)).containsAll(both)).isFalse();
    // Each value sets at most three bits.
    int bits = 0;
    for (byte x : LogsBloom.EMPTY.add(a).toArray()) {
      bits += Integer.bitCount(x & 0xff);
    }
    assertThat(bits).isBetween(1, 6);
    assertThat(LogsBloom.fromLogs(List.of())).isEqualTo(LogsBloom.EMPTY);
  }

  /**
   * Hand-assembled from the RLP rules: [0x01, 0x825208, 0xb90100 ‖ 256 zero bytes, 0xc0] has a
   * payload of 1 + 3 + 259 + 1 = 264 bytes, so the list header is 0xf90108.
   */
  @Test
  void receiptEncodingMatchesHandAssembledBytes() {
    String fields = "01" + "825208" + "b90100" + "00".repeat(256) + "c0";
    Receipt legacy = Receipt.of(TransactionType.LEGACY, true, 21_000, List.of());
    assertThat(Hex.encodeNoPrefix(legacy.encode())).isEqualTo("f90108" + fields);
    Receipt typed = Receipt.of(TransactionType.DYNAMIC_FEE, true, 21_000, List.of());
    assertThat(Hex.encodeNoPrefix(typed.encode())).isEqualTo("02f90108" + fields);
    Receipt failed = Receipt.of(TransactionType.BLOB, false, 21_000, List.of());
    assertThat(Hex.encodeNoPrefix(failed.encode()))
        .isEqualTo("03f90108" + "80" + fields.substring(2));
  }

  @Test
  void receiptRoundTrips() {
    List<Log> logs =
        List.of(
            new Log(LOGGER, List.of(ONES), new byte[] {1}),
            new Log(Address.ofLow(2), List.of(), new byte[0]));
    RlpWriter w = new RlpWriter();
    int list = w.startList();
    for (TransactionType type : TransactionType.values()) {
      Receipt r = Receipt.of(type, type.code() % 2 == 0, 1_000_000L * type.code(), logs);
      assertThat(Receipt.decode(r.encode())).isEqualTo(r);
      assertThat(r.bloom().mightContain(LOGGER)).isTrue();
      r.writeTo(w);
    }
    w.endList(list);
    RlpReader items = RlpReader.single(w.toByteArray()).readList();
    for (TransactionType type : TransactionType.values()) {
      assertThat(Receipt.readFrom(items).type()).isEqualTo(type);
    }
  }

  @Test
  void receiptDecodingIsStrict() {
    String tail = "825208" + "b90100" + "00".repeat(256) + "c0";
    rejects("", "empty receipt");
    rejects("80", "found a string");
    rejects("04f90108" + "01" + tail, "unsupported receipt type 0x04");
    rejects("f90108" + "02" + tail, "status must be empty or 0x01");
    rejects("02f90108" + "01" + tail + "00", "extra items");
    rejects("f90108" + "01" + tail + "00", "trailing bytes");
    // A 255-byte bloom.
    rejects(
        "f90106" + "01" + "825208" + "b8ff" + "00".repeat(255) + "c0", "logs bloom must be 256");
  }

  private static void rejects(String hex, String messagePart) {
    assertThatThrownBy(() -> Receipt.decode(Hex.decode(hex)))
        .isInstanceOf(RlpException.class)
        .hasMessageContaining(messagePart);
  }
}
