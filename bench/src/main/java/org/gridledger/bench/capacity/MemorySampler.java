package org.gridledger.bench.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples one process's {@code VmRSS} and {@code VmHWM} ({@code /proc/<pid>/status}) and its CPU
 * time ({@code /proc/<pid>/stat} utime + stime). Not thread-safe: one sampling thread.
 */
final class MemorySampler {
  /** USER_HZ: the unit of utime and stime. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** One reading: resident and peak resident KiB, CPU seconds so far. */
  record Reading(long rssKiB, long hwmKiB, double cpuSeconds) {}

  /** What a sampled window saw. */
  record Window(String name, int samples, long minRssKiB, long medianRssKiB, long maxRssKiB) {}

  private final long pid;

  MemorySampler(long pid) {
    this.pid = pid;
  }

  Reading read() {
    long rss = 0;
    long hwm = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kib(line);
        }
      }
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
      return new Reading(rss, hwm, cpu);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("process " + pid + " is gone", e);
    }
  }

  /**
   * Samples every {@code everyMillis} for {@code millis}, running {@code during} (if not null) on
   * the calling thread's schedule: it is called once per sample, so keep it short.
   */
  Window sample(String name, long millis, long everyMillis, Runnable during)
      throws InterruptedException {
    List<Long> rss = new ArrayList<>();
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      rss.add(read().rssKiB());
      if (during != null) {
        during.run();
      }
      Thread.sleep(everyMillis);
    }
    List<Long> sorted = rss.stream().sorted().toList();
    return new Window(
        name, sorted.size(), sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast());
  }

  private static long kib(String line) {
    return Long.parseLong(line.trim().split("\\s+")[1]);
  }
}
