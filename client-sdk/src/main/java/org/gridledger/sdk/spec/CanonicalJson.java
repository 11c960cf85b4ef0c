package org.gridledger.sdk.spec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form of a spec: what is encrypted to the node and hashed. Object members
 * sorted by name (all names are ASCII), no insignificant whitespace, integers in decimal, strings
 * with the escapes of RFC 8785 (JSON Canonicalization Scheme): {@code \" \\ \b \f \n \r \t}, other
 * control characters as <code>&#92;u00xx</code> (lowercase), everything else as UTF-8. Sizes are
 * bytes; absent optional fields are left out; {@code env}, {@code secrets} and {@code ports} are
 * always present. The same spec always gives the same bytes.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code spec}. */
  public static byte[] of(DeploymentSpec spec) {
    Map<String, Object> root = new TreeMap<>();
    root.put("version", (long) DeploymentSpec.VERSION);
    root.put("name", spec.name());
    root.put("image", spec.image().toString());
    spec.location()
        .ifPresent(
            l -> {
              Map<String, Object> loc = new TreeMap<>();
              loc.put("country", l.country());
              l.city().ifPresent(c -> loc.put("city", c));
              root.put("location", loc);
            });
    Map<String, Object> res = new TreeMap<>();
    res.put("cpu", spec.resources().cpu());
    res.put("memory", spec.resources().memoryBytes());
    res.put("disk", spec.resources().diskBytes());
    res.put("hdd", spec.resources().hddBytes());
    root.put("resources", res);
    root.put("env", new TreeMap<String, Object>(spec.env()));
    root.put("secrets", new TreeMap<String, Object>(spec.secrets()));
    root.put(
        "ports",
        spec.ports().stream()
            .map(
                p -> {
                  Map<String, Object> m = new TreeMap<>();
                  m.put("port", (long) p.port());
                  m.put("protocol", p.protocol());
                  return (Object) m;
                })
            .toList());
    root.put("publicIps", (long) spec.publicIps());
    spec.gateway().ifPresent(g -> root.put("gateway", g));
    StringBuilder out = new StringBuilder();
    write(out, root);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Canonical JSON of a tree of maps (sorted here), lists, strings, longs and booleans. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    switch (value) {
      case Map<?, ?> map -> {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put((String) k, v));
        out.append('{');
        boolean first = true;
        for (var e : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, e.getKey());
          out.append(':');
          write(out, e.getValue());
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(out, list.get(i));
        }
        out.append(']');
      }
      case String s -> string(out, s);
      case Long l -> out.append(l);
      case Integer i -> out.append(i);
      case Boolean b -> out.append(b);
      default -> throw new IllegalArgumentException("not a canonical JSON value: " + value);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
