package org.gridledger.app.bft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.gridledger.network.node.EnodeUrl;
import org.gridledger.network.node.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only network fault injection (docs/consensus.md, "Fault testing"): polls a file every {@link
 * #POLL_MILLIS} and hands the node ids it lists to the peer manager's cut-off filter. One entry per
 * line, an {@code enode://} URL or the 128 hex digits of a node id; blank lines and lines starting
 * with {@code #} are ignored. A missing or empty file means no cut. A line that does not parse is
 * logged and skipped, so a half-written file never crashes the node (tests write it atomically by
 * renaming).
 */
final class CutOffFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CutOffFile.class);
  static final long POLL_MILLIS = 100;

  private final Reader reader;
  private final Consumer<Set<NodeId>> apply;
  private final Thread poller;
  private Set<NodeId> current = Set.of();

  CutOffFile(Path file, Consumer<Set<NodeId>> apply) {
    this.reader = new Reader(file);
    this.apply = apply;
    this.poller = Thread.ofVirtual().name("fault-injection").start(this::poll);
  }

  private void poll() {
    while (!Thread.currentThread().isInterrupted()) {
      Set<NodeId> next = reader.read().orElse(current);
      if (!next.equals(current)) {
        current = next;
        LOG.atWarn().addKeyValue("nodes", next.size()).log("fault injection: cut-off set changed");
        apply.accept(next);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reads the file. */
  record Reader(Path file) {
    /** The node ids in the file now; none if it does not exist; empty if it cannot be read. */
    Optional<Set<NodeId>> read() {
      try {
        return Optional.of(parse(Files.readString(file, StandardCharsets.US_ASCII)));
      } catch (NoSuchFileException e) {
        return Optional.of(Set.of());
      } catch (IOException e) {
        LOG.atWarn().log("fault injection: cannot read " + file + ": " + e.getMessage());
        return Optional.empty();
      }
    }
  }

  static Set<NodeId> parse(String text) {
    Set<NodeId> ids = new HashSet<>();
    for (String raw : text.split("\n")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        ids.add(
            line.startsWith("enode://")
                ? EnodeUrl.parse(line).nodeId()
                : NodeId.fromHex(line.startsWith("0x") ? line.substring(2) : line));
      } catch (RuntimeException e) {
        LOG.atWarn().log("fault injection: skipping '" + line + "': " + e.getMessage());
      }
    }
    return Set.copyOf(ids);
  }

  @Override
  public void close() {
    poller.interrupt();
  }
}
