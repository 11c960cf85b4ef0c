package org.gridledger.network.rlpx;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.gridledger.network.WireFormatException;

/**
 * RLPx framing (rlpx.md "Framing" and "MAC"): each frame is {@code header-ciphertext(16) ‖
 * header-mac(16) ‖ frame-ciphertext ‖ frame-mac(16)}, the header being {@code frame-size(3) ‖
 * rlp([0, 0]) ‖ zero padding} and the frame data zero-padded to 16 bytes. Both directions encrypt
 * with AES-256-CTR keyed by {@code aes-secret} and a zero IV, each as one continuous key stream.
 * MACs are checked before anything is decrypted.
 *
 * <p>One codec per connection. Encoding and decoding use separate state, so one writer thread and
 * one reader thread may use a codec concurrently; neither side is thread-safe by itself. After a
 * {@link WireFormatException} the ingress state is out of step and the connection must be closed.
 */
public final class FrameCodec {
  /** Bytes of header ciphertext plus header MAC read before the frame size is known. */
  public static final int HEADER_SIZE = 32;

  /** The largest frame-data a 24-bit frame-size can describe. */
  public static final int MAX_FRAME_SIZE = 0xffffff;

  /** {@code rlp([capability-id = 0, context-id = 0])}: the only header-data in use. */
  private static final byte[] HEADER_DATA = {(byte) 0xc2, (byte) 0x80, (byte) 0x80};

  private final Cipher encryptor;
  private final Cipher decryptor;
  private final MacState egressMac;
  private final MacState ingressMac;

  public FrameCodec(Secrets secrets) {
    this.encryptor = ctr(secrets.aesSecret());
    this.decryptor = ctr(secrets.aesSecret());
    this.egressMac = secrets.egressMac();
    this.ingressMac = secrets.ingressMac();
  }

  private static Cipher ctr(byte[] key) {
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is a standard JDK algorithm", e);
    }
  }

  /** Encodes and encrypts one frame carrying {@code frameData} (message id and message data). */
  public byte[] encode(byte[] frameData) {
    if (frameData.length > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "frame data of " + frameData.length + " bytes exceeds 2^24-1");
    }
    byte[] header = new byte[16];
    header[0] = (byte) (frameData.length >>> 16);
    header[1] = (byte) (frameData.length >>> 8);
    header[2] = (byte) frameData.length;
    System.arraycopy(HEADER_DATA, 0, header, 3, HEADER_DATA.length);
    int padded = padded(frameData.length);
    byte[] out = new byte[HEADER_SIZE + padded + 16];
    byte[] headerCiphertext = encryptor.update(header);
    System.arraycopy(headerCiphertext, 0, out, 0, 16);
    System.arraycopy(egressMac.updateHeader(headerCiphertext), 0, out, 16, 16);
    byte[] body = Arrays.copyOf(frameData, padded);
    byte[] bodyCiphertext = padded == 0 ? body : encryptor.update(body);
    System.arraycopy(bodyCiphertext, 0, out, HEADER_SIZE, padded);
    System.arraycopy(
        egressMac.updateFrame(bodyCiphertext, 0, padded), 0, out, HEADER_SIZE + padded, 16);
    return out;
  }

  /**
   * Authenticates and decrypts a frame header ({@value #HEADER_SIZE} bytes) and returns the frame
   * size it announces; read {@link #bodySize(int)} more bytes for {@link #decodeBody}.
   *
   * @throws WireFormatException if the header MAC does not match
   */
  public int decodeHeader(byte[] header) {
    if (header.length != HEADER_SIZE) {
      throw new WireFormatException("frame header must be 32 bytes, got " + header.length, 0);
    }
    byte[] headerCiphertext = Arrays.copyOf(header, 16);
    byte[] expected = ingressMac.updateHeader(headerCiphertext);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(header, 16, 32))) {
      throw new WireFormatException("frame header MAC mismatch", 16);
    }
    byte[] plain = decryptor.update(headerCiphertext);
    // The header-data ([capability-id, context-id]) is unused by RLPx v5 (rlpx.md "Known Issues")
    // and ignored here, as its forward-compatible content may change.
    return ((plain[0] & 0xff) << 16) | ((plain[1] & 0xff) << 8) | (plain[2] & 0xff);
  }

  /** Bytes following the header for a frame of {@code frameSize}: padded ciphertext and MAC. */
  public static int bodySize(int frameSize) {
    return padded(frameSize) + 16;
  }

  /**
   * Authenticates and decrypts a frame body of {@link #bodySize(int)} bytes and returns its frame
   * data (padding removed).
   *
   * @throws WireFormatException if the size is wrong or the frame MAC does not match
   */
  public byte[] decodeBody(byte[] body, int frameSize) {
    if (frameSize < 0 || frameSize > MAX_FRAME_SIZE || body.length != bodySize(frameSize)) {
      throw new WireFormatException(
          "frame body of " + body.length + " bytes does not fit frame size " + frameSize, 0);
    }
    int padded = body.length - 16;
    byte[] expected = ingressMac.updateFrame(body, 0, padded);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(body, padded, body.length))) {
      throw new WireFormatException("frame MAC mismatch", padded);
    }
    byte[] plain = padded == 0 ? new byte[0] : decryptor.update(Arrays.copyOf(body, padded));
    return Arrays.copyOf(plain, frameSize);
  }

  /**
   * Decodes one whole frame (header and body, nothing more) and returns its frame data.
   *
   * @throws WireFormatException for a short or long input or a MAC mismatch
   */
  public byte[] decode(byte[] frame) {
    if (frame.length < HEADER_SIZE) {
      throw new WireFormatException(
          "frame of " + frame.length + " bytes is shorter than its header", 0);
    }
    int size = decodeHeader(Arrays.copyOf(frame, HEADER_SIZE));
    if (frame.length - HEADER_SIZE != bodySize(size)) {
      throw new WireFormatException(
          "frame announces "
              + size
              + " bytes of data but has "
              + (frame.length - HEADER_SIZE)
              + " after its header",
          0);
    }
    return decodeBody(Arrays.copyOfRange(frame, HEADER_SIZE, frame.length), size);
  }

  // Cipher.update returns null for empty input, hence the padded == 0 cases above.
  private static int padded(int size) {
    return (size + 15) & ~15;
  }
}
