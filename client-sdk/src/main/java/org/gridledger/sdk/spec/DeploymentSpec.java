package org.gridledger.sdk.spec;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A validated deployment (docs/deployment-spec.md). Build one with {@link SpecParser}; its {@link
 * CanonicalJson} form is what gets encrypted to the node.
 *
 * @param name workload name, [a-z0-9-], 1-63 characters
 * @param image OCI image pinned by digest
 * @param location where the user would like it to run (a hint for node search)
 * @param resources cores and sizes in bytes
 * @param env environment variables (visible to the node, like everything in the spec)
 * @param secrets values only the node can read; never printed by the CLI
 * @param ports ports to expose
 * @param publicIps public IPv4 addresses to reserve (0-16)
 * @param gateway a gateway name to put in front of the workload
 */
public record DeploymentSpec(
    String name,
    ImageRef image,
    Optional<LocationHint> location,
    Resources resources,
    SortedMap<String, String> env,
    SortedMap<String, String> secrets,
    List<Port> ports,
    int publicIps,
    Optional<String> gateway) {

  /** The format version this SDK writes and reads. */
  public static final int VERSION = 1;

  public DeploymentSpec {
    env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(env));
    secrets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(secrets));
    ports = List.copyOf(ports);
  }

  /** An OCI image reference by digest: {@code repository@sha256:<64 hex digits>}. */
  public record ImageRef(String repository, String digest) {
    @Override
    public String toString() {
      return repository + "@" + digest;
    }
  }

  /** A location preference: ISO 3166-1 alpha-2 country and, optionally, a city. */
  public record LocationHint(String country, Optional<String> city) {}

  /** Capacity in TFGrid resource units: cores (cru), memory (mru), SSD (sru), HDD (hru) bytes. */
  public record Resources(long cpu, long memoryBytes, long diskBytes, long hddBytes) {}

  /** A port to expose. */
  public record Port(int port, String protocol) {}

  @Override
  public String toString() {
    // Secrets never appear in logs or messages.
    return "DeploymentSpec[name="
        + name
        + ", image="
        + image
        + ", resources="
        + resources
        + ", publicIps="
        + publicIps
        + ", secrets="
        + secrets.keySet()
        + "]";
  }
}
