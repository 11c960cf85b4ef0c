package org.gridledger.capacity.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runc command line with a private state directory ({@code --root}), so this agent sees only
 * its own containers and the state survives agent restarts (runc keeps it in files, not in a
 * daemon).
 */
final class Runc {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String binary;
  private final Path root;

  Runc(String binary, Path root) {
    this.binary = binary;
    this.root = root;
  }

  /**
   * {@code runc create}: the container's stdout and stderr (and runc's errors) go to {@code log}.
   */
  void create(String id, Path bundle, Path log) {
    try {
      Files.createDirectories(root);
      Files.createDirectories(log.getParent());
      Commands.run(
          List.of(
              binary,
              "--root",
              root.toString(),
              "create",
              "--bundle",
              bundle.toString(),
              "--pid-file",
              bundle.resolve("init.pid").toString(),
              id),
          log.toFile());
    } catch (ContainerException e) {
      throw new ContainerException(e.getMessage() + ": " + tail(log), e);
    } catch (IOException e) {
      throw new ContainerException("runc create " + id + ": " + e.getMessage(), e);
    }
  }

  void start(String id) {
    run("start", id);
  }

  void kill(String id, String signal) {
    run("kill", id, signal);
  }

  void pause(String id) {
    run("pause", id);
  }

  void resume(String id) {
    run("resume", id);
  }

  void delete(String id) {
    run("delete", "--force", id);
  }

  /** {@code runc state}, or empty when runc does not know the container. */
  Optional<JsonNode> state(String id) {
    try {
      return Optional.of(JSON.readTree(run("state", id)));
    } catch (ContainerException e) {
      // runc: "container does not exist"; crun: "error opening file `<root>/<id>/status`: No
      // such file or directory".
      if (e.getMessage().contains("not exist") || e.getMessage().contains("No such file")) {
        return Optional.empty();
      }
      throw e;
    } catch (IOException e) {
      throw new ContainerException("runc state " + id + ": unreadable output", e);
    }
  }

  /** {@code runc list --format json}: every container under this root (state included). */
  List<JsonNode> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try {
      JsonNode all = JSON.readTree(run("list", "--format", "json"));
      List<JsonNode> out = new ArrayList<>();
      if (all != null && all.isArray()) {
        all.forEach(out::add);
      }
      return out;
    } catch (IOException e) {
      throw new ContainerException("runc list: unreadable output", e);
    }
  }

  private String run(String... args) {
    List<String> cmd = new ArrayList<>(List.of(binary, "--root", root.toString()));
    cmd.addAll(List.of(args));
    return Commands.run(cmd);
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s.strip();
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
