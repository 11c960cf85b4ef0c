package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.FeeRules;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.LocatedLog;
import org.gridledger.core.chain.TxLocation;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.state.AccountProof;
import org.gridledger.core.state.StateAccount;
import org.gridledger.core.tx.AccessListEntry;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.tx.TransactionDecoder;
import org.gridledger.core.tx.TransactionDecodingException;
import org.gridledger.core.txpool.AddResult;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.env.BlobGas;
import org.gridledger.evm.interpreter.ContractAddress;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.tx.ExecResult;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;
import org.gridledger.rpc.RpcMethods;
import org.gridledger.rpc.RpcParams;
import org.gridledger.rpc.RpcResult;
import org.gridledger.rpc.json.BlockParameter;
import org.gridledger.rpc.json.BlockTag;
import org.gridledger.rpc.json.InvalidParamException;
import org.gridledger.rpc.json.JsonResults;
import org.gridledger.rpc.json.ParamParser;
import org.gridledger.rpc.json.ParamParsers;

/**
 * The chain's {@code eth_*} methods, plus {@code txpool_status}/{@code txpool_content}, over a
 * {@link Blockchain} and a {@link TransactionPool}, with go-ethereum's encodings and errors (see
 * {@link EthJson}, and {@link ChainView} for block tags and how state reads are kept apart from
 * imports). {@code eth_chainId} is {@link org.gridledger.rpc.methods.EthChainApi}'s.
 */
public final class EthApi {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** geth's gas price oracle ({@code eth/gasprice}): blocks sampled, percentile, bounds. */
  static final int ORACLE_BLOCKS = 20;

  static final int ORACLE_PERCENTILE = 60;
  static final int ORACLE_SAMPLES_PER_BLOCK = 3;
  static final BigInteger ORACLE_IGNORE_PRICE = BigInteger.TWO;
  static final BigInteger ORACLE_MAX_PRICE = BigInteger.valueOf(500_000_000_000L);

  /** The price the oracle starts from: geth's default miner gas price, 0.001 gwei. */
  static final BigInteger ORACLE_DEFAULT_TIP = BigInteger.valueOf(1_000_000L);

  static final int MAX_FEE_HISTORY = 1024;

  /** geth's {@code maxQueryLimit}: most reward percentiles in one {@code eth_feeHistory}. */
  static final int MAX_REWARD_PERCENTILES = 100;

  private final ChainView view;
  private final Blockchain chain;
  private final TransactionPool pool;
  private final EthConfig config;
  private final CallRunner calls;
  private final Filters filters;

  private final SenderCache senders = new SenderCache(SenderCache.DEFAULT_CAPACITY);

  public EthApi(Blockchain chain, TransactionPool pool, EthConfig config) {
    this(chain, pool, config, Clock.systemUTC());
  }

  public EthApi(Blockchain chain, TransactionPool pool, EthConfig config, Clock clock) {
    this.chain = chain;
    this.view = new ChainView(chain);
    this.pool = pool;
    this.config = config;
    this.calls = new CallRunner(chain.config().chainId(), config.callGasCap());
    this.filters = new Filters(config.filterTimeout(), config.maxFilters(), clock);
    pool.onAdded(pt -> senders.put(pt.hash(), pt.sender()));
  }

  public ChainView view() {
    return view;
  }

  /** The polling filters, for {@link ChainEvents} to feed pending transactions into. */
  public Filters filters() {
    return filters;
  }

  public void registerTo(RpcMethods.Builder m) {
    m.add("eth_blockNumber", 0, p -> ok(JsonResults.quantity(chain.head().number())));
    m.add("eth_syncing", 0, p -> ok(JsonResults.bool(false)));
    m.add("eth_gasPrice", 0, p -> ok(JsonResults.quantity(gasPrice())));
    m.add("eth_maxPriorityFeePerGas", 0, p -> ok(JsonResults.quantity(suggestTip())));
    m.add("eth_feeHistory", 3, this::feeHistory);
    m.add(
        "eth_blobBaseFee",
        0,
        p -> {
          Long excess = chain.head().excessBlobGas();
          return ok(JsonResults.quantity(BlobGas.baseFee(excess == null ? 0 : excess)));
        });
    // The node holds no keys (geth without a keystore answers the same).
    m.add("eth_accounts", 0, p -> ok(NODES.arrayNode()));
    // Post-merge blocks have no uncles: a count of 0 for a known block, no uncle at any index.
    m.add(
        "eth_getUncleCountByBlockNumber",
        1,
        p -> uncleCount(view.find(p.required(0, "number", ParamParsers.BLOCK_NUMBER))));
    m.add(
        "eth_getUncleCountByBlockHash",
        1,
        p -> uncleCount(view.find(p.required(0, "hash", EthApi::byHash))));
    m.add("eth_getUncleByBlockNumberAndIndex", 2, p -> ok(JsonResults.nothing()));
    m.add("eth_getUncleByBlockHashAndIndex", 2, p -> ok(JsonResults.nothing()));
    m.add("eth_getBlockByNumber", 2, p -> blockResult(p, ParamParsers.BLOCK_NUMBER));
    m.add("eth_getBlockByHash", 2, p -> blockResult(p, EthApi::byHash));
    m.add(
        "eth_getBlockTransactionCountByNumber",
        1,
        p -> txCount(view.find(p.required(0, "number", ParamParsers.BLOCK_NUMBER))));
    m.add(
        "eth_getBlockTransactionCountByHash",
        1,
        p -> txCount(view.find(p.required(0, "hash", EthApi::byHash))));
    m.add("eth_getTransactionByHash", 1, this::transactionByHash);
    m.add(
        "eth_getTransactionByBlockNumberAndIndex", 2, p -> txByIndex(p, ParamParsers.BLOCK_NUMBER));
    m.add("eth_getTransactionByBlockHashAndIndex", 2, p -> txByIndex(p, EthApi::byHash));
    m.add("eth_getTransactionReceipt", 1, this::receipt);
    m.add("eth_getBlockReceipts", 1, this::blockReceipts);
    m.add("eth_getBalance", 2, this::balance);
    m.add("eth_getCode", 2, this::code);
    m.add("eth_getStorageAt", 3, this::storageAt);
    m.add("eth_getTransactionCount", 2, this::transactionCount);
    m.add("eth_sendRawTransaction", 1, this::sendRaw);
    m.add("eth_call", 3, this::call);
    m.add("eth_estimateGas", 3, this::estimateGas);
    m.add("eth_createAccessList", 3, this::createAccessList);
    m.add("eth_getLogs", 1, this::getLogs);
    m.add("eth_newFilter", 1, this::newFilter);
    m.add(
        "eth_newBlockFilter",
        0,
        p -> ok(text(filters.install(new Filters.Kind.Blocks(), chain.head().number()))));
    m.add(
        "eth_newPendingTransactionFilter",
        1,
        p ->
            ok(
                text(
                    filters.install(
                        new Filters.Kind.PendingTransactions(), chain.head().number()))));
    m.add("eth_getFilterChanges", 1, this::filterChanges);
    m.add("eth_getFilterLogs", 1, this::filterLogs);
    m.add(
        "eth_uninstallFilter",
        1,
        p -> ok(JsonResults.bool(filters.uninstall(p.required(0, "id", ParamParsers.STRING)))));
    m.add("eth_getProof", 3, this::proof);
    m.add("txpool_status", 0, p -> txpoolStatus());
    m.add("txpool_content", 0, p -> txpoolContent());
    m.add("txpool_contentFrom", 1, this::txpoolContentFrom);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Whether {@code raw} is a blob transaction in its network form (EIP-4844: {@code 0x03 ||
   * RLP([[tx fields], blobs, commitments, proofs])}), which is what clients send for type 3.
   */
  static boolean isBlobNetworkForm(byte[] raw) {
    if (raw.length < 2 || raw[0] != 0x03) {
      return false;
    }
    try {
      return new RlpReader(raw, 1, raw.length).readList().nextIsList();
    } catch (RlpException e) {
      return false;
    }
  }

  private static RpcResult ok(JsonNode value) {
    return RpcResult.success(value);
  }

  private static JsonNode text(String s) {
    return NODES.textNode(s);
  }

  /** geth answers bad log ranges with code -32602 ({@code eth/filters/api.go}). */
  private static RpcException invalidParams(String message) {
    return new RpcException(new RpcError.InvalidParams(message));
  }

  private static RpcException serverError(String message) {
    return new RpcException(new RpcError.ServerError(message));
  }

  /** A block hash parameter (for the ByHash methods), as a block parameter. */
  private static BlockParameter byHash(JsonNode node) throws InvalidParamException {
    return new BlockParameter.ByHash(ParamParsers.HASH.parse(node), false);
  }

  private Optional<Block> block(ChainView.Located at) {
    return chain.blocks().body(at.hash()).map(b -> new Block(at.header(), b));
  }

  // ------------------------------------------------------------------ blocks

  private RpcResult blockResult(RpcParams p, ParamParser<BlockParameter> parser) {
    BlockParameter which = p.required(0, "block", parser);
    boolean full = p.required(1, "fullTx", ParamParsers.BOOL);
    Optional<ChainView.Located> at = view.find(which);
    return ok(
        at.flatMap(this::block)
            .<JsonNode>map(
                b ->
                    EthJson.block(
                        b,
                        at.get().hash(),
                        full,
                        full ? blockSenders(at.get().hash(), b.body().transactions()) : i -> null))
            .orElse(JsonResults.nothing()));
  }

  private RpcResult uncleCount(Optional<ChainView.Located> at) {
    return ok(
        at.flatMap(a -> chain.blocks().body(a.hash()))
            .<JsonNode>map(b -> JsonResults.quantity(b.ommers().size()))
            .orElse(JsonResults.nothing()));
  }

  private RpcResult txCount(Optional<ChainView.Located> at) {
    return ok(
        at.flatMap(a -> chain.blocks().body(a.hash()))
            .<JsonNode>map(b -> JsonResults.quantity(b.transactions().size()))
            .orElse(JsonResults.nothing()));
  }

  // ------------------------------------------------------------------ transactions

  private RpcResult transactionByHash(RpcParams p) {
    Hash hash = p.required(0, "hash", ParamParsers.HASH);
    Optional<TxLocation> loc = chain.blocks().transactionLocation(hash);
    if (loc.isPresent()) {
      TxLocation l = loc.get();
      Optional<Block> b = chain.blocks().block(l.blockHash());
      if (b.isPresent()) {
        Transaction tx = b.get().body().transactions().get(l.index());
        return ok(
            EthJson.transaction(
                tx,
                sender(l.blockHash(), l.index(), tx),
                l.blockHash(),
                b.get().header(),
                l.index()));
      }
    }
    return ok(
        pool.get(hash)
            .<JsonNode>map(pt -> EthJson.transaction(pt.transaction(), pt.sender(), null, null, 0))
            .orElse(JsonResults.nothing()));
  }

  /**
   * The sender of {@code tx}, transaction {@code index} of stored block {@code blockHash}: from the
   * senders stored with the block, else (a block stored by an earlier version) the cache or
   * recovery.
   */
  private Address sender(Hash blockHash, int index, Transaction tx) {
    return storedSenders(blockHash, index + 1)
        .map(s -> s.get(index))
        .orElseGet(() -> senders.of(tx));
  }

  /**
   * The senders of all of {@code txs}, the transactions of stored block {@code blockHash}, by
   * index: as {@link #sender(Hash, int, Transaction)}, reading the stored list once.
   */
  private IntFunction<Address> blockSenders(Hash blockHash, List<Transaction> txs) {
    Optional<List<Address>> stored = storedSenders(blockHash, txs.size());
    if (stored.isPresent()) {
      return stored.get()::get;
    }
    senders.recoverMissing(txs);
    return i -> senders.of(txs.get(i));
  }

  /** The senders stored with a block, if there are at least {@code atLeast} of them. */
  private Optional<List<Address>> storedSenders(Hash blockHash, int atLeast) {
    return chain.blocks().senders(blockHash).filter(s -> s.size() >= atLeast);
  }

  /** Senders recovered from signatures so far (not taken from the store, the pool or the cache). */
  long senderRecoveries() {
    return senders.recoveries();
  }

  private RpcResult txByIndex(RpcParams p, ParamParser<BlockParameter> parser) {
    Optional<ChainView.Located> at = view.find(p.required(0, "block", parser));
    long index = p.required(1, "index", ParamParsers.UINT64);
    if (at.isEmpty()) {
      return ok(JsonResults.nothing());
    }
    Optional<BlockBody> body = chain.blocks().body(at.get().hash());
    if (body.isEmpty() || index < 0 || index >= body.get().transactions().size()) {
      return ok(JsonResults.nothing());
    }
    Transaction tx = body.get().transactions().get((int) index);
    return ok(
        EthJson.transaction(
            tx,
            sender(at.get().hash(), (int) index, tx),
            at.get().hash(),
            at.get().header(),
            (int) index));
  }

  private RpcResult receipt(RpcParams p) {
    Hash hash = p.required(0, "hash", ParamParsers.HASH);
    Optional<TxLocation> loc = chain.blocks().transactionLocation(hash);
    if (loc.isEmpty()) {
      return ok(JsonResults.nothing());
    }
    TxLocation l = loc.get();
    Optional<BlockHeader> header = chain.blocks().header(l.blockHash());
    Optional<BlockBody> body = chain.blocks().body(l.blockHash());
    Optional<List<Receipt>> receipts = chain.blocks().receipts(l.blockHash());
    if (header.isEmpty() || body.isEmpty() || receipts.isEmpty()) {
      return ok(JsonResults.nothing());
    }
    Transaction tx = body.get().transactions().get(l.index());
    return ok(
        receiptJson(
            l.blockHash(),
            header.get(),
            body.get(),
            receipts.get(),
            l.index(),
            sender(l.blockHash(), l.index(), tx)));
  }

  private ObjectNode receiptJson(
      Hash blockHash,
      BlockHeader header,
      BlockBody body,
      List<Receipt> receipts,
      int index,
      Address sender) {
    int firstLog = 0;
    for (int i = 0; i < index; i++) {
      firstLog += receipts.get(i).logs().size();
    }
    Transaction tx = body.transactions().get(index);
    return EthJson.receipt(
        receipts.get(index),
        index == 0 ? null : receipts.get(index - 1),
        tx,
        sender,
        blockHash,
        header,
        index,
        firstLog);
  }

  private RpcResult blockReceipts(RpcParams p) {
    Optional<ChainView.Located> at =
        view.find(p.required(0, "block", ParamParsers.BLOCK_NUMBER_OR_HASH));
    if (at.isEmpty()) {
      return ok(JsonResults.nothing());
    }
    Optional<BlockBody> body = chain.blocks().body(at.get().hash());
    Optional<List<Receipt>> receipts = chain.blocks().receipts(at.get().hash());
    if (body.isEmpty() || receipts.isEmpty()) {
      return ok(JsonResults.nothing());
    }
    ArrayNode out = NODES.arrayNode();
    IntFunction<Address> sendersByIndex = blockSenders(at.get().hash(), body.get().transactions());
    for (int i = 0; i < receipts.get().size(); i++) {
      out.add(
          receiptJson(
              at.get().hash(),
              at.get().header(),
              body.get(),
              receipts.get(),
              i,
              sendersByIndex.apply(i)));
    }
    return ok(out);
  }

  private RpcResult sendRaw(RpcParams p) {
    byte[] raw = p.required(0, "input", ParamParsers.DATA);
    if (isBlobNetworkForm(raw)) {
      // the pool refuses blob transactions (InMemoryTransactionPool); say so rather than fail to
      // decode the wrapper that eth_sendRawTransaction's blob form adds around the transaction
      return RpcResult.failure(new RpcError.ServerError("transaction type not supported"));
    }
    Transaction tx;
    try {
      tx = TransactionDecoder.decode(raw);
    } catch (TransactionDecodingException e) {
      return RpcResult.failure(new RpcError.ServerError(e.getMessage()));
    }
    // geth's SubmitTransaction checks, in its order: the fee cap, then replay protection
    if (config.txFeeCapEther() > 0) {
      double feeEther =
          new java.math.BigDecimal(
                  tx.maxFeePerGas().toBigInteger().multiply(BigInteger.valueOf(tx.gasLimit())))
              .divide(java.math.BigDecimal.TEN.pow(18))
              .doubleValue();
      if (feeEther > config.txFeeCapEther()) {
        return RpcResult.failure(
            new RpcError.ServerError(
                String.format(
                    java.util.Locale.ROOT,
                    "tx fee (%.2f ether) exceeds the configured cap (%.2f ether)",
                    feeEther,
                    config.txFeeCapEther())));
      }
    }
    if (!config.allowUnprotectedTxs()
        && tx instanceof org.gridledger.core.tx.LegacyTransaction legacy
        && legacy.signatureChainId().isEmpty()) {
      return RpcResult.failure(
          new RpcError.ServerError(
              "only replay-protected (EIP-155) transactions allowed over RPC"));
    }
    return switch (pool.add(tx)) {
      case AddResult.Added added -> ok(JsonResults.hash(added.hash()));
      case AddResult.Rejected rejected ->
          RpcResult.failure(new RpcError.ServerError(rejected.reason()));
    };
  }

  // ------------------------------------------------------------------ state

  private static final BlockParameter LATEST = BlockTag.LATEST;

  private RpcResult balance(RpcParams p) {
    Address address = p.required(0, "address", ParamParsers.ADDRESS);
    ChainView.Located at =
        view.require(p.optional(1, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, LATEST));
    return ok(
        view.withState(
            at,
            s -> {
              AccountInfo a = s.account(address);
              return JsonResults.quantity(a == null ? UInt256.ZERO : a.balance());
            }));
  }

  private RpcResult code(RpcParams p) {
    Address address = p.required(0, "address", ParamParsers.ADDRESS);
    ChainView.Located at =
        view.require(p.optional(1, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, LATEST));
    return ok(
        view.withState(
            at,
            s -> {
              AccountInfo a = s.account(address);
              return JsonResults.data(
                  a == null || a.codeHash().equals(Keccak.EMPTY)
                      ? new byte[0]
                      : s.code(a.codeHash()));
            }));
  }

  /** geth's {@code decodeStorageKey}: any hex string up to 32 bytes (left-padded), 0x optional. */
  private static UInt256 slot(JsonNode node) throws InvalidParamException {
    String s = ParamParsers.text(node, "storage slot");
    String hex = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if (hex.length() > 64) {
      throw new InvalidParamException("storage key too long (want at most 32 bytes)");
    }
    if (!hex.matches("[0-9a-fA-F]*")) {
      throw new InvalidParamException("invalid hex in storage key");
    }
    return hex.isEmpty() ? UInt256.ZERO : UInt256.of(new BigInteger(hex, 16));
  }

  private RpcResult storageAt(RpcParams p) {
    Address address = p.required(0, "address", ParamParsers.ADDRESS);
    UInt256 key = p.required(1, "slot", EthApi::slot);
    ChainView.Located at =
        view.require(p.optional(2, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, LATEST));
    return ok(view.withState(at, s -> JsonResults.data(s.storage(address, key).toBytes32())));
  }

  private RpcResult transactionCount(RpcParams p) {
    Address address = p.required(0, "address", ParamParsers.ADDRESS);
    BlockParameter which = p.optional(1, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, LATEST);
    if (which == BlockTag.PENDING) {
      return ok(JsonResults.quantity(pool.nextNonce(address)));
    }
    ChainView.Located at = view.require(which);
    return ok(
        view.withState(
            at,
            s -> {
              AccountInfo a = s.account(address);
              return JsonResults.quantity(a == null ? 0 : a.nonce());
            }));
  }

  /** geth's getProof limit on storage keys. */
  static final int MAX_PROOF_KEYS = 1024;

  /** geth's output key: a key sent as 32 bytes is written as 32 bytes, any other as a quantity. */
  private static JsonNode proofKey(String sent, UInt256 key) {
    String hex = sent.startsWith("0x") || sent.startsWith("0X") ? sent.substring(2) : sent;
    int bytes = (hex.length() + 1) / 2;
    return bytes == 32 ? JsonResults.data(key.toBytes32()) : JsonResults.quantity(key);
  }

  private RpcResult proof(RpcParams p) {
    Address address = p.required(0, "address", ParamParsers.ADDRESS);
    List<String> keyTexts =
        p.required(
            1,
            "storageKeys",
            node -> {
              if (!node.isArray()) {
                throw new InvalidParamException(
                    "cannot unmarshal " + ParamParsers.describe(node) + " into storage keys");
              }
              if (node.size() > MAX_PROOF_KEYS) {
                throw new InvalidParamException(
                    "too many storage keys requested (max "
                        + MAX_PROOF_KEYS
                        + ", got "
                        + node.size()
                        + ")");
              }
              List<String> out = new ArrayList<>();
              for (JsonNode k : node) {
                slot(k);
                out.add(k.textValue());
              }
              return out;
            });
    List<UInt256> keys = new ArrayList<>();
    for (String k : keyTexts) {
      try {
        keys.add(slot(NODES.textNode(k)));
      } catch (InvalidParamException e) {
        throw new IllegalStateException("checked above", e);
      }
    }
    ChainView.Located at =
        view.require(p.optional(2, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, LATEST));
    AccountProof proof = view.withState(at, s -> s.proof(address, keys));
    ObjectNode o = NODES.objectNode();
    o.set("address", JsonResults.address(address));
    ArrayNode ap = o.putArray("accountProof");
    proof.accountProof().forEach(n -> ap.add(JsonResults.data(n)));
    // geth reports zero hashes (not the empty code and trie hashes) for an account that does not
    // exist: its state answers common.Hash{} for both
    StateAccount acct = proof.account();
    o.set("balance", JsonResults.quantity(acct == null ? UInt256.ZERO : acct.balance()));
    o.set("codeHash", JsonResults.hash(acct == null ? Hash.ZERO : acct.codeHash()));
    o.set("nonce", JsonResults.quantity(acct == null ? 0 : acct.nonce()));
    o.set("storageHash", JsonResults.hash(acct == null ? Hash.ZERO : acct.storageRoot()));
    ArrayNode sp = o.putArray("storageProof");
    for (int i = 0; i < proof.storage().size(); i++) {
      AccountProof.StorageProof s = proof.storage().get(i);
      ObjectNode so = sp.addObject();
      so.set("key", proofKey(keyTexts.get(i), s.key()));

      so.set("value", JsonResults.quantity(s.value()));
      ArrayNode pr = so.putArray("proof");
      s.proof().forEach(n -> pr.add(JsonResults.data(n)));
    }
    return ok(o);
  }

  // ------------------------------------------------------------------ calls

  private static final BlockParameter CALL_DEFAULT = BlockTag.LATEST;

  private RpcResult call(RpcParams p) {
    CallArgs args = p.required(0, "args", CallArgs.PARSER);
    ChainView.Located at =
        view.require(p.optional(1, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, CALL_DEFAULT));
    StateOverrides overrides =
        p.optional(2, "overrides", StateOverrides.PARSER, StateOverrides.NONE);
    long gas = calls.callGas(args);
    TransactionResult result =
        view.withState(at, s -> calls.run(overrides.over(s), at.header(), args, gas, null));
    return ok(JsonResults.data(CallRunner.outputOrThrow(result)));
  }

  private RpcResult estimateGas(RpcParams p) {
    CallArgs args = p.required(0, "args", CallArgs.PARSER);
    ChainView.Located at =
        view.require(p.optional(1, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, BlockTag.LATEST));
    StateOverrides overrides =
        p.optional(2, "overrides", StateOverrides.PARSER, StateOverrides.NONE);
    long gas = view.withState(at, s -> calls.estimate(overrides.over(s), at.header(), args));
    return ok(JsonResults.quantity(gas));
  }

  /**
   * geth's {@code eth_createAccessList}: runs the call with the access list found so far until the
   * list stops changing (at most {@link #ACCESS_LIST_ROUNDS} rounds); returns the list, the gas
   * used with it, and the execution error if the last run failed.
   */
  private RpcResult createAccessList(RpcParams p) {
    CallArgs args = p.required(0, "args", CallArgs.PARSER);
    ChainView.Located at =
        view.require(p.optional(1, "block", ParamParsers.BLOCK_NUMBER_OR_HASH, BlockTag.LATEST));
    StateOverrides overrides =
        p.optional(2, "overrides", StateOverrides.PARSER, StateOverrides.NONE);
    long gas = calls.callGas(args);
    return ok(
        view.withState(
            at,
            state -> {
              org.gridledger.evm.state.StateReader s = overrides.over(state);
              Address from = args.from().orElse(Address.ZERO);
              Set<Address> excluded = new HashSet<>();
              excluded.add(from);
              if (args.to().isPresent()) {
                excluded.add(args.to().get());
              } else {
                AccountInfo info = s.account(from);
                excluded.add(ContractAddress.create(from, info == null ? 0 : info.nonce()));
              }
              for (int i = 1; i <= PRECOMPILE_COUNT; i++) {
                excluded.add(Address.ofLow(i));
              }
              List<AccessListEntry> list = args.accessList().orElse(List.of());
              for (int round = 0; ; round++) {
                AccessListTracer tracer = new AccessListTracer(list, excluded);
                CallArgs withList =
                    new CallArgs(
                        args.from(),
                        args.to(),
                        args.gas(),
                        args.gasPrice(),
                        args.maxFeePerGas(),
                        args.maxPriorityFeePerGas(),
                        args.maxFeePerBlobGas(),
                        args.value(),
                        args.nonce(),
                        args.input(),
                        Optional.of(list),
                        args.blobVersionedHashes());
                TransactionResult r = calls.run(s, at.header(), withList, gas, tracer);
                if (r instanceof TransactionResult.Invalid invalid) {
                  throw serverError(invalid.reason());
                }
                List<AccessListEntry> found = tracer.accessList();
                if (found.equals(list) || round >= ACCESS_LIST_ROUNDS) {
                  TransactionResult.Executed e = (TransactionResult.Executed) r;
                  ObjectNode o = NODES.objectNode();
                  o.set("accessList", EthJson.accessList(list));
                  o.set("gasUsed", JsonResults.quantity(e.gasUsed()));
                  switch (e.result()) {
                    case ExecResult.Success ok -> {}
                    case ExecResult.Revert rev -> o.put("error", "execution reverted");
                    case ExecResult.Halt h -> o.put("error", CallRunner.haltMessage(h.status()));
                  }
                  return o;
                }
                list = found;
              }
            }));
  }

  /** Cancun's precompiles are 0x01..0x0a (EIP-4844 added the point evaluation at 0x0a). */
  static final int PRECOMPILE_COUNT = 10;

  static final int ACCESS_LIST_ROUNDS = 16;

  // ------------------------------------------------------------------ fees

  BigInteger gasPrice() {
    BigInteger baseFee = chain.head().baseFeePerGas();
    return suggestTip().add(baseFee == null ? BigInteger.ZERO : baseFee);
  }

  /**
   * geth's gas price oracle ({@code eth/gasprice.SuggestTipCap}, checked against its source): the 3
   * lowest effective tips of at least 2 wei, not sent by the block's coinbase, of each of the last
   * 20 blocks (never the genesis); a block giving none counts as the last suggestion; a block
   * giving one value makes the walk go one block further back, up to 40 blocks in all; the 60th
   * percentile of all samples, at most 500 gwei. The suggestion is kept per head, and the first one
   * starts from geth's default miner gas price, 0.001 gwei.
   */
  BigInteger suggestTip() {
    Hash headHash = chain.headHash();
    OracleState last = oracle;
    if (last.head() != null && last.head().equals(headHash)) {
      return last.price();
    }
    BigInteger lastPrice = last.price();
    List<BigInteger> results = new ArrayList<>();
    java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>();
    long number = chain.head().number();
    while (queue.size() < ORACLE_BLOCKS && number > 0) {
      queue.add(number--);
    }
    while (!queue.isEmpty()) {
      long n = queue.poll();
      List<BigInteger> values = blockTips(n);
      if (values.isEmpty()) {
        values = List.of(lastPrice);
      }
      if (values.size() == 1
          && results.size() + 1 + queue.size() < ORACLE_BLOCKS * 2
          && number > 0) {
        queue.add(number--);
      }
      results.addAll(values);
    }
    BigInteger price = lastPrice;
    if (!results.isEmpty()) {
      results.sort(null);
      price = results.get((results.size() - 1) * ORACLE_PERCENTILE / 100);
    }
    price = price.min(ORACLE_MAX_PRICE);
    oracle = new OracleState(headHash, price);
    return price;
  }

  /** The oracle's memory: the head it last answered for and its answer. */
  private record OracleState(Hash head, BigInteger price) {}

  private volatile OracleState oracle = new OracleState(null, ORACLE_DEFAULT_TIP);

  /** Up to 3 lowest effective tips of block {@code n} (geth's {@code getBlockValues}). */
  private List<BigInteger> blockTips(long n) {
    Optional<ChainView.Located> at = view.byNumber(n);
    if (at.isEmpty()) {
      return List.of();
    }
    BigInteger baseFee = at.get().header().baseFeePerGas();
    Address coinbase = at.get().header().coinbase();
    List<Transaction> txs =
        new ArrayList<>(chain.blocks().body(at.get().hash()).orElseThrow().transactions());
    txs.sort((a, b) -> effectiveTip(a, baseFee).compareTo(effectiveTip(b, baseFee)));
    List<BigInteger> prices = new ArrayList<>();
    for (Transaction tx : txs) {
      BigInteger tip = effectiveTip(tx, baseFee);
      if (tip.compareTo(ORACLE_IGNORE_PRICE) < 0) {
        continue;
      }
      Optional<Address> sender = tx.sender();
      if (sender.isPresent() && !sender.get().equals(coinbase)) {
        prices.add(tip);
        if (prices.size() >= ORACLE_SAMPLES_PER_BLOCK) {
          break;
        }
      }
    }
    return prices;
  }

  private static BigInteger effectiveTip(Transaction tx, BigInteger baseFee) {
    BigInteger base = baseFee == null ? BigInteger.ZERO : baseFee;
    return tx.maxPriorityFeePerGas()
        .toBigInteger()
        .min(tx.maxFeePerGas().toBigInteger().subtract(base));
  }

  private static long blockCount(JsonNode node) throws InvalidParamException {
    if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
      return node.longValue();
    }
    String s = ParamParsers.text(node, "block count");
    if (s.startsWith("0x")) {
      return ParamParsers.UINT64.parse(node);
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw new InvalidParamException("invalid block count " + s);
    }
  }

  private RpcResult feeHistory(RpcParams p) {
    long count = p.required(0, "blockCount", EthApi::blockCount);
    BlockParameter newestParam = p.required(1, "newestBlock", ParamParsers.BLOCK_NUMBER);
    List<Double> percentiles =
        p.optional(
            2,
            "rewardPercentiles",
            node -> {
              if (!node.isArray()) {
                throw new InvalidParamException("not an array");
              }
              List<Double> out = new ArrayList<>();
              for (JsonNode n : node) {
                if (!n.isNumber()) {
                  throw new InvalidParamException("non-number reward percentile");
                }
                out.add(n.doubleValue());
              }
              return out;
            },
            List.of());
    if (percentiles.size() > MAX_REWARD_PERCENTILES) {
      throw serverError(
          "invalid reward percentile: over the query limit " + MAX_REWARD_PERCENTILES);
    }
    // geth: without a pending block, "pending" means one block fewer ending at the head
    if (newestParam == BlockTag.PENDING && count > 0) {
      count--;
    }
    for (int i = 0; i < percentiles.size(); i++) {
      double q = percentiles.get(i);
      if (q < 0 || q > 100) {
        throw serverError("invalid reward percentile: " + fmt(q));
      }
      if (i > 0 && q <= percentiles.get(i - 1)) {
        throw serverError(
            "invalid reward percentile: #"
                + (i - 1)
                + ":"
                + fmt(percentiles.get(i - 1))
                + " >= #"
                + i
                + ":"
                + fmt(q));
      }
    }
    ObjectNode o = NODES.objectNode();
    if (count == 0) { // geth: no data and no error
      o.set("oldestBlock", JsonResults.quantity(0));
      o.putNull("gasUsedRatio");
      return ok(o);
    }
    long head = chain.head().number();
    long newest;
    if (newestParam instanceof BlockParameter.Number n) {
      if (n.number() > head) {
        throw serverError("request beyond head block: requested " + n.number() + ", head " + head);
      }
      newest = n.number();
    } else {
      newest = newestParam == BlockTag.EARLIEST ? 0 : head;
    }
    count = Math.min(Math.min(count, MAX_FEE_HISTORY), newest + 1);
    long oldest = newest - count + 1;
    ArrayNode baseFees = NODES.arrayNode();
    ArrayNode ratios = NODES.arrayNode();
    ArrayNode blobFees = NODES.arrayNode();
    ArrayNode blobRatios = NODES.arrayNode();
    ArrayNode rewards = NODES.arrayNode();
    BlockHeader last = null;
    for (long n = oldest; n <= newest; n++) {
      ChainView.Located at = view.byNumber(n).orElseThrow();
      BlockHeader h = at.header();
      last = h;
      baseFees.add(JsonResults.quantity(orZero(h.baseFeePerGas())));
      ratios.add((double) h.gasUsed() / h.gasLimit());
      long excess = h.excessBlobGas() == null ? 0 : h.excessBlobGas();
      blobFees.add(JsonResults.quantity(BlobGas.baseFee(excess)));
      long blobUsed = h.blobGasUsed() == null ? 0 : h.blobGasUsed();
      blobRatios.add((double) blobUsed / FeeRules.MAX_BLOB_GAS_PER_BLOCK);
      if (!percentiles.isEmpty()) {
        rewards.add(rewards(at, percentiles));
      }
    }
    baseFees.add(JsonResults.quantity(chain.config().nextBaseFee(last)));
    blobFees.add(JsonResults.quantity(BlobGas.baseFee(FeeRules.nextExcessBlobGas(last))));
    o.set("oldestBlock", JsonResults.quantity(oldest));
    if (!percentiles.isEmpty()) {
      o.set("reward", rewards);
    }
    o.set("baseFeePerGas", baseFees);
    o.set("gasUsedRatio", ratios);
    o.set("baseFeePerBlobGas", blobFees);
    o.set("blobGasUsedRatio", blobRatios);
    return ok(o);
  }

  private static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%f", d);
  }

  private static BigInteger orZero(BigInteger b) {
    return b == null ? BigInteger.ZERO : b;
  }

  /**
   * geth's {@code processBlock} rewards: transactions sorted by effective tip, each percentile
   * picks the tip of the transaction at which the cumulative gas used reaches that share of the
   * block's gas used; an empty block gives zeros.
   */
  private ArrayNode rewards(ChainView.Located at, List<Double> percentiles) {
    ArrayNode out = NODES.arrayNode();
    List<Transaction> txs = chain.blocks().body(at.hash()).orElseThrow().transactions();
    if (txs.isEmpty()) {
      percentiles.forEach(q -> out.add(JsonResults.quantity(0)));
      return out;
    }
    List<Receipt> receipts = chain.blocks().receipts(at.hash()).orElseThrow();
    BigInteger baseFee = at.header().baseFeePerGas();
    record Sorter(BigInteger tip, long gas) {}
    List<Sorter> sorted = new ArrayList<>();
    long prev = 0;
    for (int i = 0; i < txs.size(); i++) {
      long cum = receipts.get(i).cumulativeGasUsed();
      sorted.add(new Sorter(effectiveTip(txs.get(i), baseFee), cum - prev));
      prev = cum;
    }
    sorted.sort((a, b) -> a.tip().compareTo(b.tip()));
    int idx = 0;
    long sum = sorted.get(0).gas();
    for (double q : percentiles) {
      long threshold = (long) (at.header().gasUsed() * q / 100); // truncated, as geth does
      while (sum < threshold && idx < sorted.size() - 1) {
        idx++;
        sum += sorted.get(idx).gas();
      }
      out.add(JsonResults.quantity(sorted.get(idx).tip()));
    }
    return out;
  }

  // ------------------------------------------------------------------ logs and filters

  /** The logs of {@code query}, or geth-style errors for a bad range and our limits. */
  List<LocatedLog> logs(LogQuery query) {
    if (query.blockHash().isPresent()) {
      Hash h = query.blockHash().get();
      BlockHeader header = chain.blocks().header(h).orElseThrow(() -> serverError("unknown block"));
      return logsOfBlock(h, header, query.criteria());
    }
    BlockParameter fromParam = query.fromBlock().orElse(BlockTag.LATEST);
    BlockParameter toParam = query.toBlock().orElse(BlockTag.LATEST);
    if (fromParam == BlockTag.PENDING || toParam == BlockTag.PENDING) {
      throw invalidParams("pending logs are not supported");
    }
    long head = chain.head().number();
    long from = resolveLogBlock(fromParam, head);
    long to = resolveLogBlock(toParam, head);
    if (from > to) {
      throw invalidParams("invalid block range params");
    }
    if (to > head) {
      throw invalidParams("block range extends beyond current head block");
    }
    if (to - from > config.maxLogBlockRange()) {
      throw invalidParams("exceed maximum block range " + config.maxLogBlockRange());
    }
    List<LocatedLog> logs = chain.blocks().logs(query.criteria(), from, to, config.maxLogResults());
    if (logs.size() > config.maxLogResults()) {
      throw new RpcException(
          new RpcError.LimitExceeded(
              "query returned more than " + config.maxLogResults() + " results"));
    }
    return logs;
  }

  private static long resolveLogBlock(BlockParameter p, long head) {
    return switch (p) {
      case BlockTag tag -> tag == BlockTag.EARLIEST ? 0 : head;
      case BlockParameter.Number n -> n.number();
      case BlockParameter.ByHash h -> throw serverError("block hash not allowed here");
    };
  }

  private List<LocatedLog> logsOfBlock(
      Hash hash, BlockHeader header, org.gridledger.core.chain.LogFilter filter) {
    List<LocatedLog> out = new ArrayList<>();
    List<Receipt> receipts = chain.blocks().receipts(hash).orElseThrow();
    List<Transaction> txs = chain.blocks().body(hash).orElseThrow().transactions();
    int logIndex = 0;
    for (int i = 0; i < receipts.size(); i++) {
      for (org.gridledger.evm.types.Log log : receipts.get(i).logs()) {
        if (filter.matches(log)) {
          out.add(
              new LocatedLog(
                  log, hash, header.number(), header.timestamp(), txs.get(i).hash(), i, logIndex));
        }
        logIndex++;
      }
    }
    return out;
  }

  private static ArrayNode logsJson(List<LocatedLog> logs) {
    ArrayNode out = NODES.arrayNode();
    logs.forEach(l -> out.add(EthJson.log(l, false)));
    return out;
  }

  private RpcResult getLogs(RpcParams p) {
    return ok(logsJson(logs(p.required(0, "filter", LogQuery.PARSER))));
  }

  private RpcResult newFilter(RpcParams p) {
    LogQuery q = p.required(0, "filter", LogQuery.PARSER);
    return ok(text(filters.install(new Filters.Kind.Logs(q), chain.head().number())));
  }

  private RpcResult filterChanges(RpcParams p) {
    String id = p.required(0, "id", ParamParsers.STRING);
    Filters.Installed f = filters.poll(id);
    synchronized (f) {
      long head = chain.head().number();
      switch (f.kind) {
        case Filters.Kind.Blocks b -> {
          List<Hash> hashes = new ArrayList<>();
          for (long n = f.lastBlock + 1; n <= head; n++) {
            chain.blocks().canonicalHash(n).ifPresent(hashes::add);
          }
          f.lastBlock = Math.max(f.lastBlock, head);
          return ok(EthJson.hashes(hashes));
        }
        case Filters.Kind.PendingTransactions t -> {
          List<Hash> hashes = List.copyOf(f.queued);
          f.queued.clear();
          return ok(EthJson.hashes(hashes));
        }
        case Filters.Kind.Logs l -> {
          if (head <= f.lastBlock) {
            return ok(NODES.arrayNode());
          }
          long from = f.lastBlock + 1;
          long to = head;
          LogQuery q = l.query();
          if (q.fromBlock().orElse(BlockTag.LATEST) instanceof BlockParameter.Number n) {
            from = Math.max(from, n.number());
          }
          if (q.toBlock().orElse(BlockTag.LATEST) instanceof BlockParameter.Number n) {
            to = Math.min(to, n.number());
          }
          f.lastBlock = head;
          if (q.blockHash().isPresent() || from > to) {
            return ok(NODES.arrayNode());
          }
          return ok(
              logsJson(
                  logs(
                      new LogQuery(
                          Optional.of(new BlockParameter.Number(from)),
                          Optional.of(new BlockParameter.Number(to)),
                          Optional.empty(),
                          q.criteria()))));
        }
      }
    }
  }

  private RpcResult filterLogs(RpcParams p) {
    String id = p.required(0, "id", ParamParsers.STRING);
    Filters.Installed f = filters.poll(id);
    if (!(f.kind instanceof Filters.Kind.Logs l)) {
      throw serverError("filter not found");
    }
    return ok(logsJson(logs(l.query())));
  }

  // ------------------------------------------------------------------ txpool

  private RpcResult txpoolStatus() {
    TransactionPool.Status s = pool.status();
    ObjectNode o = NODES.objectNode();
    o.set("pending", JsonResults.quantity(s.pending()));
    o.set("queued", JsonResults.quantity(s.queued()));
    return ok(o);
  }

  /**
   * geth's {@code txpool_content}: {@code pending} and {@code queued}, each sender (EIP-55
   * checksummed, as geth's {@code Address.Hex()}) → nonce as a decimal string → the transaction as
   * {@code eth_getTransactionByHash} shows a pending one.
   */
  private RpcResult txpoolContent() {
    TransactionPool.Content c = pool.content();
    ObjectNode o = NODES.objectNode();
    o.set("pending", contentSection(c.pending()));
    o.set("queued", contentSection(c.queued()));
    return ok(o);
  }

  /** {@code txpool_contentFrom}: one sender's {@code pending} and {@code queued} by nonce. */
  private RpcResult txpoolContentFrom(RpcParams p) {
    Address address = p.required(0, "address", ParamParsers.ADDRESS);
    TransactionPool.Content c = pool.content();
    ObjectNode o = NODES.objectNode();
    o.set("pending", bySender(c.pending().getOrDefault(address, Map.of())));
    o.set("queued", bySender(c.queued().getOrDefault(address, Map.of())));
    return ok(o);
  }

  private static ObjectNode bySender(Map<Long, PooledTransaction> txs) {
    ObjectNode o = NODES.objectNode();
    txs.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            t ->
                o.set(
                    Long.toUnsignedString(t.getKey()),
                    EthJson.transaction(
                        t.getValue().transaction(), t.getValue().sender(), null, null, 0)));
    return o;
  }

  /** EIP-55 mixed-case checksum encoding of an address. */
  static String checksummed(Address address) {
    String hex = address.toHex().substring(2);
    byte[] hash = Keccak.hash(hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      sb.append(nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  private static ObjectNode contentSection(Map<Address, Map<Long, PooledTransaction>> section) {
    ObjectNode o = NODES.objectNode();
    section.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              o.set(checksummed(e.getKey()), bySender(e.getValue()));
            });
    return o;
  }
}
