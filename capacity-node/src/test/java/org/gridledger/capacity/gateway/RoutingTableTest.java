package org.gridledger.capacity.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridledger.capacity.workload.WorkloadId;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  final WorkloadId a = new WorkloadId("n1-c1");
  final WorkloadId b = new WorkloadId("n1-c2");

  @Test
  void putLookupReplaceRemove() {
    RoutingTable t = new RoutingTable();
    t.put(new Route("alpha", a, "10.89.0.2", 80, false));
    assertThat(t.lookup("alpha")).map(Route::port).contains(80);
    t.put(new Route("alpha", a, "10.89.0.2", 80, false).withPaused(true));
    assertThat(t.lookup("alpha")).map(Route::paused).contains(true);
    assertThat(t.lookup("beta")).isEmpty();
    assertThat(t.remove("alpha")).isTrue();
    assertThat(t.remove("alpha")).isFalse();
    assertThat(t.snapshot()).isEmpty();
  }

  @Test
  void removeWorkloadDropsOnlyItsRoutes() {
    RoutingTable t = new RoutingTable();
    t.put(new Route("alpha", a, "10.89.0.2", 80, false));
    t.put(new Route("beta", b, "10.89.0.6", 80, false));
    t.removeWorkload(a);
    assertThat(t.snapshot()).containsOnlyKeys("beta");
  }

  @Test
  void countsOutliveTheRouteUntilForgotten() {
    RoutingTable t = new RoutingTable();
    t.put(new Route("alpha", a, "10.89.0.2", 80, false));
    t.count(a, 100);
    t.count(a, 23);
    t.count(b, 7);
    t.remove("alpha");
    assertThat(t.bytesRelayed(a)).isEqualTo(123);
    assertThat(t.bytesRelayed(b)).isEqualTo(7);
    t.forget(a);
    assertThat(t.bytesRelayed(a)).isZero();
    assertThat(t.bytesRelayed(b)).isEqualTo(7);
  }

  @Test
  void aRouteNeedsAPort() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Route("alpha", a, "h", 0, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
