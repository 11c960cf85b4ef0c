package org.gridledger.capacity.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.gridledger.capacity.gateway.GatewayConfig;
import org.gridledger.capacity.image.BlobSource;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.spec.ByteSize;

/**
 * The agent's configuration, read from a YAML file (docs/operator-guide.md lists every key).
 *
 * @param rpcUrl the ledger node's HTTP JSON-RPC URL
 * @param wsUrl its WebSocket URL (default: rpcUrl with ws/wss)
 * @param farmId the farm the node registers in
 * @param dataDir identity, image cache and work dir live here
 * @param passphraseFile where the identity passphrase is, if not in the environment
 * @param identityKdf scrypt strength of a new identity
 * @param imageSources OCI layout directories or HTTP bases serving blobs/sha256/&lt;hex&gt;
 * @param cores capacity override: logical cores offered
 * @param memoryBytes capacity override: memory offered
 * @param diskBytes capacity override: disk offered
 * @param endpointHost the host name or address reported to owners in endpoints
 * @param publishAddress the address published ports listen on
 * @param portFrom first host port for published workload ports
 * @param portTo last host port for published workload ports
 * @param pidsLimit processes and threads per workload
 * @param country node location, ISO 3166-1 alpha-2
 * @param city node location
 * @param pollInterval how often the block number is polled (always; the only way without WS)
 * @param resyncInterval a full reconciliation at least this often, blocks or not
 * @param consumptionInterval how often consumption is reported
 * @param gateway the name-contract gateway, present only when both {@code gateway.port} and {@code
 *     gateway.domain} are configured
 * @param runtimeBinary key {@code runtime.binary}: the OCI runtime executable, {@code runc} (the
 *     default) or {@code crun}, a name on PATH or a path
 */
public record AgentConfig(
    String rpcUrl,
    String wsUrl,
    long farmId,
    Path dataDir,
    Optional<Path> passphraseFile,
    Keystore.Strength identityKdf,
    List<BlobSource> imageSources,
    OptionalLong cores,
    OptionalLong memoryBytes,
    OptionalLong diskBytes,
    String endpointHost,
    String publishAddress,
    int portFrom,
    int portTo,
    long pidsLimit,
    String country,
    String city,
    Duration pollInterval,
    Duration resyncInterval,
    Duration consumptionInterval,
    Optional<GatewayConfig> gateway,
    String runtimeBinary) {

  private static final Set<String> KEYS =
      Set.of(
          "rpcUrl",
          "wsUrl",
          "farmId",
          "dataDir",
          "passphraseFile",
          "identityKdf",
          "imageSources",
          "capacity",
          "endpointHost",
          "publishAddress",
          "ports",
          "pidsLimit",
          "location",
          "pollSeconds",
          "resyncSeconds",
          "consumptionSeconds",
          "gateway",
          "runtime");

  private static final Set<String> GATEWAY_KEYS =
      Set.of("port", "domain", "bindAddress", "connectSeconds", "responseSeconds", "idleSeconds");

  private static final Set<String> RUNTIME_KEYS = Set.of("binary");

  /** The identity directory: the only state that must survive (with the image cache). */
  public Path identityDir() {
    return dataDir.resolve("identity");
  }

  /** Verified blobs by digest; may be wiped, it refills from the sources. */
  public Path imageCache() {
    return dataDir.resolve("images");
  }

  /** Bundles, volumes and container logs: disposable, rebuilt from the chain. */
  public Path workDir() {
    return dataDir.resolve("work");
  }

  /** This config with the gateway replaced (the CLI's --gateway-* options). */
  public AgentConfig withGateway(Optional<GatewayConfig> g) {
    return new AgentConfig(
        rpcUrl,
        wsUrl,
        farmId,
        dataDir,
        passphraseFile,
        identityKdf,
        imageSources,
        cores,
        memoryBytes,
        diskBytes,
        endpointHost,
        publishAddress,
        portFrom,
        portTo,
        pidsLimit,
        country,
        city,
        pollInterval,
        resyncInterval,
        consumptionInterval,
        g,
        runtimeBinary);
  }

  /** Reads and checks a config file; errors name the key. */
  public static AgentConfig load(Path file) throws AgentConfigException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new AgentConfigException(file + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new AgentConfigException(file + ": expected a YAML mapping");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new AgentConfigException(file + ": unknown key '" + k + "' (known: " + KEYS + ")");
      }
    }
    String rpc = text(root, "rpcUrl", file).orElseThrow(() -> missing("rpcUrl", file));
    String ws = text(root, "wsUrl", file).orElse(rpc.replaceFirst("^http", "ws"));
    long farm =
        number(root.get("farmId"), "farmId", file).orElseThrow(() -> missing("farmId", file));
    Path data = Path.of(text(root, "dataDir", file).orElseThrow(() -> missing("dataDir", file)));
    Optional<Path> pass = text(root, "passphraseFile", file).map(Path::of);
    Keystore.Strength kdf =
        switch (text(root, "identityKdf", file).orElse("standard")) {
          case "standard" -> Keystore.Strength.STANDARD;
          case "light" -> Keystore.Strength.LIGHT;
          default -> throw new AgentConfigException(file + ": identityKdf is standard or light");
        };
    List<BlobSource> sources = new ArrayList<>();
    JsonNode src = root.path("imageSources");
    if (!src.isArray() || src.isEmpty()) {
      throw new AgentConfigException(file + ": imageSources needs at least one entry");
    }
    for (JsonNode s : src) {
      String v = s.asText();
      sources.add(
          v.startsWith("http://") || v.startsWith("https://")
              ? new BlobSource.Http(URI.create(v))
              : new BlobSource.LayoutDir(Path.of(v)));
    }
    JsonNode cap = root.path("capacity");
    OptionalLong cores = number(cap.get("cores"), "capacity.cores", file);
    OptionalLong mem = bytes(cap.get("memory"), "capacity.memory", file);
    OptionalLong disk = bytes(cap.get("disk"), "capacity.disk", file);
    String endpointHost =
        text(root, "endpointHost", file).orElseThrow(() -> missing("endpointHost", file));
    String publish = text(root, "publishAddress", file).orElse("0.0.0.0");
    JsonNode ports = root.path("ports");
    long from = number(ports.get("from"), "ports.from", file).orElse(20000);
    long to = number(ports.get("to"), "ports.to", file).orElse(29999);
    if (from < 1 || to > 65535 || from > to) {
      throw new AgentConfigException(file + ": ports.from..ports.to must lie in 1..65535");
    }
    long pids = number(root.get("pidsLimit"), "pidsLimit", file).orElse(512);
    JsonNode runtime = root.path("runtime");
    if (!runtime.isMissingNode() && !runtime.isObject()) {
      throw new AgentConfigException(file + ": 'runtime' must be a mapping (binary: runc)");
    }
    for (Iterator<String> it = runtime.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!RUNTIME_KEYS.contains(k)) {
        throw new AgentConfigException(
            file + ": unknown key 'runtime." + k + "' (known: runtime.binary)");
      }
    }
    JsonNode binary = runtime.get("binary");
    if (binary != null && (!binary.isTextual() || binary.asText().isBlank())) {
      throw new AgentConfigException(
          file + ": 'runtime.binary' must be a non-empty string (runc, crun or a path)");
    }
    String runtimeBinary = binary == null ? "runc" : binary.asText();
    JsonNode loc = root.path("location");
    String country = loc.path("country").asText("");
    String city = loc.path("city").asText("");
    return new AgentConfig(
        rpc,
        ws,
        farm,
        data,
        pass,
        kdf,
        List.copyOf(sources),
        cores,
        mem,
        disk,
        endpointHost,
        publish,
        (int) from,
        (int) to,
        pids,
        country,
        city,
        Duration.ofSeconds(number(root.get("pollSeconds"), "pollSeconds", file).orElse(2)),
        Duration.ofSeconds(number(root.get("resyncSeconds"), "resyncSeconds", file).orElse(30)),
        Duration.ofSeconds(
            number(root.get("consumptionSeconds"), "consumptionSeconds", file).orElse(300)),
        gateway(root.get("gateway"), file),
        runtimeBinary);
  }

  /**
   * The gateway section: off unless both port and domain are set. It listens on all addresses by
   * default because it is the node's public HTTP entrance (docs/operator-guide.md).
   */
  private static Optional<GatewayConfig> gateway(JsonNode g, Path file)
      throws AgentConfigException {
    if (g == null || g.isNull()) {
      return Optional.empty();
    }
    if (!g.isObject()) {
      throw new AgentConfigException(file + ": 'gateway' must be a mapping (port, domain, ...)");
    }
    for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!GATEWAY_KEYS.contains(k)) {
        throw new AgentConfigException(
            file + ": unknown key 'gateway." + k + "' (known: " + GATEWAY_KEYS + ")");
      }
    }
    OptionalLong port = number(g.get("port"), "gateway.port", file);
    Optional<String> domain = text(g, "domain", file);
    if (port.isEmpty() && domain.isEmpty()) {
      return Optional.empty();
    }
    if (port.isEmpty() || domain.isEmpty()) {
      throw new AgentConfigException(
          file + ": the gateway needs both 'gateway.port' and 'gateway.domain'");
    }
    if (port.getAsLong() < 1 || port.getAsLong() > 65535) {
      throw new AgentConfigException(file + ": 'gateway.port' must lie in 1..65535");
    }
    try {
      return Optional.of(
          new GatewayConfig(
              text(g, "bindAddress", file).orElse("0.0.0.0"),
              (int) port.getAsLong(),
              domain.get(),
              Duration.ofSeconds(
                  number(g.get("connectSeconds"), "gateway.connectSeconds", file).orElse(5)),
              Duration.ofSeconds(
                  number(g.get("responseSeconds"), "gateway.responseSeconds", file).orElse(60)),
              Duration.ofSeconds(
                  number(g.get("idleSeconds"), "gateway.idleSeconds", file).orElse(120))));
    } catch (IllegalArgumentException e) {
      throw new AgentConfigException(file + ": gateway: " + e.getMessage());
    }
  }

  private static AgentConfigException missing(String key, Path file) {
    return new AgentConfigException(file + ": '" + key + "' is required");
  }

  private static Optional<String> text(JsonNode root, String key, Path file)
      throws AgentConfigException {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isValueNode() || n.asText().isBlank()) {
      throw new AgentConfigException(file + ": '" + key + "' must be a non-empty string");
    }
    return Optional.of(n.asText());
  }

  private static OptionalLong number(JsonNode n, String key, Path file)
      throws AgentConfigException {
    if (n == null || n.isNull()) {
      return OptionalLong.empty();
    }
    if (!n.canConvertToLong() || n.asLong() < 0) {
      throw new AgentConfigException(file + ": '" + key + "' must be a non-negative integer");
    }
    return OptionalLong.of(n.asLong());
  }

  private static OptionalLong bytes(JsonNode n, String key, Path file) throws AgentConfigException {
    if (n == null || n.isNull()) {
      return OptionalLong.empty();
    }
    if (n.canConvertToLong()) {
      return OptionalLong.of(n.asLong());
    }
    Optional<Long> parsed = ByteSize.parse(n.asText());
    if (parsed.isEmpty()) {
      throw new AgentConfigException(file + ": '" + key + "' must be a size like 8GiB");
    }
    return OptionalLong.of(parsed.get());
  }
}
