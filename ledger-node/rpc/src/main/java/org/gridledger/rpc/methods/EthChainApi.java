package org.gridledger.rpc.methods;

import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.json.JsonResults;

/** {@code eth_chainId} (EIP-695): the chain id used for transaction signing (EIP-155). */
public final class EthChainApi {
  private final long chainId;

  public EthChainApi(long chainId) {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive, got " + chainId);
    }
    this.chainId = chainId;
  }

  public void registerTo(RpcMethods.Builder methods) {
    methods.add("eth_chainId", 0, params -> RpcResult.success(JsonResults.quantity(chainId)));
  }
}
