package org.gridledger.sdk.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The associated data that binds an envelope to where it belongs on chain (docs/encryption.md): a
 * label, the chain id, the Reservations contract and the parties. An envelope made for one context
 * does not open in another.
 *
 * <p>Layout: {@code label (ASCII) ‖ 0x00 ‖ chainId (8 bytes, big-endian) ‖ reservations address
 * (20) ‖ subject (20-byte address or 8-byte contract id, big-endian) ‖ nodeId (4, big-endian)}.
 */
public record ContractContext(byte[] bytes) {
  public static final String DEPLOYMENT_LABEL = "gridledger deployment v1";
  public static final String RESULT_LABEL = "gridledger result v1";

  public ContractContext {
    bytes = bytes.clone();
  }

  /**
   * A deployment, encrypted to the node before the contract exists: bound to the owner's account
   * and the node.
   */
  public static ContractContext deployment(
      long chainId, String reservationsAddress, String ownerAddress, long nodeId) {
    return of(DEPLOYMENT_LABEL, chainId, reservationsAddress, address(ownerAddress), nodeId);
  }

  /** A fulfilment result, encrypted to the owner: bound to the contract id and the node. */
  public static ContractContext result(
      long chainId, String reservationsAddress, long contractId, long nodeId) {
    return of(
        RESULT_LABEL,
        chainId,
        reservationsAddress,
        ByteBuffer.allocate(8).putLong(contractId).array(),
        nodeId);
  }

  private static ContractContext of(
      String label, long chainId, String reservations, byte[] subject, long nodeId) {
    byte[] text = label.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(text.length + 1 + 8 + 20 + subject.length + 4);
    b.put(text).put((byte) 0).putLong(chainId).put(address(reservations)).put(subject);
    b.putInt((int) nodeId);
    return new ContractContext(b.array());
  }

  private static byte[] address(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    byte[] out = HexFormat.of().parseHex(h);
    if (out.length != 20) {
      throw new IllegalArgumentException("an address is 20 bytes: " + hex);
    }
    return out;
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContractContext c && java.util.Arrays.equals(bytes, c.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ContractContext[0x" + HexFormat.of().formatHex(bytes) + "]";
  }
}
