package org.gridledger.bench.capacity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Sequential HTTP/1.0 GETs against a published port, timed from connect to the last byte (the
 * connection goes through the agent's port proxy to the workload's httpd). A plain socket, so the
 * client adds as little as possible of its own.
 */
final class Latency {
  /** Percentiles of one series, in microseconds. */
  record Summary(
      String name,
      int requests,
      int errors,
      long p50Micros,
      long p99Micros,
      long maxMicros,
      String firstError) {
    double p50Millis() {
      return p50Micros / 1000.0;
    }

    double p99Millis() {
      return p99Micros / 1000.0;
    }
  }

  private static final byte[] REQUEST =
      "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private String lastError = "";
  private final String host;
  private final int port;
  private final String expectBody;

  Latency(int port, String expectBody) {
    this("127.0.0.1", port, expectBody);
  }

  /** Requests to {@code host:port} directly, e.g. the workload's own address, past the proxy. */
  Latency(String host, int port, String expectBody) {
    this.host = host;
    this.port = port;
    this.expectBody = expectBody;
  }

  /**
   * One request; its time in microseconds, or -1 when it failed or answered something else (then
   * {@link #lastError} says what). Not thread-safe.
   */
  long once() {
    long t0 = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(REQUEST);
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      long micros = (System.nanoTime() - t0) / 1000;
      if (response.startsWith("HTTP/1.") && response.endsWith(expectBody)) {
        return micros;
      }
      lastError =
          "unexpected response of "
              + response.length()
              + " bytes: "
              + response.substring(0, Math.min(60, response.length())).replaceAll("\\s+", " ");
      return -1;
    } catch (IOException e) {
      lastError = e.toString();
      return -1;
    }
  }

  /** {@code count} requests one after the other. */
  Summary run(String name, int count) {
    List<Long> times = new ArrayList<>();
    int errors = 0;
    String firstError = "";
    for (int i = 0; i < count; i++) {
      long t = once();
      if (t < 0) {
        firstError = errors++ == 0 ? lastError : firstError;
      } else {
        times.add(t);
      }
    }
    return summarise(name, times, errors, firstError);
  }

  /** Requests one after the other while {@code more} says so. */
  Summary runWhile(String name, BooleanSupplier more) {
    List<Long> times = new ArrayList<>();
    int errors = 0;
    String firstError = "";
    while (more.getAsBoolean()) {
      long t = once();
      if (t < 0) {
        firstError = errors++ == 0 ? lastError : firstError;
      } else {
        times.add(t);
      }
    }
    return summarise(name, times, errors, firstError);
  }

  static Summary summarise(String name, List<Long> times, int errors, String firstError) {
    if (times.isEmpty()) {
      return new Summary(name, 0, errors, -1, -1, -1, firstError);
    }
    List<Long> s = times.stream().sorted().toList();
    return new Summary(
        name, s.size(), errors, percentile(s, 0.50), percentile(s, 0.99), s.getLast(), firstError);
  }

  /** Nearest-rank percentile of a sorted list. */
  static long percentile(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
