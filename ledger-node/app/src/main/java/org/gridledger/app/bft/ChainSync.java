package org.gridledger.app.bft;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.gridledger.consensus.engine.BlockSync;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.BftExtraDataException;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.InMemoryTransactionPool;
import org.gridledger.core.txpool.PooledTransaction;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.Hash;
import org.gridledger.network.eth.EthMessage;
import org.gridledger.network.peer.EthHandler;
import org.gridledger.network.peer.PeerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@code eth/68} side: answers GetBlockHeaders, GetBlockBodies and GetPooledTransactions
 * from the chain and the pool, adds gossiped transactions to the pool, and catches up when a peer
 * is ahead.
 *
 * <p><b>Catch-up</b> (also the engine's {@link BlockSync}): a background loop asks a peer for up to
 * {@link #BATCH} headers after the local head, then for the bodies of all but the last, and hands
 * each block with the commit certificate its child header carries (decision 0015) to the consensus
 * thread, whose engine accepts it only if the certificate is a quorum of the set in force ({@code
 * FinalityVerifier}) and whose committer executes it and checks every root. The newest block a peer
 * has cannot be certified this way (its child does not exist yet); a node that has caught up to it
 * finishes that height from the consensus messages it buffered, as a validator does. The loop runs
 * every {@link #POLL_MILLIS} and at once when the engine asks or a peer announces a block.
 */
final class ChainSync implements EthHandler.Listener, BlockSync, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainSync.class);

  static final int BATCH = 128;
  static final long POLL_MILLIS = 1_000;
  static final long REQUEST_TIMEOUT_MILLIS = 5_000;

  /** Hands a certified block to the engine on the consensus thread; completes when done. */
  interface CertifiedBlockSink {
    CompletableFuture<Void> offer(Block block, CommitCertificate certificate);
  }

  private final Blockchain chain;
  private final InMemoryTransactionPool pool;
  private final Supplier<List<PeerSession>> peers;
  private final CertifiedBlockSink sink;
  private final Map<Long, CompletableFuture<EthMessage>> pending = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong(1);
  private final Semaphore wake = new Semaphore(0);
  private final Thread loop;
  private volatile boolean closed;

  ChainSync(
      Blockchain chain,
      InMemoryTransactionPool pool,
      Supplier<List<PeerSession>> peers,
      CertifiedBlockSink sink) {
    this.chain = chain;
    this.pool = pool;
    this.peers = peers;
    this.sink = sink;
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
      case EthMessage.GetBlockBodies get -> {
        List<BlockBody> bodies = new ArrayList<>();
        for (Hash h : get.hashes()) {
          Optional<BlockBody> body = chain.blocks().body(h);
          if (body.isEmpty()) {
            break; // eth/68: bodies are answered in order; stop at the first unknown
          }
          bodies.add(body.get());
        }
        EthHandler.send(peer, new EthMessage.BlockBodies(get.requestId(), bodies));
      }
      case EthMessage.GetPooledTransactions get -> {
        List<Transaction> txs = new ArrayList<>();
        for (Hash h : get.hashes()) {
          pool.get(h).map(PooledTransaction::transaction).ifPresent(txs::add);
        }
        EthHandler.send(peer, new EthMessage.PooledTransactions(get.requestId(), txs));
      }
      case EthMessage.BlockHeaders r -> complete(r.requestId(), r);
      case EthMessage.BlockBodies r -> complete(r.requestId(), r);
      case EthMessage.PooledTransactions r -> addAll(r.transactions());
      case EthMessage.Transactions t -> addAll(t.transactions());
      case EthMessage.NewBlockHashes n -> {
        if (n.blocks().stream().anyMatch(b -> b.number() > chain.head().number() + 1)) {
          wake.release();
        }
      }
      default -> {
        // Status is checked by the handler; NewBlock and announcements of pooled transactions
        // are not used: blocks come from consensus or sync, transactions are sent in full.
      }
    }
  }

  private List<BlockHeader> headers(EthMessage.GetBlockHeaders get) {
    Optional<BlockHeader> start =
        switch (get.start()) {
          case EthMessage.ByHash h ->
              chain
                  .blocks()
                  .header(h.hash())
                  .filter(hd -> chain.blocks().isCanonical(hd, h.hash()));
          case EthMessage.ByNumber n -> chain.blocks().canonicalHeader(n.number());
        };
    List<BlockHeader> out = new ArrayList<>();
    if (start.isEmpty()) {
      return out;
    }
    long limit = Math.min(get.limit(), BATCH);
    long step = Math.addExact(get.skip(), 1) * (get.reverse() ? -1 : 1);
    long number = start.get().number();
    for (long i = 0; i < limit && number >= 0; i++, number += step) {
      Optional<BlockHeader> h = chain.blocks().canonicalHeader(number);
      if (h.isEmpty()) {
        break;
      }
      out.add(h.get());
    }
    return out;
  }

  private void addAll(List<Transaction> txs) {
    for (Transaction tx : txs) {
      if (pool.get(tx.hash()).isEmpty()) {
        pool.add(tx); // a refusal (known, underpriced, bad nonce) is the pool's business
      }
    }
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
        boolean progress = true;
        while (progress && !closed) {
          progress = false;
          List<PeerSession> candidates = new ArrayList<>(peers.get());
          Collections.shuffle(candidates);
          for (PeerSession peer : candidates) {
            if (syncFrom(peer) > 0) {
              progress = true;
              break;
            }
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.atWarn().setCause(e).log("sync round failed");
      }
    }
  }

  /** Fetches, verifies and commits one batch from {@code peer}; returns how many were committed. */
  private int syncFrom(PeerSession peer) throws InterruptedException {
    BlockHeader head = chain.head();
    Optional<EthMessage> got =
        ask(
            peer,
            id ->
                new EthMessage.GetBlockHeaders(
                    id, new EthMessage.ByNumber(head.number() + 1), BATCH, 0, false));
    if (!(got.orElse(null) instanceof EthMessage.BlockHeaders headers)
        || headers.headers().size() < 2) {
      return 0;
    }
    List<BlockHeader> hs = headers.headers();
    Hash parent = head.hash();
    for (BlockHeader h : hs) {
      if (!h.parentHash().equals(parent)) {
        LOG.atDebug().log("peer " + peer + " sent headers that do not extend our head");
        return 0;
      }
      parent = h.hash();
    }
    List<Hash> wanted = hs.subList(0, hs.size() - 1).stream().map(BlockHeader::hash).toList();
    Optional<EthMessage> gotBodies = ask(peer, id -> new EthMessage.GetBlockBodies(id, wanted));
    if (!(gotBodies.orElse(null) instanceof EthMessage.BlockBodies bodies)) {
      return 0;
    }
    int committed = 0;
    for (int i = 0; i < bodies.bodies().size() && i < wanted.size(); i++) {
      Block block = new Block(hs.get(i), bodies.bodies().get(i));
      CommitCertificate certificate;
      try {
        certificate = BftExtraData.of(hs.get(i + 1)).parentCertificate();
      } catch (BftExtraDataException e) {
        LOG.atWarn().log("peer " + peer + " sent a header without BFT extra data: " + e);
        return committed;
      }
      long before = chain.head().number();
      try {
        sink.offer(block, certificate).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        return committed;
      }
      if (chain.head().number() <= before && !chain.headHash().equals(block.hash())) {
        // The engine refused it (certificate not a quorum, not the next height) or the block
        // did not import: stop using this batch.
        return committed;
      }
      committed++;
    }
    if (committed > 0) {
      LOG.atInfo()
          .addKeyValue("head", chain.head().number())
          .addKeyValue("peer", peer.nodeId().toString().substring(0, 16))
          .log("caught up " + committed + " blocks");
    }
    return committed;
  }

  private Optional<EthMessage> ask(PeerSession peer, java.util.function.LongFunction<EthMessage> m)
      throws InterruptedException {
    long id = requestIds.getAndIncrement();
    CompletableFuture<EthMessage> f = new CompletableFuture<>();
    pending.put(id, f);
    try {
      EthHandler.send(peer, m.apply(id));
      return Optional.of(f.get(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
      return Optional.empty();
    } finally {
      pending.remove(id);
    }
  }

  /** Sends {@code message} to every peer (announcements, transactions), on the caller's thread. */
  static void sendToAll(
      List<PeerSession> peers, EthMessage message, BiConsumer<PeerSession, Exception> onError) {
    for (PeerSession peer : peers) {
      try {
        EthHandler.send(peer, message);
      } catch (IOException | RuntimeException e) {
        onError.accept(peer, e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    loop.interrupt();
  }
}
