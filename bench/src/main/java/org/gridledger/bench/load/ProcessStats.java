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
   * @param jitCpuSeconds the part of {@code cpuSeconds} spent by HotSpot's JIT compiler threads
   *     (threads named {@code C1 CompilerThread…} and {@code C2 CompilerThread…}; 0 for other
   *     processes): how much of a JVM's CPU went to compiling rather than to its work
   */
  public record Reading(long rssKiB, long hwmKiB, double cpuSeconds, double jitCpuSeconds) {}

  public static Reading read(ProcessHandle root) {
    long rss = 0;
    long hwm = 0;
    double cpu = 0;
    double jit = 0;
    for (ProcessHandle p : tree(root)) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
          if (line.startsWith("VmRSS:")) {
            rss += kib(line);
          } else if (line.startsWith("VmHWM:")) {
            hwm += kib(line);
          }
        }
        cpu += cpuSeconds(Path.of("/proc", Long.toString(p.pid()), "stat"));
        jit += jitCpuSeconds(p.pid());
      } catch (IOException | RuntimeException e) {
        // The process ended between listing and reading: it no longer uses memory.
      }
    }
    return new Reading(rss, hwm, cpu, jit);
  }

  /**
   * User plus system time from a {@code stat} file of {@code /proc} (a process's or a thread's).
   */
  private static double cpuSeconds(Path statFile) throws IOException {
    String stat = Files.readString(statFile);
    // Fields after the command (which may hold spaces) start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /** CPU time of the process's JIT compiler threads (the kernel cuts names to 15 bytes). */
  private static double jitCpuSeconds(long pid) throws IOException {
    double jit = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            jit += cpuSeconds(task.resolve("stat"));
          }
        } catch (IOException e) {
          // the thread ended meanwhile; HotSpot stops idle compiler threads and keeps their time
          // nowhere, so a step's JIT share is a lower bound
        }
      }
    }
    return jit;
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
