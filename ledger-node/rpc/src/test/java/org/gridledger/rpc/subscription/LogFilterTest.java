package org.gridledger.rpc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.junit.jupiter.api.Test;

/** Matching and parsing rules of geth's eth/filters (FilterCriteria, filterLogs). */
class LogFilterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Address A = Address.ofLow(0xa);
  private static final Address B = Address.ofLow(0xb);
  private static final Hash T1 = Hash.fromHex("0x" + "11".repeat(32));
  private static final Hash T2 = Hash.fromHex("0x" + "22".repeat(32));
  private static final Hash T3 = Hash.fromHex("0x" + "33".repeat(32));

  private static LogFilter parse(String json) throws Exception {
    return LogFilter.parse(MAPPER.readTree(json));
  }

  @Test
  void emptyFilterMatchesAll() throws Exception {
    LogFilter any = parse("{}");
    assertThat(any).isEqualTo(LogFilter.ANY);
    assertThat(any.matches(A, List.of())).isTrue();
    assertThat(any.matches(B, List.of(T1, T2))).isTrue();
  }

  @Test
  void addressesSingleOrList() throws Exception {
    assertThat(parse("{\"address\":\"" + A.toHex() + "\"}").addresses()).containsExactly(A);
    LogFilter both = parse("{\"address\":[\"" + A.toHex() + "\",\"" + B.toHex() + "\"]}");
    assertThat(both.matches(B, List.of())).isTrue();
    assertThat(both.matches(Address.ofLow(0xc), List.of())).isFalse();
  }

  @Test
  void topicPositionsWithWildcardsAndAlternatives() throws Exception {
    LogFilter filter =
        parse(
            "{\"topics\":[null,[\""
                + T2.toHex()
                + "\",\""
                + T3.toHex()
                + "\"],[\""
                + T1.toHex()
                + "\",null]]}");
    assertThat(filter.topics()).hasSize(3);
    assertThat(filter.topics().get(2)).isEmpty();
    assertThat(filter.matches(A, List.of(T1, T3, T2))).isTrue();
    assertThat(filter.matches(A, List.of(T1, T1, T2))).isFalse();
    // Fewer topics than positions never matches.
    assertThat(filter.matches(A, List.of(T1, T2))).isFalse();
  }

  @Test
  void gethErrorTexts() {
    assertThatThrownBy(() -> parse("{\"address\":5}")).hasMessage("invalid addresses in query");
    assertThatThrownBy(() -> parse("{\"address\":[5]}"))
        .hasMessage("non-string address at index 0");
    assertThatThrownBy(() -> parse("{\"address\":[\"0x12\"]}"))
        .hasMessage(
            "invalid address at index 0: hex has invalid length 1 after decoding; expected 20 for address");
    assertThatThrownBy(() -> parse("{\"address\":\"12\"}"))
        .hasMessage("invalid address: hex string without 0x prefix");
    assertThatThrownBy(() -> parse("{\"topics\":[5]}")).hasMessage("invalid topic(s)");
    assertThatThrownBy(() -> parse("{\"topics\":[[5]]}")).hasMessage("invalid topic(s)");
    assertThatThrownBy(() -> parse("{\"topics\":[null,null,null,null,null]}"))
        .hasMessage("exceed max topics");
    assertThatThrownBy(() -> parse("\"x\"")).hasMessage("expected a filter object, got string");
  }
}
