package org.gridledger.capacity.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A published port: accepts TCP connections on a host port and relays each, byte for byte in both
 * directions, to the workload's address inside its network namespace. One virtual thread per
 * direction. Chosen over iptables DNAT because it needs no packet-filter tooling on the host, works
 * the same on every kernel, and counts bytes per workload where the agent can read them
 * (consumption reports). Cost: one user-space copy per byte and the workload sees the host end of
 * the veth as the client address.
 */
final class PortForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PortForwarder.class);
  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytes = new AtomicLong();

  PortForwarder(InetAddress bind, int hostPort, InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(bind, hostPort));
    Thread.ofVirtual().name("forward-" + hostPort).start(this::acceptLoop);
  }

  /** Bytes relayed in both directions since this forwarder started. */
  long bytesRelayed() {
    return bytes.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        // close() may race with an accept already under way (the listening socket's close is
        // deferred while a thread is blocked on it): a connection accepted after close() must not
        // reach the workload.
        open.add(client);
        if (server.isClosed()) {
          open.remove(client);
          closeQuietly(client);
          break;
        }
        Thread.ofVirtual().start(() -> relay(client));
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.atWarn().addKeyValue("error", e.toString()).log("accept failed");
        }
      }
    }
  }

  private void relay(Socket client) {
    open.add(client);
    Socket upstream = new Socket();
    open.add(upstream);
    try {
      upstream.connect(target, CONNECT_TIMEOUT_MS);
      Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
      pump(client, upstream);
      back.join();
    } catch (IOException e) {
      LOG.atDebug().addKeyValue("target", target).addKeyValue("error", e.toString()).log("relay");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(upstream);
      closeQuietly(client);
      open.remove(upstream);
      open.remove(client);
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        bytes.addAndGet(n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
      closeQuietly(from);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    open.forEach(PortForwarder::closeQuietly);
  }
}
