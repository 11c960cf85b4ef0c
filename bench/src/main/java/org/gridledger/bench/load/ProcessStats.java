package org.gridledger.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory and CPU of a process and its descendants from {@code /proc} (Linux): anvil is started
 * through npm's node launcher, which runs the anvil binary as a child, so both count.
 */
public final class ProcessStats {
  /** Clock ticks per second of {@code /proc/<pid>/stat} times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessStats() {}

  /**
   * One reading over the tree.
   *
   * @param rssKiB the sum of {@code VmRSS}
   * @param hwmKiB the sum of {@code VmHWM} (each process's own peak; an upper bound of the tree's)
   * @param cpuSeconds user plus system CPU time of the processes alive now
   */
  public record Reading(long rssKiB, long hwmKiB, double cpuSeconds) {}

  public static Reading read(ProcessHandle root) {
    long rss = 0;
    long hwm = 0;
    double cpu = 0;
    for (ProcessHandle p : tree(root)) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
          if (line.startsWith("VmRSS:")) {
            rss += kib(line);
          } else if (line.startsWith("VmHWM:")) {
            hwm += kib(line);
          }
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
        // Fields after the command (which may hold spaces) start after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        cpu += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
      } catch (IOException | RuntimeException e) {
        // The process ended between listing and reading: it no longer uses memory.
      }
    }
    return new Reading(rss, hwm, cpu);
  }

  private static List<ProcessHandle> tree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root);
    root.descendants().forEach(all::add);
    return all;
  }

  private static long kib(String line) {
    String[] parts = line.trim().split("\\s+");
    return Long.parseLong(parts[1]);
  }
}
