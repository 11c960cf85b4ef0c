package org.gridledger.rpc.methods;

import com.fasterxml.jackson.databind.node.TextNode;
import org.gridledger.evm.types.Keccak;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.json.JsonResults;
import org.gridledger.rpc.json.ParamParsers;

/** {@code web3_clientVersion} and {@code web3_sha3}. */
public final class Web3Api {
  private final String clientVersion;

  /**
   * @param clientVersion the string {@code web3_clientVersion} returns ({@link ClientVersion})
   */
  public Web3Api(String clientVersion) {
    this.clientVersion = clientVersion;
  }

  public void registerTo(RpcMethods.Builder methods) {
    methods.add(
        "web3_clientVersion", 0, params -> RpcResult.success(TextNode.valueOf(clientVersion)));
    // Keccak-256 (not SHA3-256) of the given data, as every client implements it.
    methods.add(
        "web3_sha3",
        1,
        params ->
            RpcResult.success(
                JsonResults.data(Keccak.hash(params.required(0, "data", ParamParsers.DATA)))));
  }
}
