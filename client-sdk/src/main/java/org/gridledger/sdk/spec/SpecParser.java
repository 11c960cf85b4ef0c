package org.gridledger.sdk.spec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and validates deployment specs (docs/deployment-spec.md). YAML and JSON are both accepted
 * (JSON is YAML). Validation is strict and complete: unknown fields, duplicate keys, wrong types
 * and out-of-range values are all reported at once, each with its path and the fix.
 */
public final class SpecParser {
  static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  static final Pattern IMAGE =
      Pattern.compile("([a-z0-9][a-z0-9._/:-]*[a-z0-9])@(sha256:[0-9a-f]{64})");
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  static final Pattern GATEWAY = Pattern.compile("[a-z][a-z0-9-]{1,61}[a-z0-9]");
  static final int MAX_PUBLIC_IPS = 16;
  static final long MAX_CPU = 1024;
  static final int MAX_ENTRIES = 256;
  static final int MAX_VALUE_LENGTH = 4096;

  private static final Set<String> TOP =
      Set.of(
          "version",
          "name",
          "image",
          "location",
          "resources",
          "env",
          "secrets",
          "ports",
          "publicIps",
          "gateway");

  private final ObjectMapper yaml;

  public SpecParser() {
    this.yaml = new ObjectMapper(new YAMLFactory());
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** Reads a spec file ({@code .yaml}, {@code .yml} or {@code .json}). */
  public DeploymentSpec read(Path file) throws SpecException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new SpecException(
          file.toString(),
          List.of(
              new SpecProblem(
                  "(file)",
                  "cannot read it: " + e.getMessage(),
                  "check the path and permissions")));
    }
    return parse(text, file.toString());
  }

  /** Parses spec text; {@code source} names it in errors. */
  public DeploymentSpec parse(String text, String source) throws SpecException {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonParseException e) {
      throw new SpecException(source, List.of(syntax(e)));
    } catch (JsonProcessingException e) {
      throw new SpecException(source, List.of(syntax(e)));
    }
    Checker c = new Checker();
    DeploymentSpec spec = c.spec(root);
    if (!c.problems.isEmpty() || spec == null) {
      throw new SpecException(source, c.problems);
    }
    return spec;
  }

  private static SpecProblem syntax(JsonProcessingException e) {
    var loc = e.getLocation();
    String where =
        loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return new SpecProblem(
        "(syntax)",
        "not valid YAML/JSON" + where + ": " + e.getOriginalMessage(),
        "fix the syntax; docs/deployment-spec.md has a complete example");
  }

  /** Collects problems while it builds the spec. */
  private static final class Checker {
    final List<SpecProblem> problems = new ArrayList<>();

    void problem(String path, String what, String fix) {
      problems.add(new SpecProblem(path, what, fix));
    }

    DeploymentSpec spec(JsonNode root) {
      if (root == null || root.isMissingNode() || root.isNull()) {
        problem("(root)", "the file is empty", "write a spec: see docs/deployment-spec.md");
        return null;
      }
      if (!root.isObject()) {
        problem(
            "(root)", "expected a mapping of fields, got " + kind(root), "start with 'version: 1'");
        return null;
      }
      unknownFields(root, "", TOP);
      JsonNode version = root.get("version");
      if (version == null) {
        problem("version", "missing", "add 'version: 1'");
      } else if (!version.isInt() || version.asInt() != DeploymentSpec.VERSION) {
        problem("version", "is " + version + ", this SDK reads version 1", "set 'version: 1'");
      }
      String name = requiredString(root, "name", "name it, e.g. 'name: web'");
      if (name != null && !NAME.matcher(name).matches()) {
        problem(
            "name",
            "'"
                + name
                + "' is not 1-63 characters of a-z, 0-9 and '-' (not starting or ending with '-')",
            "use e.g. 'web-1'");
      }
      DeploymentSpec.ImageRef image = image(root);
      Optional<DeploymentSpec.LocationHint> location = location(root.get("location"));
      DeploymentSpec.Resources resources = resources(root.get("resources"));
      TreeMap<String, String> env = variables(root.get("env"), "env");
      TreeMap<String, String> secrets = variables(root.get("secrets"), "secrets");
      for (String key : env.keySet()) {
        if (secrets.containsKey(key)) {
          problem(
              "secrets." + key,
              "also set in env",
              "keep each variable in one place: secrets for values only the node may read");
        }
      }
      List<DeploymentSpec.Port> ports = ports(root.get("ports"));
      int publicIps = publicIps(root.get("publicIps"));
      Optional<String> gateway = Optional.empty();
      JsonNode gw = root.get("gateway");
      if (gw != null && !gw.isNull()) {
        if (!gw.isTextual()) {
          problem("gateway", "expected a name, got " + kind(gw), "write e.g. 'gateway: myapp'");
        } else if (!GATEWAY.matcher(gw.asText()).matches()) {
          problem(
              "gateway",
              "'"
                  + gw.asText()
                  + "' is not 3-63 characters of a-z, 0-9 and '-' starting with a letter and not ending with '-'",
              "the Reservations contract's name rules apply; use e.g. 'myapp'");
        } else {
          gateway = Optional.of(gw.asText());
        }
      }
      boolean resourcesValid = problems.stream().noneMatch(p -> p.path().startsWith("resources"));
      if (resources != null
          && resourcesValid
          && resources.cpu() == 0
          && resources.memoryBytes() == 0
          && resources.diskBytes() == 0
          && resources.hddBytes() == 0
          && publicIps == 0) {
        problem("resources", "reserves nothing", "ask for at least cpu and memory");
      }
      if (!problems.isEmpty()) {
        return null;
      }
      return new DeploymentSpec(
          name, image, location, resources, env, secrets, ports, publicIps, gateway);
    }

    private DeploymentSpec.ImageRef image(JsonNode root) {
      String image =
          requiredString(
              root,
              "image",
              "pin the image by digest, e.g. 'image: docker.io/library/nginx@sha256:<64 hex>'");
      if (image == null) {
        return null;
      }
      var m = IMAGE.matcher(image);
      if (!m.matches()) {
        String fix =
            image.contains("@")
                ? "the digest is 'sha256:' and 64 lowercase hex digits"
                : "a tag can change under you: pin the image by digest,"
                    + " e.g. '"
                    + image.replaceAll(":[^/:]*$", "")
                    + "@sha256:<64 hex>'"
                    + " (docker buildx imagetools inspect shows it)";
        problem("image", "'" + image + "' is not an image reference by digest", fix);
        return null;
      }
      return new DeploymentSpec.ImageRef(m.group(1), m.group(2));
    }

    private Optional<DeploymentSpec.LocationHint> location(JsonNode node) {
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      if (!node.isObject()) {
        problem(
            "location",
            "expected a mapping, got " + kind(node),
            "write e.g. 'location: {country: BE}'");
        return Optional.empty();
      }
      unknownFields(node, "location.", Set.of("country", "city"));
      JsonNode country = node.get("country");
      String code = null;
      if (country == null || !country.isTextual() || !COUNTRY.matcher(country.asText()).matches()) {
        problem(
            "location.country",
            country == null ? "missing" : country + " is not a two-letter country code",
            "use an ISO 3166-1 alpha-2 code in capitals, e.g. BE");
      } else {
        code = country.asText();
      }
      Optional<String> city = Optional.empty();
      JsonNode c = node.get("city");
      if (c != null && !c.isNull()) {
        if (!c.isTextual() || c.asText().isBlank() || c.asText().length() > 64) {
          problem(
              "location.city",
              "expected a city name of 1-64 characters",
              "write e.g. 'city: Ghent'");
        } else {
          city = Optional.of(c.asText());
        }
      }
      return code == null
          ? Optional.empty()
          : Optional.of(new DeploymentSpec.LocationHint(code, city));
    }

    private DeploymentSpec.Resources resources(JsonNode node) {
      if (node == null || node.isNull()) {
        problem(
            "resources", "missing", "add e.g. 'resources: {cpu: 1, memory: 1GiB, disk: 10GiB}'");
        return null;
      }
      if (!node.isObject()) {
        problem(
            "resources",
            "expected a mapping, got " + kind(node),
            "write e.g. 'resources: {cpu: 1, memory: 1GiB}'");
        return null;
      }
      unknownFields(node, "resources.", Set.of("cpu", "memory", "disk", "hdd"));
      long cpu = 0;
      JsonNode c = node.get("cpu");
      if (c == null) {
        problem("resources.cpu", "missing", "add the number of cores, e.g. 'cpu: 2'");
      } else if (!c.canConvertToExactIntegral()
          || !c.isNumber()
          || c.asLong() < 1
          || c.asLong() > MAX_CPU) {
        problem(
            "resources.cpu",
            c + " is not a whole number of cores from 1 to " + MAX_CPU,
            "write e.g. 'cpu: 2'");
      } else {
        cpu = c.asLong();
      }
      long memory = size(node, "memory", true, 1L << 20);
      long disk = size(node, "disk", false, 0);
      long hdd = size(node, "hdd", false, 0);
      return new DeploymentSpec.Resources(cpu, memory, disk, hdd);
    }

    private long size(JsonNode parent, String field, boolean required, long min) {
      String path = "resources." + field;
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        if (required) {
          problem(path, "missing", "add a size with a unit, e.g. '" + field + ": 4GiB'");
        }
        return 0;
      }
      Optional<Long> bytes = Optional.empty();
      if (n.isIntegralNumber() && n.canConvertToLong()) {
        bytes = Optional.of(n.asLong());
      } else if (n.isTextual()) {
        bytes = ByteSize.parse(n.asText());
      }
      if (bytes.isEmpty() || bytes.get() < 0) {
        problem(
            path,
            n + " is not a size",
            "write bytes or a number with a unit: KiB, MiB, GiB, TiB (or KB, MB, GB, TB), e.g. '4GiB'");
        return 0;
      }
      if (bytes.get() < min) {
        problem(
            path,
            n.asText() + " is less than " + ByteSize.format(min),
            "ask for at least " + ByteSize.format(min));
        return 0;
      }
      return bytes.get();
    }

    private TreeMap<String, String> variables(JsonNode node, String path) {
      TreeMap<String, String> out = new TreeMap<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isObject()) {
        problem(
            path,
            "expected a mapping of NAME: value, got " + kind(node),
            "write e.g. '" + path + ": {LOG_LEVEL: info}'");
        return out;
      }
      if (node.size() > MAX_ENTRIES) {
        problem(
            path,
            node.size() + " entries, at most " + MAX_ENTRIES,
            "move configuration into the image");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        var e = fields.next();
        String at = path + "." + e.getKey();
        if (!ENV_NAME.matcher(e.getKey()).matches()) {
          problem(
              at,
              "'" + e.getKey() + "' is not a variable name",
              "use letters, digits and '_', not starting with a digit");
          continue;
        }
        JsonNode v = e.getValue();
        if (!v.isValueNode() || v.isNull()) {
          problem(
              at,
              "expected a text value, got " + kind(v),
              "quote the value: " + e.getKey() + ": \"...\"");
          continue;
        }
        String value = v.asText();
        if (value.length() > MAX_VALUE_LENGTH) {
          problem(
              at,
              "value is " + value.length() + " characters, at most " + MAX_VALUE_LENGTH,
              "shorten it");
          continue;
        }
        out.put(e.getKey(), value);
      }
      return out;
    }

    private List<DeploymentSpec.Port> ports(JsonNode node) {
      List<DeploymentSpec.Port> out = new ArrayList<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isArray()) {
        problem(
            "ports", "expected a list, got " + kind(node), "write e.g. 'ports: [80, 443, 53/udp]'");
        return out;
      }
      Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode p = node.get(i);
        String at = "ports[" + i + "]";
        Integer port = null;
        String protocol = "tcp";
        if (p.isInt()) {
          port = p.asInt();
        } else if (p.isTextual() && p.asText().matches("[0-9]{1,5}(/(tcp|udp))?")) {
          String[] parts = p.asText().split("/");
          port = Integer.parseInt(parts[0]);
          protocol = parts.length > 1 ? parts[1] : "tcp";
        } else if (p.isObject()) {
          unknownFields(p, at + ".", Set.of("port", "protocol"));
          JsonNode n = p.get("port");
          if (n != null && n.isInt()) {
            port = n.asInt();
          }
          JsonNode pr = p.get("protocol");
          if (pr != null) {
            if (pr.isTextual() && (pr.asText().equals("tcp") || pr.asText().equals("udp"))) {
              protocol = pr.asText();
            } else {
              problem(
                  at + ".protocol",
                  pr + " is not tcp or udp",
                  "write 'protocol: tcp' or 'protocol: udp'");
              continue;
            }
          }
        }
        if (port == null) {
          problem(
              at,
              p + " is not a port",
              "write a number (80), '53/udp' or {port: 53, protocol: udp}");
          continue;
        }
        if (port < 1 || port > 65535) {
          problem(at, "port " + port + " is outside 1-65535", "use a port from 1 to 65535");
          continue;
        }
        if (!seen.add(port + "/" + protocol)) {
          problem(at, port + "/" + protocol + " is listed twice", "remove the duplicate");
          continue;
        }
        out.add(new DeploymentSpec.Port(port, protocol));
      }
      return out;
    }

    private int publicIps(JsonNode node) {
      if (node == null || node.isNull()) {
        return 0;
      }
      if (!node.isInt() || node.asInt() < 0 || node.asInt() > MAX_PUBLIC_IPS) {
        problem(
            "publicIps",
            node + " is not a count from 0 to " + MAX_PUBLIC_IPS,
            "a node contract reserves at most 16 public IPv4 addresses");
        return 0;
      }
      return node.asInt();
    }

    private String requiredString(JsonNode parent, String field, String fix) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        problem(field, "missing", fix);
        return null;
      }
      if (!n.isTextual()) {
        problem(field, "expected text, got " + kind(n), fix);
        return null;
      }
      return n.asText();
    }

    private void unknownFields(JsonNode node, String prefix, Set<String> known) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!known.contains(name)) {
          String close =
              known.stream()
                  .filter(k -> k.equalsIgnoreCase(name) || distance(k, name) <= 2)
                  .findFirst()
                  .map(k -> "did you mean '" + k + "'?")
                  .orElse(
                      "known fields here: " + String.join(", ", new java.util.TreeSet<>(known)));
          problem(prefix + name, "unknown field", close);
        }
      }
    }

    private static String kind(JsonNode n) {
      return n.isObject()
          ? "a mapping"
          : n.isArray()
              ? "a list"
              : n.isTextual()
                  ? "text"
                  : n.isNumber() ? "a number" : n.isBoolean() ? "true/false" : "null";
    }

    private static int distance(String a, String b) {
      int[][] d = new int[a.length() + 1][b.length() + 1];
      for (int i = 0; i <= a.length(); i++) {
        d[i][0] = i;
      }
      for (int j = 0; j <= b.length(); j++) {
        d[0][j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        }
      }
      return d[a.length()][b.length()];
    }
  }
}
