package org.gridledger.rpc.methods;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.function.LongSupplier;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.json.JsonResults;

/** {@code net_version}, {@code net_listening} and {@code net_peerCount}. */
public final class NetApi {
  private final long networkId;
  private final LongSupplier peerCount;

  /**
   * @param networkId the network id, returned as a decimal string as geth does
   * @param peerCount the number of connected peers, asked on each call (a constant 0 until the
   *     network module exists)
   */
  public NetApi(long networkId, LongSupplier peerCount) {
    this.networkId = networkId;
    this.peerCount = peerCount;
  }

  public void registerTo(RpcMethods.Builder methods) {
    methods.add(
        "net_version",
        0,
        params -> RpcResult.success(TextNode.valueOf(Long.toUnsignedString(networkId))));
    // geth: "always listening".
    methods.add("net_listening", 0, params -> RpcResult.success(JsonResults.bool(true)));
    methods.add(
        "net_peerCount",
        0,
        params -> RpcResult.success(JsonResults.quantity(peerCount.getAsLong())));
  }
}
