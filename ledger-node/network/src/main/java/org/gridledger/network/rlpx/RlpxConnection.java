package org.gridledger.network.rlpx;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Arrays;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.WireFormatException;
import org.gridledger.network.node.NodeId;

/**
 * An RLPx connection over a blocking TCP socket: runs the handshake (as initiator or recipient),
 * then sends and receives framed messages.
 *
 * <p>Threading: {@link #send} is synchronised, so any thread may send; {@link #receive} must be
 * called by one reader thread at a time. Closing the connection closes the socket. A {@link
 * WireFormatException} from {@link #receive} means the peer sent invalid data; the caller should
 * disconnect it (the stream is out of step afterwards).
 */
public final class RlpxConnection implements Closeable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final FrameCodec codec;
  private final NodeId remoteId;

  private RlpxConnection(Socket socket, DataInputStream in, Secrets secrets) throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.codec = new FrameCodec(secrets);
    this.remoteId = secrets.remoteId();
  }

  /**
   * Opens the connection as initiator on a connected socket: sends an EIP-8 auth, reads the ack. On
   * any failure the socket is closed.
   *
   * @throws WireFormatException if the ack is invalid
   */
  public static RlpxConnection initiate(
      Socket socket, PrivateKey key, NodeId remoteId, SecureRandom random) throws IOException {
    try {
      byte[] nonce = new byte[32];
      random.nextBytes(nonce);
      InitiatorHandshake handshake =
          new InitiatorHandshake(key, remoteId, PrivateKey.random(random), nonce);
      OutputStream os = socket.getOutputStream();
      os.write(handshake.authPacket(random));
      os.flush();
      DataInputStream is = new DataInputStream(socket.getInputStream());
      byte[] ack = readHandshakePacket(is, HandshakePackets.LEGACY_ACK_SIZE);
      return new RlpxConnection(socket, is, handshake.onAck(ack));
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket, e);
      throw e;
    }
  }

  /**
   * Accepts the connection as recipient on an accepted socket: reads auth (EIP-8 or legacy),
   * answers with ack in the same format. On any failure the socket is closed.
   *
   * @throws WireFormatException if the auth is invalid
   */
  public static RlpxConnection accept(Socket socket, PrivateKey key, SecureRandom random)
      throws IOException {
    try {
      byte[] nonce = new byte[32];
      random.nextBytes(nonce);
      RecipientHandshake handshake = new RecipientHandshake(key, PrivateKey.random(random), nonce);
      DataInputStream is = new DataInputStream(socket.getInputStream());
      handshake.onAuth(readHandshakePacket(is, HandshakePackets.LEGACY_AUTH_SIZE));
      OutputStream os = socket.getOutputStream();
      os.write(handshake.ackPacket(random));
      os.flush();
      return new RlpxConnection(socket, is, handshake.secrets());
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket, e);
      throw e;
    }
  }

  private static void closeQuietly(Socket socket, Exception cause) {
    try {
      socket.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Reads one handshake packet. A legacy packet is a bare ECIES ciphertext whose first byte is the
   * 0x04 of its uncompressed public key; an EIP-8 packet starts with a 16-bit size. A size prefix
   * starting with 0x04 would announce 1024..1279 bytes, larger than any EIP-8 handshake this or
   * other implementations send (EIP-8's padding stops at 300 bytes), so 0x04 selects the legacy
   * format.
   */
  static byte[] readHandshakePacket(InputStream is, int legacySize) throws IOException {
    DataInputStream din = new DataInputStream(is);
    byte[] prefix = new byte[2];
    readFully(din, prefix);
    int size;
    if (prefix[0] == 0x04) {
      size = legacySize - 2;
    } else {
      size = ((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff);
      if (size > HandshakePackets.MAX_EIP8_SIZE) {
        throw new WireFormatException("handshake packet of " + size + " bytes is too large", 0);
      }
    }
    byte[] packet = Arrays.copyOf(prefix, 2 + size);
    readFully(din, packet, 2, size);
    return packet;
  }

  /** Sends one message. */
  public synchronized void send(RlpxMessage message) throws IOException {
    out.write(codec.encode(message.frameData()));
    out.flush();
  }

  /**
   * Blocks until one whole frame has arrived and returns its message.
   *
   * @throws WireFormatException if the frame's MACs or message id are invalid
   * @throws EOFException if the peer closed the connection
   */
  public RlpxMessage receive() throws IOException {
    byte[] header = new byte[FrameCodec.HEADER_SIZE];
    readFully(in, header);
    int size = codec.decodeHeader(header);
    byte[] body = new byte[FrameCodec.bodySize(size)];
    readFully(in, body);
    return RlpxMessage.decode(codec.decodeBody(body, size));
  }

  /** Removes the socket read timeout set for the handshake: sessions may be idle for long. */
  public void clearReadTimeout() throws IOException {
    socket.setSoTimeout(0);
  }

  /** The remote node's static public key, authenticated by the handshake. */
  public NodeId remoteId() {
    return remoteId;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static void readFully(InputStream is, byte[] b) throws IOException {
    readFully(is, b, 0, b.length);
  }

  private static void readFully(InputStream is, byte[] b, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int n = is.read(b, off + done, len - done);
      if (n < 0) {
        throw new EOFException("connection closed after " + done + " of " + len + " bytes");
      }
      done += n;
    }
  }
}
