package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.BlockExecutionResult;
import org.gridledger.core.chain.BlockExecutor;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.EvmInputs;
import org.gridledger.core.chain.TxLocation;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.state.StateChanges;
import org.gridledger.evm.tracing.OperationTracer;
import org.gridledger.evm.tx.ExecResult;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Hex;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcParams;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.json.BlockParameter;
import org.gridledger.rpc.json.BlockTag;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.ParamParser;
import org.gridledger.rpc.json.ParamParsers;

/**
 * {@code debug_getRawHeader}, {@code debug_getRawBlock}, {@code debug_getRawReceipts} and {@code
 * debug_getRawTransaction} (consensus encodings, as go-ethereum serves them), and {@code
 * debug_traceTransaction} and {@code debug_traceCall} (whose config may carry geth's {@code
 * stateOverrides}) with geth's default struct logger ({@link StructLogger}) or {@code "tracer":
 * "callTracer"} ({@link CallTracer}). A transaction is traced by replaying its block up to it on
 * the parent's state (the EIP-4788 system call and the earlier transactions through {@link
 * BlockExecutor}, then the transaction itself with the tracer).
 */
public final class DebugApi {
  private final Blockchain chain;
  private final TransactionPool pool;
  private final ChainView view;
  private final CallRunner calls;
  private final BlockExecutor executor;

  public DebugApi(Blockchain chain, TransactionPool pool, EthConfig config) {
    this.chain = chain;
    this.pool = pool;
    this.view = new ChainView(chain);
    this.calls = new CallRunner(chain.config().chainId(), config.callGasCap());
    this.executor = new BlockExecutor(chain.config());
  }

  /** geth's {@code TraceConfig} (the options this node supports). */
  record TraceConfig(
      Optional<String> tracer,
      boolean disableStack,
      boolean disableStorage,
      boolean enableMemory,
      boolean onlyTopCall,
      StateOverrides stateOverrides) {
    static final TraceConfig DEFAULT =
        new TraceConfig(Optional.empty(), false, false, false, false, StateOverrides.NONE);

    static final ParamParser<TraceConfig> PARSER =
        node -> {
          if (!node.isObject()) {
            throw new InvalidParamException(
                "cannot unmarshal " + ParamParsers.describe(node) + " into trace config");
          }
          Optional<String> tracer =
              node.hasNonNull("tracer")
                  ? Optional.of(
                      ParamParsers.field("tracer", ParamParsers.STRING, node.get("tracer")))
                  : Optional.empty();
          JsonNode tc = node.path("tracerConfig");
          return new TraceConfig(
              tracer.filter(t -> !t.isEmpty()),
              node.path("disableStack").asBoolean(false),
              node.path("disableStorage").asBoolean(false),
              node.path("enableMemory").asBoolean(false),
              tc.path("onlyTopCall").asBoolean(false),
              node.hasNonNull("stateOverrides")
                  ? ParamParsers.field(
                      "stateOverrides", StateOverrides.PARSER, node.get("stateOverrides"))
                  : StateOverrides.NONE);
        };
  }

  public void registerTo(RpcMethods.Builder m) {
    m.add("debug_traceTransaction", 2, this::traceTransaction);
    m.add("debug_traceCall", 3, this::traceCall);
    m.add("debug_getRawHeader", 1, this::rawHeader);
    m.add("debug_getRawBlock", 1, this::rawBlock);
    m.add("debug_getRawReceipts", 1, this::rawReceipts);
    m.add("debug_getRawTransaction", 1, this::rawTransaction);
  }

  // ------------------------------------------------------------------ raw (consensus) encodings

  /** The block a raw query names (number, tag or EIP-1898 hash), or geth's "not found" error. */
  private ChainView.Located rawTarget(RpcParams p) {
    BlockParameter block = p.required(0, "block", ParamParsers.BLOCK_NUMBER_OR_HASH);
    return view.find(block)
        .orElseThrow(
            () ->
                new RpcException(
                    new RpcError.ServerError(
                        block instanceof BlockParameter.ByHash h
                            ? "block " + h.hash() + " not found"
                            : "block not found")));
  }

  /** {@code debug_getRawHeader}: the header's RLP. */
  private RpcResult rawHeader(RpcParams p) {
    return hex(rawTarget(p).header().encode());
  }

  /** {@code debug_getRawBlock}: {@code RLP([header, transactions, ommers, withdrawals])}. */
  private RpcResult rawBlock(RpcParams p) {
    ChainView.Located at = rawTarget(p);
    BlockBody body = chain.blocks().body(at.hash()).orElseThrow(() -> missing("body", at));
    return hex(new Block(at.header(), body).encode());
  }

  /**
   * {@code debug_getRawReceipts}: each receipt's consensus encoding (typed ones prefixed with their
   * type), the leaves of the block's receipts trie.
   */
  private RpcResult rawReceipts(RpcParams p) {
    ChainView.Located at = rawTarget(p);
    List<Receipt> receipts =
        chain.blocks().receipts(at.hash()).orElseThrow(() -> missing("receipts", at));
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Receipt r : receipts) {
      out.add(Hex.encode(r.encode()));
    }
    return RpcResult.success(out);
  }

  /**
   * {@code debug_getRawTransaction}: the transaction's canonical encoding (typed: type byte and
   * payload), from the chain, else from the pool (as go-ethereum); null if neither holds it.
   */
  private RpcResult rawTransaction(RpcParams p) {
    Hash hash = p.required(0, "hash", ParamParsers.HASH);
    Optional<TxLocation> loc = chain.blocks().transactionLocation(hash);
    if (loc.isPresent()) {
      Optional<BlockBody> body = chain.blocks().body(loc.get().blockHash());
      if (body.isPresent()) {
        return hex(body.get().transactions().get(loc.get().index()).encode());
      }
    }
    return pool.get(hash)
        .map(pending -> hex(pending.transaction().encode()))
        .orElse(RpcResult.success(JsonNodeFactory.instance.nullNode()));
  }

  private static RpcResult hex(byte[] bytes) {
    return RpcResult.success(JsonNodeFactory.instance.textNode(Hex.encode(bytes)));
  }

  private static RpcException missing(String what, ChainView.Located at) {
    return new RpcException(
        new RpcError.ServerError(what + " of block " + at.header().number() + " not stored"));
  }

  private static void checkTracer(TraceConfig config) {
    if (config.tracer().isPresent() && !config.tracer().get().equals("callTracer")) {
      throw new RpcException(new RpcError.ServerError("tracer not found"));
    }
  }

  private RpcResult traceTransaction(RpcParams p) {
    Hash hash = p.required(0, "txHash", ParamParsers.HASH);
    TraceConfig config = p.optional(1, "config", TraceConfig.PARSER, TraceConfig.DEFAULT);
    checkTracer(config);
    TxLocation loc =
        chain
            .blocks()
            .transactionLocation(hash)
            .orElseThrow(() -> new RpcException(new RpcError.ServerError("transaction not found")));
    BlockHeader header = chain.blocks().header(loc.blockHash()).orElseThrow();
    BlockBody body = chain.blocks().body(loc.blockHash()).orElseThrow();
    BlockHeader parent = chain.blocks().header(header.parentHash()).orElseThrow();
    Transaction tx = body.transactions().get(loc.index());
    Address sender = tx.sender().orElseThrow();
    ChainView.Located parentAt = new ChainView.Located(parent, header.parentHash());
    ObjectNode result =
        view.withState(
            parentAt,
            state -> {
              BlockExecutor.Run run = executor.begin(header, state);
              for (int i = 0; i < loc.index(); i++) {
                run.apply(body.transactions().get(i));
              }
              BlockExecutionResult before = run.finish(null);
              for (StateChanges c : before.stateChanges()) {
                state.apply(c);
              }
              return trace(
                  config,
                  tracer ->
                      TransactionExecutor.cancun()
                          .execute(
                              new JournaledState(state),
                              EvmInputs.blockEnv(header, chain.config().chainId()),
                              EvmInputs.txEnv(tx, sender),
                              tracer),
                  sender,
                  tx.to().orElse(null),
                  tx.value(),
                  tx.data(),
                  tx.gasLimit());
            });
    return RpcResult.success(result);
  }

  private RpcResult traceCall(RpcParams p) {
    CallArgs args = p.required(0, "args", CallArgs.PARSER);
    ChainView.Located at =
        view.require(p.optional(1, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, BlockTag.LATEST));
    TraceConfig config = p.optional(2, "config", TraceConfig.PARSER, TraceConfig.DEFAULT);
    checkTracer(config);
    long gas = calls.callGas(args);
    ObjectNode result =
        view.withState(
            at,
            state ->
                trace(
                    config,
                    tracer ->
                        calls.run(
                            config.stateOverrides().over(state), at.header(), args, gas, tracer),
                    args.from().orElse(Address.ZERO),
                    args.to().orElse(null),
                    UInt256.of(args.value().orElse(java.math.BigInteger.ZERO)),
                    args.input(),
                    gas));
    return RpcResult.success(result);
  }

  private interface Execution {
    TransactionResult run(OperationTracer tracer);
  }

  private static ObjectNode trace(
      TraceConfig config,
      Execution execution,
      Address from,
      Address to,
      UInt256 value,
      byte[] input,
      long gas) {
    if (config.tracer().isPresent()) {
      CallTracer tracer = new CallTracer(config.onlyTopCall(), from, to, value, input, gas);
      TransactionResult.Executed e = executed(execution.run(tracer));
      String error =
          switch (e.result()) {
            case ExecResult.Success s -> null;
            case ExecResult.Revert r -> "execution reverted";
            case ExecResult.Halt h -> CallRunner.haltMessage(h.status());
          };
      return tracer.result(e.gasUsed(), e.result().output(), error);
    }
    StructLogger logger =
        new StructLogger(config.disableStack(), config.disableStorage(), config.enableMemory());
    TransactionResult.Executed e = executed(execution.run(logger));
    return logger.result(e.gasUsed(), !e.isSuccess(), e.result().output());
  }

  private static TransactionResult.Executed executed(TransactionResult r) {
    return switch (r) {
      case TransactionResult.Executed e -> e;
      case TransactionResult.Invalid i ->
          throw new RpcException(new RpcError.ServerError(i.reason()));
    };
  }
}
