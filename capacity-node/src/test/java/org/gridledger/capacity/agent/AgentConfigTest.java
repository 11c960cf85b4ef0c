package org.gridledger.capacity.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gridledger.capacity.gateway.GatewayConfig;
import org.gridledger.capacity.image.BlobSource;
import org.gridledger.sdk.account.Keystore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentConfigTest {
  @TempDir Path dir;

  @Test
  void readsEveryKey() throws Exception {
    Path f = dir.resolve("node.yaml");
    Files.writeString(
        f,
        """
        rpcUrl: http://ledger:8545
        farmId: 3
        dataDir: /var/lib/gl
        identityKdf: light
        imageSources: [/srv/layout, "http://images:8080/layout"]
        capacity: {cores: 6, memory: 12GiB, disk: 200GiB}
        endpointHost: 203.0.113.20
        ports: {from: 21000, to: 21099}
        pidsLimit: 256
        location: {country: BE, city: Ghent}
        pollSeconds: 3
        """);
    AgentConfig c = AgentConfig.load(f);
    assertThat(c.wsUrl()).isEqualTo("ws://ledger:8545");
    assertThat(c.farmId()).isEqualTo(3);
    assertThat(c.identityKdf()).isEqualTo(Keystore.Strength.LIGHT);
    assertThat(c.imageSources()).hasSize(2);
    assertThat(c.imageSources().get(0)).isEqualTo(new BlobSource.LayoutDir(Path.of("/srv/layout")));
    assertThat(((BlobSource.Http) c.imageSources().get(1)).base())
        .isEqualTo(java.net.URI.create("http://images:8080/layout"));
    assertThat(c.cores().getAsLong()).isEqualTo(6);
    assertThat(c.memoryBytes().getAsLong()).isEqualTo(12L << 30);
    assertThat(c.diskBytes().getAsLong()).isEqualTo(200L << 30);
    assertThat(c.portFrom()).isEqualTo(21000);
    assertThat(c.portTo()).isEqualTo(21099);
    assertThat(c.pidsLimit()).isEqualTo(256);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.resyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.workDir()).isEqualTo(Path.of("/var/lib/gl/work"));
    assertThat(c.identityDir()).isEqualTo(Path.of("/var/lib/gl/identity"));
    assertThat(c.runtimeBinary()).isEqualTo("runc");
  }

  @Test
  void runtimeBinaryIsConfigurable() throws Exception {
    Path f = dir.resolve("crun.yaml");
    String base = "rpcUrl: http://x\nfarmId: 1\ndataDir: /d\nimageSources: [/l]\nendpointHost: h\n";
    Files.writeString(f, base + "runtime: {binary: crun}\n");
    assertThat(AgentConfig.load(f).runtimeBinary()).isEqualTo("crun");
    Files.writeString(f, base + "runtime: {binary: /usr/local/sbin/runc}\n");
    assertThat(AgentConfig.load(f).runtimeBinary()).isEqualTo("/usr/local/sbin/runc");
    Files.writeString(f, base + "runtime: {bin: crun}\n");
    assertThatThrownBy(() -> AgentConfig.load(f)).hasMessageContaining("unknown key 'runtime.bin'");
    Files.writeString(f, base + "runtime: {binary: ''}\n");
    assertThatThrownBy(() -> AgentConfig.load(f)).hasMessageContaining("'runtime.binary'");
    Files.writeString(f, base + "runtime: crun\n");
    assertThatThrownBy(() -> AgentConfig.load(f))
        .hasMessageContaining("'runtime' must be a mapping");
  }

  @Test
  void errorsNameTheKey() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        "rpcUrl: http://x\nfarmId: 1\ndataDir: /d\nimageSources: [/l]\nendpointHost: h\nport: 1\n");
    assertThatThrownBy(() -> AgentConfig.load(f)).hasMessageContaining("unknown key 'port'");
    Files.writeString(f, "rpcUrl: http://x\nfarmId: 1\ndataDir: /d\nimageSources: [/l]\n");
    assertThatThrownBy(() -> AgentConfig.load(f))
        .hasMessageContaining("'endpointHost' is required");
    Files.writeString(
        f,
        "rpcUrl: http://x\nfarmId: 1\ndataDir: /d\nimageSources: [/l]\nendpointHost: h\ncapacity: {memory: lots}\n");
    assertThatThrownBy(() -> AgentConfig.load(f)).hasMessageContaining("capacity.memory");
  }

  @Test
  void helpListsRunAndItsConfigOption() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new CapacityNodeCommand()).setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("run");
    out.getBuffer().setLength(0);
    assertThat(cl.execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("--config=<file>");
  }

  static final String BASE =
      "rpcUrl: http://x\nfarmId: 1\ndataDir: /d\nimageSources: [/l]\nendpointHost: h\n";

  @Test
  void theGatewayIsOffUnlessPortAndDomainAreSet() throws Exception {
    Path f = dir.resolve("gw.yaml");
    Files.writeString(f, BASE);
    assertThat(AgentConfig.load(f).gateway()).isEmpty();
    Files.writeString(f, BASE + "gateway: {port: 8080, domain: GW.Example.org.}\n");
    GatewayConfig g = AgentConfig.load(f).gateway().orElseThrow();
    assertThat(g.port()).isEqualTo(8080);
    assertThat(g.domain()).isEqualTo("gw.example.org");
    assertThat(g.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(g.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
    Files.writeString(
        f,
        BASE
            + "gateway: {port: 80, domain: gw.example.org, bindAddress: 192.0.2.1,"
            + " connectSeconds: 2, responseSeconds: 9, idleSeconds: 30}\n");
    g = AgentConfig.load(f).gateway().orElseThrow();
    assertThat(g.bindAddress()).isEqualTo("192.0.2.1");
    assertThat(g.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(g.responseTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(g.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void gatewayErrorsNameTheKey() throws Exception {
    Path f = dir.resolve("gw.yaml");
    Files.writeString(f, BASE + "gateway: {port: 8080}\n");
    assertThatThrownBy(() -> AgentConfig.load(f))
        .hasMessageContaining("needs both 'gateway.port' and 'gateway.domain'");
    Files.writeString(f, BASE + "gateway: {port: 8080, domain: localhost}\n");
    assertThatThrownBy(() -> AgentConfig.load(f)).hasMessageContaining("gateway domain");
    Files.writeString(f, BASE + "gateway: {port: 70000, domain: gw.example.org}\n");
    assertThatThrownBy(() -> AgentConfig.load(f)).hasMessageContaining("'gateway.port'");
    Files.writeString(f, BASE + "gateway: {port: 80, domain: gw.example.org, tls: yes}\n");
    assertThatThrownBy(() -> AgentConfig.load(f)).hasMessageContaining("unknown key 'gateway.tls'");
  }

  @Test
  void commandLineGatewayOptionsOverrideTheConfig() throws Exception {
    Path f = dir.resolve("gw.yaml");
    Files.writeString(
        f, BASE + "gateway: {port: 8080, domain: gw.example.org, responseSeconds: 9}\n");
    CapacityNodeCommand.Run run = new CapacityNodeCommand.Run();
    new CommandLine(run).parseArgs("--config", f.toString(), "--gateway-port", "8443");
    GatewayConfig g = run.withGatewayOptions(AgentConfig.load(f)).gateway().orElseThrow();
    assertThat(g.port()).isEqualTo(8443);
    assertThat(g.domain()).isEqualTo("gw.example.org");
    assertThat(g.responseTimeout()).isEqualTo(Duration.ofSeconds(9));

    Files.writeString(f, BASE);
    CapacityNodeCommand.Run only = new CapacityNodeCommand.Run();
    new CommandLine(only).parseArgs("--config", f.toString(), "--gateway-domain", "gw.test.net");
    assertThatThrownBy(() -> only.withGatewayOptions(AgentConfig.load(f)))
        .hasMessageContaining("needs both a port and a domain");
    CapacityNodeCommand.Run both = new CapacityNodeCommand.Run();
    new CommandLine(both)
        .parseArgs(
            "--config", f.toString(), "--gateway-domain", "gw.test.net", "--gateway-port", "80");
    assertThat(both.withGatewayOptions(AgentConfig.load(f)).gateway().orElseThrow().bindAddress())
        .isEqualTo("0.0.0.0");
  }

  @Test
  void runHelpDescribesTheGatewayOptions() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new CapacityNodeCommand()).setOut(new PrintWriter(out));
    assertThat(cl.execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("--gateway-port=<port>", "--gateway-domain=<domain>");
    assertThat(out.toString()).contains("--gateway-bind=<address>");
  }
}
