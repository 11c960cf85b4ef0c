package org.gridledger.capacity.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs host commands (runc, ip, mount, mkfs) with a timeout; a non-zero exit is an exception. */
final class Commands {
  private static final long TIMEOUT_SECONDS = 60;

  private Commands() {}

  /**
   * Runs {@code command} and returns its standard output; stderr is part of the failure message.
   */
  static String run(List<String> command) {
    return run(command, null);
  }

  /**
   * Runs {@code command}; when {@code output} is set, stdout and stderr go to that file (used for
   * {@code runc create}, whose container keeps the descriptors open after runc exits).
   */
  static String run(List<String> command, File output) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
    if (output != null) {
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output));
    }
    try {
      Process p = pb.start();
      String out = "";
      String err = "";
      if (output == null) {
        // stderr on its own thread so neither pipe can fill up and stall the command.
        CompletableFuture<byte[]> stderr =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return p.getErrorStream().readAllBytes();
                  } catch (IOException e) {
                    return new byte[0];
                  }
                },
                Thread::startVirtualThread);
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        err = new String(stderr.join(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ContainerException(String.join(" ", command) + ": timed out");
      }
      if (p.exitValue() != 0) {
        throw new ContainerException(
            String.join(" ", command) + ": exit " + p.exitValue() + ": " + err.strip());
      }
      return out;
    } catch (IOException e) {
      throw new ContainerException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContainerException(String.join(" ", command) + ": interrupted", e);
    }
  }
}
