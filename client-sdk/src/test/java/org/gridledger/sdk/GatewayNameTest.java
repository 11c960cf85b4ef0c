package org.gridledger.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The name rules of docs/contracts.md, checked before anything is sent. */
class GatewayNameTest {
  @Test
  void acceptsNamesWithinTheRules() throws Exception {
    for (String ok : new String[] {"abc", "a-b", "web-01", "z" + "9".repeat(62), "a1-2-3"}) {
      assertThat(GatewayName.parse(ok).value()).isEqualTo(ok);
    }
  }

  @Test
  void refusesEachRuleWithWhereItBreaks() {
    assertThatThrownBy(() -> GatewayName.parse("ab"))
        .isInstanceOf(GridException.InvalidInput.class)
        .hasMessageContaining("has 2 characters");
    assertThatThrownBy(() -> GatewayName.parse("a".repeat(64)))
        .hasMessageContaining("has 64 characters");
    assertThatThrownBy(() -> GatewayName.parse("1abc"))
        .hasMessageContaining("character '1' at position 0 must be a letter");
    assertThatThrownBy(() -> GatewayName.parse("-abc"))
        .hasMessageContaining("character '-' at position 0 must be a letter");
    assertThatThrownBy(() -> GatewayName.parse("abc-"))
        .hasMessageContaining("character '-' at position 3 may not be '-' at the end");
    assertThatThrownBy(() -> GatewayName.parse("ab_c"))
        .hasMessageContaining("character '_' at position 2 is not allowed");
    assertThatThrownBy(() -> GatewayName.parse("abC"))
        .hasMessageContaining("character 'C' at position 2");
    assertThatThrownBy(() -> GatewayName.parse("ab\u00e9"))
        .hasMessageContaining("character U+00E9 at position 2");
    assertThatThrownBy(() -> GatewayName.parse(null)).hasMessageContaining("has 0 characters");
  }
}
