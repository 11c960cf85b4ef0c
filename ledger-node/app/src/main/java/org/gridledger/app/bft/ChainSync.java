package org.gridledger.app.bft;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.engine.BlockSync;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.message.VoteVerifier;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.node.NodeId;
import org.gridledger.network.p2p.DisconnectReason;
import org.gridledger.network.peer.EthHandler;
import org.gridledger.network.peer.PeerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@code eth/68} side: answers GetBlockHeaders, GetBlockBodies, GetReceipts and
 * GetPooledTransactions from the chain and the pool, adds gossiped transactions to the pool, and
 * catches up when a peer is ahead.
 *
 * <p><b>Catch-up</b> (also the engine's {@link BlockSync}): a background loop runs {@link
 * BlockDownloader} passes over every ready peer (headers and bodies from several peers in parallel,
 * certificates checked while downloading, invalid data reported to the peer manager) and hands each
 * block with the commit certificate its child header carries (decision 0015) to the consensus
 * thread, whose engine accepts it only if the certificate is a quorum of the set in force ({@code
 * FinalityVerifier}) and whose committer executes it and checks every root. The newest block a peer
 * has cannot be certified this way (its child does not exist yet); a node that has caught up to it
 * finishes that height from the consensus messages it buffered, as a validator does. The loop runs
 * every {@link #POLL_MILLIS} and at once when the engine asks or a peer announces a block. A peer's
 * head is what its Status and its announcements said.
 */
final class ChainSync implements EthHandler.Listener, BlockSync, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainSync.class);

  /**
   * A Receipts answer stops growing past about this many bytes (go-ethereum's soft response limit
   * is the same 2 MiB).
   */
  static final long RECEIPTS_SOFT_LIMIT_BYTES = 2L * 1024 * 1024;

  /**
   * A BlockBodies answer stops growing past about this many bytes of transactions (go-ethereum's
   * soft response limit, as for receipts). Without it, the downloader's request for 64 bodies of
   * full blocks (up to 1 MiB each) would be answered in one message of up to 64 MiB, far above what
   * one devp2p frame carries (16 MiB).
   */
  static final long BODIES_SOFT_LIMIT_BYTES = 2L * 1024 * 1024;

  /**
   * eth/70: a Receipts answer never holds more receipt bytes than this (go-ethereum's 10 MiB
   * message size); the receipts of a block that would cross it are cut off and flagged, and the
   * peer asks again from where the answer stopped.
   */
  static final long RECEIPTS_HARD_LIMIT_BYTES = 10L * 1024 * 1024;

  static final long POLL_MILLIS = 1_000;
  static final long REQUEST_TIMEOUT_MILLIS = 5_000;

  /** Hands a certified block to the engine on the consensus thread; completes when done. */
  interface CertifiedBlockSink {
    CompletableFuture<Void> offer(Block block, CommitCertificate certificate);
  }

  private final Blockchain chain;
  private final InMemoryTransactionPool pool;
  private final KnownTransactions<PeerSession> known;
  private final Supplier<List<PeerSession>> peers;
  private final CertifiedBlockSink sink;
  private final Map<Long, CompletableFuture<EthMessage>> pending = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong(1);
  private final Map<NodeId, Long> heads = new ConcurrentHashMap<>();
  private final Set<Hash> relaying = ConcurrentHashMap.newKeySet();
  private final BlockDownloader downloader;
  private final Semaphore wake = new Semaphore(0);
  private final Thread loop;
  private volatile boolean closed;

  /**
   * Admits gossiped transactions to the pool (a sender recovery each, 0.15-1 ms) off the peer's
   * reader thread: the reader also carries that peer's consensus messages, which otherwise waited
   * behind whole transaction batches (a proposal arrived 4.5 s after it was sent under bench-devnet
   * load, docs/performance.md). Bounded: when it is this far behind, the reader admits the batch
   * itself, as before (back-pressure on the peer; dropping would lose a transaction until its
   * holder announces it again, {@link PoolReannouncer})).
   */
  private final ThreadPoolExecutor admission =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(ADMISSION_QUEUE),
          r -> {
            Thread t = new Thread(r, "eth-txpool");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());

  /** Transaction batches waiting for admission at most. */
  static final int ADMISSION_QUEUE = 1024;

  /** Hashes per GetPooledTransactions request (eth/68's recommended limit). */
  static final int POOLED_REQUEST_LIMIT = 256;

  /**
   * @param config epoch length and chain id, for verifying certificates while downloading
   * @param votes the engine's (thread-safe) signer cache: seals recovered while downloading are not
   *     recovered again when the engine checks the same certificate
   */
  ChainSync(
      Blockchain chain,
      BftConfig config,
      VoteVerifier votes,
      BlockDownloader.Settings settings,
      InMemoryTransactionPool pool,
      KnownTransactions<PeerSession> known,
      Supplier<List<PeerSession>> peers,
      CertifiedBlockSink sink) {
    this.chain = chain;
    this.pool = pool;
    this.known = known;
    this.peers = peers;
    this.sink = sink;
    this.downloader =
        new BlockDownloader(
            settings,
            config,
            new FinalityVerifier(votes),
            height -> ValidatorSets.at(chain, config, height),
            this::importCertified);
    this.loop = Thread.ofVirtual().name("eth-sync").unstarted(this::run);
  }

  void start() {
    loop.start();
  }

  @Override
  public void request(long fromHeight, Address peer) {
    wake.release();
  }

  // ------------------------------------------------------------------ serving and receiving

  @Override
  public void onMessage(PeerSession peer, EthMessage message) throws IOException {
    switch (message) {
      case EthMessage.GetBlockHeaders get ->
          EthHandler.send(peer, new EthMessage.BlockHeaders(get.requestId(), headers(get)));
      case EthMessage.GetBlockBodies get ->
          EthHandler.send(
              peer,
              new EthMessage.BlockBodies(
                  get.requestId(),
                  bodiesAnswer(get.hashes(), chain.blocks()::body, BODIES_SOFT_LIMIT_BYTES)));
      case EthMessage.GetPooledTransactions get -> {
        List<Transaction> txs = new ArrayList<>();
        for (Hash h : get.hashes()) {
          pool.get(h).map(PooledTransaction::transaction).ifPresent(txs::add);
        }
        EthHandler.send(peer, new EthMessage.PooledTransactions(get.requestId(), txs));
      }
      case EthMessage.GetReceipts get -> {
        List<List<Receipt>> answer =
            receiptsAnswer(get.hashes(), chain.blocks()::receipts, RECEIPTS_SOFT_LIMIT_BYTES);
        EthHandler.send(
            peer,
            EthHandler.version(peer) == EthMessage.ETH68
                ? new EthMessage.Receipts(get.requestId(), answer)
                : new EthMessage.Receipts69(get.requestId(), answer));
      }
      case EthMessage.GetReceipts70 get ->
          EthHandler.send(
              peer,
              receiptsAnswer70(
                  get,
                  chain.blocks()::receipts,
                  RECEIPTS_SOFT_LIMIT_BYTES,
                  RECEIPTS_HARD_LIMIT_BYTES));
      case EthMessage.BlockHeaders r -> complete(r.requestId(), r);
      case EthMessage.BlockBodies r -> complete(r.requestId(), r);
      case EthMessage.PooledTransactions r ->
          admission.execute(() -> addAll(peer, r.transactions()));
      case EthMessage.Transactions t -> admission.execute(() -> addAll(peer, t.transactions()));
      case EthMessage.Handshake st -> heads.merge(peer.nodeId(), st.latestBlock(), Math::max);
      case EthMessage.BlockRangeUpdate u -> {
        heads.merge(peer.nodeId(), u.latestBlock(), Math::max);
        if (u.latestBlock() > chain.head().number() + 1) {
          wake.release();
        }
      }
      // After the batches queued before it: a transaction announced by one peer while another's
      // full copy of it still waits for admission is not fetched a second time.
      case EthMessage.NewPooledTransactionHashes n -> {
        n.hashes().forEach(h -> known.add(peer, h));
        admission.execute(() -> requestMissing(peer, n.hashes()));
      }
      case EthMessage.NewBlockHashes n -> {
        for (EthMessage.BlockAnnouncement b : n.blocks()) {
          heads.merge(peer.nodeId(), b.number(), Math::max);
        }
        if (n.blocks().stream().anyMatch(b -> b.number() > chain.head().number() + 1)) {
          wake.release();
        }
      }
      default -> {
        // Status is checked by the handler; NewBlock is not used: blocks come from consensus or
        // sync.
      }
    }
  }

  /**
   * The bodies of the requested blocks in order, stopping at the first block {@code lookup} does
   * not have and once the answer holds {@code softLimitBytes} of encoded transactions (at least one
   * body, if there is one; the downloader asks again for the rest).
   */
  static List<BlockBody> bodiesAnswer(
      List<Hash> hashes, Function<Hash, Optional<BlockBody>> lookup, long softLimitBytes) {
    List<BlockBody> out = new ArrayList<>();
    long bytes = 0;
    for (Hash h : hashes) {
      if (bytes >= softLimitBytes) {
        break;
      }
      Optional<BlockBody> body = lookup.apply(h);
      if (body.isEmpty()) {
        break; // eth/68: bodies are answered in order; stop at the first unknown
      }
      for (Transaction tx : body.get().transactions()) {
        bytes += tx.encodedSize();
      }
      out.add(body.get());
    }
    return out;
  }

  /**
   * The receipts of the requested blocks in order, stopping at the first block {@code lookup} does
   * not have and once the answer holds {@code softLimitBytes} of encoded receipts (at least one
   * block's, if there is one; a peer asks again for the rest, as eth/68 allows a shorter answer).
   */
  static List<List<Receipt>> receiptsAnswer(
      List<Hash> hashes, Function<Hash, Optional<List<Receipt>>> lookup, long softLimitBytes) {
    List<List<Receipt>> out = new ArrayList<>();
    long bytes = 0;
    for (Hash h : hashes) {
      if (bytes >= softLimitBytes) {
        break;
      }
      Optional<List<Receipt>> receipts = lookup.apply(h);
      if (receipts.isEmpty()) {
        break;
      }
      for (Receipt r : receipts.get()) {
        bytes += r.encode().length;
      }
      out.add(receipts.get());
    }
    return out;
  }

  /**
   * eth/70's answer (EIP-7975, as go-ethereum serves it): the blocks' bloom-less receipt lists in
   * order, the first from {@code get.firstIndex()} on, stopping at the first block {@code lookup}
   * does not have, after {@code softLimitBytes} of receipts or {@link
   * EthMessage#MAX_RECEIPT_BLOCKS} blocks; a block whose receipts would take the answer past {@code
   * hardLimitBytes} is cut after the last receipt that fits and the answer flagged incomplete,
   * unless not even its first receipt fits, when the answer ends before it.
   */
  static EthMessage.Receipts70 receiptsAnswer70(
      EthMessage.GetReceipts70 get,
      Function<Hash, Optional<List<Receipt>>> lookup,
      long softLimitBytes,
      long hardLimitBytes) {
    List<List<Receipt>> out = new ArrayList<>();
    long bytes = 0;
    List<Hash> hashes = get.hashes();
    for (int i = 0; i < hashes.size(); i++) {
      if (bytes >= softLimitBytes || out.size() >= EthMessage.MAX_RECEIPT_BLOCKS) {
        break;
      }
      Optional<List<Receipt>> receipts = lookup.apply(hashes.get(i));
      if (receipts.isEmpty()) {
        break;
      }
      List<Receipt> all = receipts.get();
      // The index is unsigned; past the end, the first list is empty.
      int from = 0;
      if (i == 0) {
        from =
            Long.compareUnsigned(get.firstIndex(), all.size()) >= 0
                ? all.size()
                : (int) get.firstIndex();
      }
      List<Receipt> block = new ArrayList<>();
      for (Receipt r : all.subList(from, all.size())) {
        RlpWriter w = new RlpWriter();
        r.writeWithoutBloom(w);
        if (bytes + w.size() > hardLimitBytes) {
          if (block.isEmpty()) {
            return new EthMessage.Receipts70(get.requestId(), false, out);
          }
          out.add(block);
          return new EthMessage.Receipts70(get.requestId(), true, out);
        }
        bytes += w.size();
        block.add(r);
      }
      out.add(block);
    }
    return new EthMessage.Receipts70(get.requestId(), false, out);
  }

  private List<BlockHeader> headers(EthMessage.GetBlockHeaders get) {
    Optional<BlockHeader> start =
        switch (get.start()) {
          case EthMessage.ByHash h ->
              chain
                  .blocks()
                  .header(h.hash())
                  .filter(hd -> chain.blocks().isCanonical(hd, h.hash()));
          case EthMessage.ByNumber n ->
              n.number() < 0 ? Optional.empty() : chain.blocks().canonicalHeader(n.number());
        };
    return start.isEmpty()
        ? List.of()
        : headersAnswer(start.get(), get, chain.blocks()::canonicalHeader);
  }

  /**
   * The canonical headers a GetBlockHeaders asks for, from {@code start}: at most {@link
   * EthMessage#MAX_HEADERS} (go-ethereum serves as many), every {@code skip + 1}-th, stopping at
   * the first number the chain lacks or that lies outside 0..2^63-1. {@code skip} is unsigned, so a
   * step that overflows (skip of 2^63 - 1 or more) ends the answer after {@code start}.
   */
  static List<BlockHeader> headersAnswer(
      BlockHeader start,
      EthMessage.GetBlockHeaders get,
      LongFunction<Optional<BlockHeader>> canonical) {
    List<BlockHeader> out = new ArrayList<>();
    long limit = Math.min(get.limit(), EthMessage.MAX_HEADERS);
    if (limit == 0) {
      return out;
    }
    out.add(start);
    if (get.skip() < 0 || get.skip() == Long.MAX_VALUE) {
      return out;
    }
    long step = get.skip() + 1;
    long number = start.number();
    while (out.size() < limit) {
      if (get.reverse() ? number < step : number > Long.MAX_VALUE - step) {
        break;
      }
      number = get.reverse() ? number - step : number + step;
      Optional<BlockHeader> h = canonical.apply(number);
      if (h.isEmpty()) {
        break;
      }
      out.add(h.get());
    }
    return out;
  }

  /**
   * Asks {@code peer} for the announced transactions this node's pool lacks (a peer announces by
   * hash the transactions it relays, {@link TransactionBatcher}, and what its pool still holds a
   * while after they came in, {@link PoolReannouncer}). The answer is admitted like gossip.
   */
  private void requestMissing(PeerSession peer, List<Hash> announced) {
    List<Hash> missing = new ArrayList<>();
    for (Hash h : announced) {
      if (pool.get(h).isEmpty()) {
        missing.add(h);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    // Sent from a thread of its own: a peer that stops reading must not stall the admission of
    // every other peer's transactions.
    Thread.ofVirtual()
        .name("eth-pooled-request")
        .start(
            () -> {
              for (int from = 0; from < missing.size(); from += POOLED_REQUEST_LIMIT) {
                List<Hash> chunk =
                    missing.subList(from, Math.min(missing.size(), from + POOLED_REQUEST_LIMIT));
                try {
                  EthHandler.send(
                      peer,
                      new EthMessage.GetPooledTransactions(requestIds.getAndIncrement(), chunk));
                } catch (IOException | RuntimeException e) {
                  LOG.atDebug().log("cannot ask " + peer + " for pooled transactions: " + e);
                  return;
                }
              }
            });
  }

  /** Admits {@code txs} from {@code peer}, which holds them, so gossip offers them not back. */
  private void addAll(PeerSession peer, List<Transaction> txs) {
    for (Transaction tx : txs) {
      Hash hash = tx.hash();
      known.add(peer, hash);
      if (pool.get(hash).isPresent()) {
        continue;
      }
      relaying.add(hash);
      try {
        pool.add(tx); // a refusal (known, underpriced, bad nonce) is the pool's business
      } finally {
        relaying.remove(hash);
      }
    }
  }

  /**
   * Whether the pool is admitting {@code hash} from a peer's message right now: the pool's
   * listeners, which run inside that admission, then announce it rather than send it in full
   * ({@link TransactionBatcher}).
   */
  boolean admittingFromPeer(Hash hash) {
    return relaying.contains(hash);
  }

  private void complete(long requestId, EthMessage response) {
    CompletableFuture<EthMessage> f = pending.remove(requestId);
    if (f != null) {
      f.complete(response);
    }
  }

  // ------------------------------------------------------------------ catch-up

  private void run() {
    while (!closed) {
      try {
        wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
        wake.drainPermits();
        BlockDownloader.Result r = downloader.run(chain.head(), this::syncPeers);
        if (r.imported() > 0) {
          LOG.atInfo()
              .addKeyValue("head", chain.head().number())
              .addKeyValue("blocksPerSecond", Math.round(r.blocksPerSecond()))
              .addKeyValue("txPerSecond", Math.round(r.transactionsPerSecond()))
              .addKeyValue("retried", r.retried())
              .addKeyValue("punished", r.punished())
              .log("caught up " + r.imported() + " blocks");
          wake.release(); // more may have been finalized meanwhile
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.atWarn().setCause(e).log("sync round failed");
      }
    }
  }

  private List<BlockDownloader.SyncPeer> syncPeers() {
    List<BlockDownloader.SyncPeer> out = new ArrayList<>();
    for (PeerSession p : peers.get()) {
      out.add(new SessionPeer(p));
    }
    return out;
  }

  /** Executes a certified block through the engine; true if it became the head. */
  private boolean importCertified(Block block, CommitCertificate certificate)
      throws InterruptedException {
    try {
      sink.offer(block, certificate).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
    // The engine refuses a block whose certificate is not a quorum or that is not the next
    // height (consensus may have finalized it meanwhile: then the head is already it).
    return chain.headHash().equals(block.hash())
        || chain.blocks().canonicalHash(block.number()).map(block.hash()::equals).orElse(false);
  }

  /** A devp2p session as the downloader sees it. */
  private final class SessionPeer implements BlockDownloader.SyncPeer {
    private final PeerSession session;

    SessionPeer(PeerSession session) {
      this.session = session;
    }

    @Override
    public String id() {
      return session.nodeId().toString();
    }

    @Override
    public long head() {
      return heads.getOrDefault(session.nodeId(), 0L);
    }

    @Override
    public boolean isConnected() {
      return session.isOpen();
    }

    @Override
    public CompletableFuture<List<BlockHeader>> headers(long from, int count) {
      return ask(
              session,
              id ->
                  new EthMessage.GetBlockHeaders(
                      id, new EthMessage.ByNumber(from), count, 0, false))
          .thenApply(m -> ((EthMessage.BlockHeaders) m).headers());
    }

    @Override
    public CompletableFuture<List<BlockBody>> bodies(List<Hash> hashes) {
      return ask(session, id -> new EthMessage.GetBlockBodies(id, hashes))
          .thenApply(m -> ((EthMessage.BlockBodies) m).bodies());
    }

    @Override
    public void misbehaved(String what) {
      session.misbehaved(DisconnectReason.BREACH_OF_PROTOCOL, what);
    }

    @Override
    public String toString() {
      return session.toString();
    }
  }

  /** Sends a request; the future completes with the answer carrying its id. */
  private CompletableFuture<EthMessage> ask(PeerSession peer, LongFunction<EthMessage> m) {
    long id = requestIds.getAndIncrement();
    CompletableFuture<EthMessage> f = new CompletableFuture<>();
    pending.put(id, f);
    f.whenComplete((r, e) -> pending.remove(id));
    // Requests time out in the downloader; drop the entry then too.
    f.orTimeout(REQUEST_TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
    try {
      EthHandler.send(peer, m.apply(id));
    } catch (IOException | RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  @Override
  public void close() {
    closed = true;
    loop.interrupt();
    admission.shutdownNow();
  }
}
