import java.nio.file.*;
import org.gridledger.network.Eip8Vectors;
import static org.gridledger.network.Eip8Vectors.*;
import org.gridledger.evm.crypto.PrivateKey;
import org.gridledger.network.rlpx.*;
import org.gridledger.network.p2p.*;
import org.gridledger.network.node.*;
import java.util.*;

/** Writes the fuzz seed inputs (run from the repository root; see docs/network.md). */
public class GenerateFuzzSeeds {
  static Path base = Path.of("ledger-node/network/src/test/resources/org/gridledger/network");
  static void put(String cls, String method, String name, byte[] data) throws Exception {
    Path d = base.resolve(cls + "Inputs").resolve(method);
    Files.createDirectories(d);
    Files.write(d.resolve(name), data);
  }
  public static void main(String[] a) throws Exception {
    PrivateKey kA = PrivateKey.fromHex(STATIC_KEY_A), kB = PrivateKey.fromHex(STATIC_KEY_B);
    String[] auths = {AUTH_1, AUTH_2, AUTH_3}, acks = {ACK_1, ACK_2, ACK_3};
    for (int i = 0; i < 3; i++) {
      put("rlpx/HandshakeFuzzTest", "decryptPackets", "auth" + (i + 1), hex(auths[i]));
      put("rlpx/HandshakeFuzzTest", "decryptPackets", "ack" + (i + 1), hex(acks[i]));
    }
    // Plaintext bodies: decrypt the vectors (legacy: bare ECIES; EIP-8: size prefix as MAC data).
    for (int i = 0; i < 3; i++) {
      byte[] p = hex(auths[i]);
      byte[] body = i == 0 ? Ecies.decrypt(kB, p, new byte[0]) : Ecies.decrypt(kB, Arrays.copyOfRange(p, 2, p.length), Arrays.copyOf(p, 2));
      put("rlpx/HandshakeFuzzTest", "decodeBodies", "auth_body" + (i + 1), body);
      p = hex(acks[i]);
      body = i == 0 ? Ecies.decrypt(kA, p, new byte[0]) : Ecies.decrypt(kA, Arrays.copyOfRange(p, 2, p.length), Arrays.copyOf(p, 2));
      put("rlpx/HandshakeFuzzTest", "decodeBodies", "ack_body" + (i + 1), body);
    }
    // Frames: A's first frames (Hello, Ping, a capability message), as B receives them.
    RecipientHandshake r = new RecipientHandshake(kB, PrivateKey.fromHex(EPHEMERAL_KEY_B), hex(NONCE_B));
    r.onAuth(hex(AUTH_2));
    Secrets sa = new InitiatorHandshake(kA, NodeId.of(kB), PrivateKey.fromHex(EPHEMERAL_KEY_A), hex(NONCE_A)).secrets(hex(AUTH_2), hex(ACK_2));
    byte[] hello = new P2pMessage.Hello(5, "gridledger/0.1", List.of(new Capability("eth", 68)), 30303, NodeId.of(kA)).toRlpx().frameData();
    put("rlpx/FrameFuzzTest", "decodeFrame", "hello_frame", new FrameCodec(sa).encode(hello));
    put("rlpx/FrameFuzzTest", "decodeFrame", "ping_frame", new FrameCodec(sa).encode(new P2pMessage.Ping().toRlpx().frameData()));
    put("rlpx/FrameFuzzTest", "decodeFrameData", "hello", hello);
    put("rlpx/FrameFuzzTest", "decodeFrameData", "eip8_hello", concat(new byte[] {(byte) 0x80}, hex(HELLO)));
    put("rlpx/FrameFuzzTest", "decodeFrameData", "disconnect", new P2pMessage.Disconnect(DisconnectReason.TOO_MANY_PEERS).toRlpx().frameData());
    put("rlpx/FrameFuzzTest", "decodeFrameData", "ping", new P2pMessage.Ping().toRlpx().frameData());
    String[] names = {"ping_plain", "ping_v4", "ping_v555", "pong", "findnode", "neighbors"};
    String[] packets = {PING_PLAIN, PING_V4, PING_V555, PONG, FIND_NODE, NEIGHBORS};
    for (int i = 0; i < names.length; i++) {
      byte[] p = hex(packets[i]);
      put("discovery/DiscoveryPacketFuzzTest", "decodePacket", names[i], p);
      put("discovery/DiscoveryPacketFuzzTest", "decodePacketData", names[i], Arrays.copyOfRange(p, 97, p.length));
    }
    put("node/NodeRecordFuzzTest", "decodeRecord", "enr_example", NodeRecord.fromText(ENR_TEXT).encoded());
    String hexId = NodeId.of(kB).toHex();
    put("node/NodeRecordFuzzTest", "parseEnodeUrl", "ipv4", ("enode://" + hexId + "@127.0.0.1:30303?discport=30301").getBytes());
    put("node/NodeRecordFuzzTest", "parseEnodeUrl", "ipv6", ("enode://" + hexId + "@[::1]:30303").getBytes());
    put("node/NodeRecordFuzzTest", "parseEnodeUrl", "dns", ("enode://" + hexId + "@boot.example.org:1").getBytes());
  }
  static byte[] concat(byte[] x, byte[] y) { byte[] o = Arrays.copyOf(x, x.length + y.length); System.arraycopy(y, 0, o, x.length, y.length); return o; }
}
