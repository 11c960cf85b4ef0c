package org.gridledger.capacity.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.gridledger.sdk.GatewayName;

/**
 * Fuzz target for {@link GatewayHost#nameOf}: the Host header is whatever a client on the internet
 * sends. See docs/fuzzing.md.
 */
class GatewayHostFuzzTest {
  static final String DOMAIN = "gw.example.org";

  /**
   * Never throws; a name it returns is a valid gateway name, and the host rebuilt from it in
   * canonical form reads back to the same name.
   */
  @FuzzTest(maxDuration = "2m")
  void nameOfNeverThrowsAndReturnsOnlyValidNames(byte[] input) {
    String host = new String(input, StandardCharsets.UTF_8);
    Optional<String> name = GatewayHost.nameOf(host, DOMAIN);
    if (name.isEmpty()) {
      return;
    }
    assertEquals(name.get(), new GatewayName(name.get()).value());
    assertTrue(host.toLowerCase(java.util.Locale.ROOT).startsWith(name.get() + "."));
    assertEquals(name, GatewayHost.nameOf(name.get() + "." + DOMAIN, DOMAIN));
  }
}
