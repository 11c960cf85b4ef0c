package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.gridledger.core.chain.LogFilter;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.json.BlockParameter;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.ParamParser;
import org.gridledger.rpc.json.ParamParsers;

/**
 * The filter object of {@code eth_getLogs} and {@code eth_newFilter}: a block range ({@code
 * fromBlock}/{@code toBlock}, default {@code latest}) or one {@code blockHash}, and the address and
 * topic criteria (parsed with the subscription filter's geth rules).
 */
public record LogQuery(
    Optional<BlockParameter> fromBlock,
    Optional<BlockParameter> toBlock,
    Optional<Hash> blockHash,
    LogFilter criteria) {

  public static final ParamParser<LogQuery> PARSER = LogQuery::parse;

  static LogQuery parse(JsonNode node) throws InvalidParamException {
    org.gridledger.rpc.subscription.LogFilter f =
        org.gridledger.rpc.subscription.LogFilter.parse(node);
    Optional<BlockParameter> from = block(node, "fromBlock");
    Optional<BlockParameter> to = block(node, "toBlock");
    Optional<Hash> hash = Optional.empty();
    JsonNode h = node.get("blockHash");
    if (h != null && !h.isNull()) {
      if (from.isPresent() || to.isPresent()) {
        throw new InvalidParamException(
            "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
      }
      hash = Optional.of(ParamParsers.field("blockHash", ParamParsers.HASH, h));
    }
    return new LogQuery(from, to, hash, new LogFilter(f.addresses(), f.topics()));
  }

  private static Optional<BlockParameter> block(JsonNode node, String name)
      throws InvalidParamException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(ParamParsers.field(name, ParamParsers.BLOCK_NUMBER, v));
  }
}
