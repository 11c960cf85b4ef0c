package org.gridledger.sdk.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParserTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String EXAMPLE =
      """
      version: 1
      name: web
      image: docker.io/library/nginx@%s
      location: {country: BE, city: Ghent}
      resources:
        cpu: 2
        memory: 4GiB
        disk: 20GiB
      env:
        LOG_LEVEL: info
        WORKERS: 4
      secrets:
        DB_PASSWORD: "p\\"w\\n"
      ports: [80, 53/udp, {port: 443, protocol: tcp}]
      publicIps: 1
      gateway: myapp
      """
          .formatted(DIGEST);

  private final SpecParser parser = new SpecParser();

  @Test
  void parsesTheExample() throws Exception {
    DeploymentSpec spec = parser.parse(EXAMPLE, "example.yaml");
    assertThat(spec.resources()).isEqualTo(new DeploymentSpec.Resources(2, 4L << 30, 20L << 30, 0));
    assertThat(spec.image().digest()).isEqualTo(DIGEST);
    assertThat(spec.env()).containsEntry("WORKERS", "4");
    assertThat(spec.ports())
        .containsExactly(
            new DeploymentSpec.Port(80, "tcp"),
            new DeploymentSpec.Port(53, "udp"),
            new DeploymentSpec.Port(443, "tcp"));
    assertThat(spec.toString()).doesNotContain("p\\\"w").contains("DB_PASSWORD");
  }

  @Test
  void canonicalJsonIsTheHandWrittenForm() throws Exception {
    DeploymentSpec spec = parser.parse(EXAMPLE, "example.yaml");
    // Written by hand from docs/deployment-spec.md's rules, not produced by the code under test.
    String expected =
        "{\"env\":{\"LOG_LEVEL\":\"info\",\"WORKERS\":\"4\"},\"gateway\":\"myapp\","
            + "\"image\":\"docker.io/library/nginx@"
            + DIGEST
            + "\",\"location\":{\"city\":\"Ghent\",\"country\":\"BE\"},\"name\":\"web\","
            + "\"ports\":[{\"port\":80,\"protocol\":\"tcp\"},{\"port\":53,\"protocol\":\"udp\"},"
            + "{\"port\":443,\"protocol\":\"tcp\"}],\"publicIps\":1,"
            + "\"resources\":{\"cpu\":2,\"disk\":21474836480,\"hdd\":0,\"memory\":4294967296},"
            + "\"secrets\":{\"DB_PASSWORD\":\"p\\\"w\\n\"},\"version\":1}";
    assertThat(new String(CanonicalJson.of(spec), StandardCharsets.UTF_8)).isEqualTo(expected);
    // The same spec written as JSON with other key order gives the same bytes.
    String json =
        "{\"version\":1,\"ports\":[80,\"53/udp\",443],\"name\":\"web\",\"gateway\":\"myapp\","
            + "\"publicIps\":1,\"secrets\":{\"DB_PASSWORD\":\"p\\\"w\\n\"},"
            + "\"env\":{\"WORKERS\":\"4\",\"LOG_LEVEL\":\"info\"},"
            + "\"resources\":{\"memory\":4294967296,\"disk\":\"20 GiB\",\"cpu\":2},"
            + "\"location\":{\"city\":\"Ghent\",\"country\":\"BE\"},"
            + "\"image\":\"docker.io/library/nginx@"
            + DIGEST
            + "\"}";
    assertThat(CanonicalJson.of(parser.parse(json, "example.json")))
        .isEqualTo(CanonicalJson.of(spec));
  }

  @Test
  void everyProblemIsReportedWithPathAndFix() {
    String bad =
        """
        version: 2
        name: Web_1
        image: nginx:latest
        resorces: {}
        resources: {cpu: 0, memory: 4 gigs, disk: -1, ssd: 1}
        env: {1BAD: x}
        ports: [70000, 80, 80]
        publicIps: 17
        gateway: "-x"
        """;
    assertThatThrownBy(() -> parser.parse(bad, "bad.yaml"))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              List<String> paths = e.problems().stream().map(SpecProblem::path).toList();
              assertThat(paths)
                  .containsExactlyInAnyOrder(
                      "resorces",
                      "version",
                      "name",
                      "image",
                      "resources.ssd",
                      "resources.cpu",
                      "resources.memory",
                      "resources.disk",
                      "env.1BAD",
                      "ports[0]",
                      "ports[2]",
                      "publicIps",
                      "gateway");
              SpecProblem typo =
                  e.problems().stream().filter(p -> p.path().equals("resorces")).findFirst().get();
              assertThat(typo.fix()).isEqualTo("did you mean 'resources'?");
              SpecProblem image =
                  e.problems().stream().filter(p -> p.path().equals("image")).findFirst().get();
              assertThat(image.fix()).contains("nginx@sha256:<64 hex>");
              assertThat(e.getMessage()).startsWith("bad.yaml: 13 problems");
            });
  }

  @Test
  void syntaxAndDuplicateKeys() {
    assertThatThrownBy(() -> parser.parse("name: a\nname: b\n", "dup.yaml"))
        .hasMessageContaining("(syntax)")
        .hasMessageContaining("Duplicate field 'name'");
    assertThatThrownBy(() -> parser.parse("{\"name\": ", "broken.json"))
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> parser.parse("", "empty.yaml")).hasMessageContaining("empty");
  }

  @Test
  void byteSizes() {
    assertThat(ByteSize.parse("4GiB")).contains(4L << 30);
    assertThat(ByteSize.parse("1.5 KiB")).contains(1536L);
    assertThat(ByteSize.parse("2GB")).contains(2_000_000_000L);
    assertThat(ByteSize.parse("0.3 B")).isEmpty();
    assertThat(ByteSize.parse("4 gigs")).isEmpty();
    assertThat(ByteSize.format(4L << 30)).isEqualTo("4 GiB");
  }
}
