package org.gridledger.capacity.image;

import java.util.List;

/**
 * The parts of an OCI image configuration ({@code config} object of the image config blob) that
 * decide how the workload process starts. Lists are never null (empty when absent).
 */
public record ImageConfig(
    List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user) {
  public ImageConfig {
    env = List.copyOf(env);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    workingDir = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
    user = user == null ? "" : user;
  }
}
