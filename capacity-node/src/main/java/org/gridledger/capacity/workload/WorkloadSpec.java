package org.gridledger.capacity.workload;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What to run: arguments (empty: the image's entrypoint and cmd), extra environment, secrets (file
 * name to content, placed only on a tmpfs at {@code /run/secrets}) and published TCP ports.
 */
public record WorkloadSpec(
    List<String> args,
    Map<String, String> env,
    Map<String, byte[]> secrets,
    List<PortMapping> ports) {
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public WorkloadSpec {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    ports = List.copyOf(ports);
    TreeMap<String, byte[]> copy = new TreeMap<>();
    secrets.forEach(
        (k, v) -> {
          if (!SECRET_NAME.matcher(k).matches() || k.startsWith(".")) {
            throw new IllegalArgumentException("secret name must be [A-Za-z0-9._-]{1,64}: " + k);
          }
          copy.put(k, v.clone());
        });
    secrets = java.util.Collections.unmodifiableMap(copy);
    for (String k : env.keySet()) {
      if (!ENV_NAME.matcher(k).matches()) {
        throw new IllegalArgumentException("environment name not allowed: " + k);
      }
    }
  }

  /** A spec running {@code args} with nothing else. */
  public static WorkloadSpec command(String... args) {
    return new WorkloadSpec(List.of(args), Map.of(), Map.of(), List.of());
  }

  public WorkloadSpec withPorts(PortMapping... mappings) {
    return new WorkloadSpec(args, env, secrets, List.of(mappings));
  }

  public WorkloadSpec withSecrets(Map<String, byte[]> values) {
    return new WorkloadSpec(args, env, values, ports);
  }

  public WorkloadSpec withEnv(Map<String, String> values) {
    return new WorkloadSpec(args, values, secrets, ports);
  }
}
