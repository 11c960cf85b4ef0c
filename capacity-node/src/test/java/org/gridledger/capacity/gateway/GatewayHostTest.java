package org.gridledger.capacity.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayHostTest {
  static final String DOMAIN = "gw.example.org";

  @ParameterizedTest
  @CsvSource({
    "myapp.gw.example.org, myapp",
    "myapp.gw.example.org:8080, myapp",
    "MyApp.GW.Example.Org, myapp",
    "myapp.gw.example.org., myapp",
    "myapp.gw.example.org.:80, myapp",
    "myapp.gw.example.org:, myapp",
    "a-1.gw.example.org, a-1",
  })
  void readsTheName(String host, String name) {
    assertThat(GatewayHost.nameOf(host, DOMAIN)).contains(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "gw.example.org",
        ".gw.example.org",
        "myapp.other.org",
        "myapp.gw.example.org.evil",
        "a.b.gw.example.org",
        "ab.gw.example.org", // two characters: below the contract's minimum
        "1app.gw.example.org",
        "app-.gw.example.org",
        "my_app.gw.example.org",
        "myapp.gw.example.org:99999",
        "myapp.gw.example.org:80:80",
        "myapp.gw.example.org:-1",
        "myapp.gw.example.org:８０",
        "[::1]:80",
        "127.0.0.1",
        "myapp .gw.example.org",
        "myäpp.gw.example.org",
        "myapp.gw.example.org\u0000",
        "myappgw.example.org",
      })
  void refusesEverythingElse(String host) {
    assertThat(GatewayHost.nameOf(host, DOMAIN)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void nullAndOverlongAreNoName() {
    assertThat(GatewayHost.nameOf(null, DOMAIN)).isEmpty();
    assertThat(GatewayHost.nameOf("a".repeat(300) + "." + DOMAIN, DOMAIN)).isEmpty();
    assertThat(GatewayHost.nameOf("a".repeat(64) + "." + DOMAIN, DOMAIN)).isEmpty();
    assertThat(GatewayHost.nameOf("a".repeat(63) + "." + DOMAIN, DOMAIN)).contains("a".repeat(63));
  }
}
