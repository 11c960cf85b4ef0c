package org.gridledger.capacity.bundle;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.gridledger.capacity.workload.WorkloadId;
import org.gridledger.capacity.workload.WorkloadLimits;

/**
 * A prepared OCI bundle: {@code dir/config.json} and {@code dir/rootfs}, plus what the runtime sets
 * up on the host side before starting it: the writable volume (mounted at {@link #volumeMount()}),
 * the secrets tmpfs ({@link #secretsMount()}; the secret bytes are held here in memory only and
 * written to that tmpfs, never to disk) and the network namespace {@link #netnsName()}.
 */
public record Bundle(
    WorkloadId id,
    Path dir,
    WorkloadLimits limits,
    Map<String, byte[]> secrets,
    String netnsName,
    Optional<IdMapping> idMapping) {

  public Path configJson() {
    return dir.resolve("config.json");
  }

  public Path rootfs() {
    return dir.resolve("rootfs");
  }

  /** Host-side mount point of the workload's writable volume, bind-mounted at /data. */
  public Path volumeMount() {
    return dir.resolve("volume");
  }

  /** The sparse file holding the volume's ext4 file system. */
  public Path volumeImage() {
    return dir.resolve("volume.ext4");
  }

  /** Host-side mount point of the secrets tmpfs, bind-mounted read-only at /run/secrets. */
  public Path secretsMount() {
    return dir.resolve("secrets");
  }

  /** The uid/gid that is root inside the workload, on the host. */
  public long hostRootId() {
    return idMapping.map(IdMapping::hostId).orElse(0L);
  }
}
