package org.gridledger.app.bft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.gridledger.consensus.BftConfig;
import org.gridledger.consensus.header.BftExtraData;
import org.gridledger.consensus.header.BftExtraDataException;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.consensus.header.FinalityResult;
import org.gridledger.consensus.header.FinalityVerifier;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.consensus.validator.ValidatorSet;
import org.gridledger.core.block.Block;
import org.gridledger.core.block.BlockBody;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.block.BlockRoots;
import org.gridledger.evm.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One catch-up pass of full sync from several peers at once (docs/network.md, "Full sync").
 *
 * <p><b>Headers</b> are fetched in batches of {@link Settings#headerBatch} by number, each batch
 * with one extra header whose extra data carries the commit certificate of the batch's last block
 * (decision 0015); batches go to different peers in parallel and are verified in height order: the
 * first must extend the last verified header, each must link to its parent, and every certificate
 * must be a quorum of the validator set in force at that height ({@link FinalityVerifier}; the set
 * comes from the local chain or from the epoch-end headers verified earlier in this pass). A batch
 * that fails is the sending peer's fault: under BFT finality two different certified blocks at one
 * height cannot exist, so an honest peer's headers always verify.
 *
 * <p><b>Bodies</b> of verified headers are fetched in batches of {@link Settings#bodyBatch} from
 * every peer that has them, at most {@link Settings#maxInFlightPerPeer} requests per peer; a body
 * must match its header's transactions root, ommers hash and withdrawals root.
 *
 * <p>A request that times out is given to another peer and its peer is left alone for {@link
 * Settings#slowPeerBackoff}; a peer that disconnects loses its requests the same way; a peer that
 * sends data that does not verify is reported ({@link SyncPeer#misbehaved}: scored down and
 * disconnected) and not asked again in this pass. Blocks are handed, in order and with their
 * certificates, to the {@link Importer} on its own thread, so that downloading overlaps execution;
 * downloading stays at most {@link Settings#maxBlocksAhead} blocks ahead of execution.
 *
 * <p>The newest block a peer has is not fetched: its certificate is in no header yet (the node
 * finishes that height from consensus messages, as a validator does).
 */
final class BlockDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(BlockDownloader.class);
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  /** A connected peer as the downloader sees it. Requests complete on any thread. */
  interface SyncPeer {
    /** A short name for logs. */
    String id();

    /** The highest block number the peer is known to have (its Status, its announcements). */
    long head();

    boolean isConnected();

    /** Up to {@code count} canonical headers from {@code from} on, ascending. */
    CompletableFuture<List<BlockHeader>> headers(long from, int count);

    /** The bodies of {@code hashes}, in order, stopping at the first the peer lacks. */
    CompletableFuture<List<BlockBody>> bodies(List<Hash> hashes);

    /** The peer sent data that does not verify: score it down and disconnect it. */
    void misbehaved(String what);
  }

  /** Executes a certified block; returns false if it was refused (the pass then ends). */
  interface Importer {
    boolean importBlock(Block block, CommitCertificate certificate) throws InterruptedException;
  }

  /**
   * @param headerBatch headers certified per header request (one more is asked for)
   * @param bodyBatch bodies per body request
   * @param maxInFlightPerPeer requests outstanding to one peer
   * @param requestTimeout after this a request is given to another peer
   * @param maxBlocksAhead how far header and body downloads may run ahead of execution
   * @param slowPeerBackoff how long a peer that timed out or had nothing is not asked
   */
  record Settings(
      int headerBatch,
      int bodyBatch,
      int maxInFlightPerPeer,
      Duration requestTimeout,
      int maxBlocksAhead,
      Duration slowPeerBackoff) {
    Settings {
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(slowPeerBackoff, "slowPeerBackoff");
      if (headerBatch < 1 || bodyBatch < 1 || maxInFlightPerPeer < 1 || maxBlocksAhead < 1) {
        throw new IllegalArgumentException("batches, in-flight limit and window must be positive");
      }
    }

    /** 128 headers (eth's serving limit here), 64 bodies, 2 requests per peer, 5 s, 4,096. */
    static Settings defaults() {
      return new Settings(127, 64, 2, Duration.ofSeconds(5), 4_096, Duration.ofSeconds(2));
    }
  }

  /** What one pass did. */
  record Result(long imported, long transactions, long nanos, long punished, long retried) {
    double blocksPerSecond() {
      return nanos == 0 ? 0 : imported * 1e9 / nanos;
    }

    double transactionsPerSecond() {
      return nanos == 0 ? 0 : transactions * 1e9 / nanos;
    }
  }

  private sealed interface Task permits HeaderTask, BodyTask {
    long from();
  }

  /** Headers {@code from .. from + count - 1} to certify, plus the one after them. */
  private record HeaderTask(long from, int count) implements Task {}

  /** Bodies of certified headers, with the certificates that make the blocks final. */
  private record BodyTask(List<BlockHeader> headers, List<CommitCertificate> certificates)
      implements Task {
    @Override
    public long from() {
      return headers.getFirst().number();
    }

    long last() {
      return headers.getLast().number();
    }
  }

  private sealed interface Event permits Answered, Imported {}

  private record Answered(Task task, SyncPeer peer, Object answer, Throwable error)
      implements Event {}

  private record Imported(boolean ok) implements Event {}

  private record Certified(Block block, CommitCertificate certificate) {}

  private static final class PeerState {
    int inFlight;
    long idleUntilNanos;
  }

  private final Settings settings;
  private final BftConfig config;
  private final FinalityVerifier finality;
  private final LongFunction<ValidatorSet> localSets;
  private final Importer importer;

  /**
   * @param localSets the validator set in force at a height whose epoch's set the local chain
   *     determines (the epoch starts at or below the local head + 1)
   */
  BlockDownloader(
      Settings settings,
      BftConfig config,
      FinalityVerifier finality,
      LongFunction<ValidatorSet> localSets,
      Importer importer) {
    this.settings = settings;
    this.config = config;
    this.finality = finality;
    this.localSets = localSets;
    this.importer = importer;
  }

  /**
   * Downloads and imports every block the peers can certify beyond {@code localHead}; returns when
   * done, when no peer can help any more, or when the importer refuses a block.
   */
  Result run(BlockHeader localHead, Supplier<List<SyncPeer>> peers) throws InterruptedException {
    return new Pass(localHead, peers).run();
  }

  /** The state of one pass; confined to the calling thread except the event queue. */
  private final class Pass {
    private final long start = System.nanoTime();
    private final long localHead;
    private final Supplier<List<SyncPeer>> peerSource;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Certified> toImport = new LinkedBlockingQueue<>();
    private final TreeMap<Long, HeaderTask> headerTasks = new TreeMap<>();
    private final TreeMap<Long, BodyTask> bodyTasks = new TreeMap<>();
    private final TreeMap<Long, Answered> headerAnswers = new TreeMap<>();
    private final TreeMap<Long, Certified> ready = new TreeMap<>();
    private final Map<String, PeerState> states = new HashMap<>();
    private final Set<String> excluded = new HashSet<>();
    private final Set<String> reported = new HashSet<>();
    private final TreeMap<Long, List<Validator>> epochSets = new TreeMap<>();
    private final AtomicLong importedCount = new AtomicLong();
    private final AtomicLong importedTxs = new AtomicLong();
    private volatile boolean importRefused;
    private BlockHeader verifiedTip;
    private long nextHeader;
    private long nextToQueueForImport;
    private long target;
    private int inFlight;
    private long punished;
    private long retried;
    private long lastProgressNanos = System.nanoTime();

    Pass(BlockHeader localHead, Supplier<List<SyncPeer>> peers) {
      this.localHead = localHead.number();
      this.peerSource = peers;
      this.verifiedTip = localHead;
      this.nextHeader = localHead.number() + 1;
      this.nextToQueueForImport = localHead.number() + 1;
      this.target = localHead.number();
    }

    Result run() throws InterruptedException {
      Thread importThread = Thread.ofVirtual().name("sync-import").start(this::importLoop);
      try {
        while (!importRefused) {
          List<SyncPeer> peers = usablePeers();
          if (target == localHead) {
            // The target is fixed once known: blocks finalized meanwhile are the next pass's.
            for (SyncPeer p : peers) {
              target = Math.max(target, p.head());
            }
          }
          planHeaders();
          assign(peers);
          boolean idle =
              headerTasks.isEmpty()
                  && bodyTasks.isEmpty()
                  && headerAnswers.isEmpty()
                  && inFlight == 0;
          boolean done = nextToQueueForImport >= target && idle;
          boolean stuck = inFlight == 0 && peers.isEmpty();
          boolean stalled = System.nanoTime() - lastProgressNanos > stallNanos();
          if (done || stuck || stalled) {
            break;
          }
          // One header batch is verified per round (its certificates cost ~4 signature
          // recoveries per block), so that requests go out in between, not after all of them.
          Event e = events.poll(verifiable() ? 0 : 100, TimeUnit.MILLISECONDS);
          while (e != null) {
            handle(e);
            e = events.poll();
          }
          verifyNextBatch();
          feedImporter();
          progress(peers.size());
        }
        // Let the importer finish what it was given.
        while (!importRefused && importedCount.get() < nextToQueueForImport - localHead - 1) {
          Event e = events.poll(100, TimeUnit.MILLISECONDS);
          if (e instanceof Answered a) {
            settle(a); // a late answer: only its bookkeeping matters now
          }
        }
      } finally {
        importThread.interrupt();
        importThread.join();
      }
      return new Result(
          importedCount.get(), importedTxs.get(), System.nanoTime() - start, punished, retried);
    }

    private long lastReportNanos = System.nanoTime();

    /** Logs progress every {@link #PROGRESS_NANOS} of a long pass. */
    private void progress(int peers) {
      long now = System.nanoTime();
      if (now - lastReportNanos < PROGRESS_NANOS) {
        return;
      }
      lastReportNanos = now;
      LOG.atInfo()
          .addKeyValue("imported", importedCount.get())
          .addKeyValue("head", localHead + importedCount.get())
          .addKeyValue("verifiedHeaders", verifiedTip.number())
          .addKeyValue("target", target)
          .addKeyValue("peers", peers)
          .addKeyValue("inFlight", inFlight)
          .addKeyValue("retried", retried)
          .addKeyValue("blocksPerSecond", Math.round(importedCount.get() * 1e9 / (now - start)))
          .log("syncing");
    }

    /** No answer accepted and no block imported this long: no peer can help now. */
    private long stallNanos() {
      return 2 * settings.requestTimeout().toNanos() + settings.slowPeerBackoff().toNanos();
    }

    private List<SyncPeer> usablePeers() {
      List<SyncPeer> out = new ArrayList<>();
      for (SyncPeer p : peerSource.get()) {
        if (p.isConnected() && !excluded.contains(p.id())) {
          out.add(p);
        }
      }
      return out;
    }

    /** Header tasks up to the peers' heads, but not too far ahead of execution. */
    private void planHeaders() {
      long limit = localHead + importedCount.get() + settings.maxBlocksAhead();
      while (nextHeader < target && nextHeader <= limit) {
        int count = (int) Math.min(settings.headerBatch(), target - nextHeader);
        headerTasks.put(nextHeader, new HeaderTask(nextHeader, count));
        nextHeader += count;
      }
    }

    /** Gives the lowest queued tasks to idle peers that have the blocks. */
    private void assign(List<SyncPeer> peers) {
      long now = System.nanoTime();
      boolean assigned = true;
      while (assigned && !(headerTasks.isEmpty() && bodyTasks.isEmpty())) {
        assigned = false;
        for (SyncPeer peer : peers) {
          PeerState st = states.computeIfAbsent(peer.id(), k -> new PeerState());
          if (st.inFlight >= settings.maxInFlightPerPeer() || st.idleUntilNanos - now > 0) {
            continue;
          }
          Task task = lowestFor(peer);
          if (task == null) {
            continue;
          }
          send(peer, st, task);
          assigned = true;
        }
      }
    }

    /** Takes the lowest-numbered queued task the peer has the blocks for, or null. */
    private Task lowestFor(SyncPeer peer) {
      HeaderTask header = null;
      for (HeaderTask h : headerTasks.values()) {
        if (peer.head() >= h.from() + h.count()) {
          header = h;
          break;
        }
      }
      BodyTask body = null;
      for (BodyTask b : bodyTasks.values()) {
        if (peer.head() >= b.last()) {
          body = b;
          break;
        }
      }
      if (header != null && (body == null || header.from() < body.from())) {
        headerTasks.remove(header.from());
        return header;
      }
      if (body != null) {
        bodyTasks.remove(body.from());
      }
      return body;
    }

    private void send(SyncPeer peer, PeerState st, Task task) {
      st.inFlight++;
      inFlight++;
      CompletableFuture<?> request;
      try {
        request =
            switch (task) {
              case HeaderTask h -> peer.headers(h.from(), h.count() + 1);
              case BodyTask b -> peer.bodies(b.headers().stream().map(BlockHeader::hash).toList());
            };
      } catch (RuntimeException e) {
        request = CompletableFuture.failedFuture(e);
      }
      request
          .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((answer, error) -> events.add(new Answered(task, peer, answer, error)));
    }

    private PeerState settle(Answered a) {
      PeerState st = states.computeIfAbsent(a.peer().id(), k -> new PeerState());
      st.inFlight--;
      inFlight--;
      return st;
    }

    private void handle(Event e) {
      switch (e) {
        case Imported ignored -> lastProgressNanos = System.nanoTime();
        case Answered a -> {
          PeerState st = settle(a);
          if (reported.contains(a.peer().id()) && a.error() == null) {
            requeue(a.task()); // it was caught sending bad data: nothing more from it is used
            return;
          }
          if (a.error() != null) {
            // Timed out or disconnected: someone else does it, this peer rests a while.
            st.idleUntilNanos = System.nanoTime() + settings.slowPeerBackoff().toNanos();
            requeue(a.task());
            if (!(a.error() instanceof TimeoutException)
                && !(a.error().getCause() instanceof TimeoutException)
                && !a.peer().isConnected()) {
              excluded.add(a.peer().id());
            }
            return;
          }
          switch (a.task()) {
            case HeaderTask h -> onHeaders(a, h, st);
            case BodyTask b -> onBodies(a, b, st);
          }
        }
      }
    }

    private void requeue(Task task) {
      retried++;
      switch (task) {
        case HeaderTask h -> headerTasks.put(h.from(), h);
        case BodyTask b -> bodyTasks.put(b.from(), b);
      }
    }

    private void punish(SyncPeer peer, String what) {
      excluded.add(peer.id());
      if (!reported.add(peer.id())) {
        return; // reported once per pass
      }
      punished++;
      peer.misbehaved(what);
    }

    @SuppressWarnings("unchecked")
    private void onHeaders(Answered a, HeaderTask task, PeerState st) {
      List<BlockHeader> headers = (List<BlockHeader>) a.answer();
      if (headers.size() < 2) {
        // It has not got them (yet): ask someone else.
        st.idleUntilNanos = System.nanoTime() + settings.slowPeerBackoff().toNanos();
        requeue(task);
        return;
      }
      if (headers.size() > task.count() + 1) {
        punish(a.peer(), "sent " + headers.size() + " headers for " + (task.count() + 1));
        requeue(task);
        return;
      }
      for (int i = 0; i < headers.size(); i++) {
        BlockHeader h = headers.get(i);
        if (h.number() != task.from() + i
            || (i > 0 && !h.parentHash().equals(headers.get(i - 1).hash()))) {
          punish(a.peer(), "headers from " + task.from() + " do not form a chain at " + i);
          requeue(task);
          return;
        }
      }
      lastProgressNanos = System.nanoTime();
      int certified = headers.size() - 1;
      if (certified < task.count()) {
        requeue(new HeaderTask(task.from() + certified, task.count() - certified));
        retried--; // a split, not a retry
      }
      headerAnswers.put(
          task.from(),
          new Answered(new HeaderTask(task.from(), certified), a.peer(), headers, null));
    }

    private boolean verifiable() {
      return !headerAnswers.isEmpty() && headerAnswers.firstKey() == verifiedTip.number() + 1;
    }

    /** Verifies the header batch that extends the verified chain, if any; queues its bodies. */
    @SuppressWarnings("unchecked")
    private void verifyNextBatch() {
      if (verifiable()) {
        Answered a = headerAnswers.pollFirstEntry().getValue();
        HeaderTask task = (HeaderTask) a.task();
        if (reported.contains(a.peer().id())) {
          requeue(task); // its sender was caught since: not used
          return;
        }
        List<BlockHeader> headers = (List<BlockHeader>) a.answer();
        String fault = verify(headers);
        if (fault != null) {
          punish(a.peer(), fault);
          requeue(task);
          return;
        }
        List<BlockHeader> batch = new ArrayList<>();
        List<CommitCertificate> certificates = new ArrayList<>();
        for (int i = 0; i < headers.size() - 1; i++) {
          batch.add(headers.get(i));
          certificates.add(BftExtraData.of(headers.get(i + 1)).parentCertificate());
          if (batch.size() == settings.bodyBatch() || i == headers.size() - 2) {
            BodyTask b = new BodyTask(List.copyOf(batch), List.copyOf(certificates));
            bodyTasks.put(b.from(), b);
            batch.clear();
            certificates.clear();
          }
        }
        verifiedTip = headers.get(headers.size() - 2);
      }
    }

    /** Why the batch (all but its last header certified by its successor) is wrong, or null. */
    private String verify(List<BlockHeader> headers) {
      if (!headers.getFirst().parentHash().equals(verifiedTip.hash())) {
        return "header " + headers.getFirst().number() + " does not extend the verified chain";
      }
      for (int i = 0; i < headers.size() - 1; i++) {
        BlockHeader h = headers.get(i);
        CommitCertificate certificate;
        BftExtraData extra;
        try {
          certificate = BftExtraData.of(headers.get(i + 1)).parentCertificate();
          extra = BftExtraData.of(h);
        } catch (BftExtraDataException e) {
          return "header " + h.number() + " or its child has no BFT extra data: " + e.getMessage();
        }
        FinalityResult r = finality.verify(h.number(), h.hash(), certificate, setAt(h.number()));
        if (!r.isFinal()) {
          return "block " + h.number() + " is not final: " + r.reason();
        }
        if (isEpochEnd(h.number()) && !extra.validators().isEmpty()) {
          epochSets.put(h.number(), extra.validators());
        }
      }
      return null;
    }

    private boolean isEpochEnd(long number) {
      return (number + 1) % config.epochLength() == 0;
    }

    /** The set in force at {@code height}: from epoch ends verified in this pass, else local. */
    private ValidatorSet setAt(long height) {
      for (long epoch = config.epochOf(height); epoch > 0; epoch--) {
        long epochEnd = epoch * config.epochLength() - 1;
        if (epochEnd <= localHead) {
          return localSets.apply(epochEnd + 1);
        }
        List<Validator> named = epochSets.get(epochEnd);
        if (named != null) {
          return new ValidatorSet(named);
        }
      }
      return localSets.apply(0);
    }

    @SuppressWarnings("unchecked")
    private void onBodies(Answered a, BodyTask task, PeerState st) {
      List<BlockBody> bodies = (List<BlockBody>) a.answer();
      if (bodies.size() > task.headers().size()) {
        punish(a.peer(), "sent " + bodies.size() + " bodies for " + task.headers().size());
        requeue(task);
        return;
      }
      int matched = 0;
      String fault = null;
      for (; matched < bodies.size(); matched++) {
        fault = mismatch(task.headers().get(matched), bodies.get(matched));
        if (fault != null) {
          break;
        }
        ready.put(
            task.from() + matched,
            new Certified(
                new Block(task.headers().get(matched), bodies.get(matched)),
                task.certificates().get(matched)));
      }
      if (matched > 0) {
        lastProgressNanos = System.nanoTime();
      }
      if (fault != null) {
        punish(a.peer(), fault);
      } else if (matched == 0) {
        st.idleUntilNanos = System.nanoTime() + settings.slowPeerBackoff().toNanos();
      }
      if (matched < task.headers().size()) {
        int size = task.headers().size();
        requeue(
            new BodyTask(
                task.headers().subList(matched, size), task.certificates().subList(matched, size)));
      }
    }

    /** Why {@code body} is not the body {@code header} commits to, or null. */
    private static String mismatch(BlockHeader header, BlockBody body) {
      if (!BlockRoots.transactionsRoot(body.transactions()).equals(header.transactionsRoot())) {
        return "body of block " + header.number() + ": transactions root differs";
      }
      if (!BlockRoots.ommersHash(body.ommers()).equals(header.ommersHash())) {
        return "body of block " + header.number() + ": ommers hash differs";
      }
      Hash withdrawals =
          body.withdrawals() == null ? null : BlockRoots.withdrawalsRoot(body.withdrawals());
      if (!Objects.equals(withdrawals, header.withdrawalsRoot())) {
        return "body of block " + header.number() + ": withdrawals root differs";
      }
      return null;
    }

    private void feedImporter() {
      while (!ready.isEmpty() && ready.firstKey() == nextToQueueForImport) {
        toImport.add(ready.pollFirstEntry().getValue());
        nextToQueueForImport++;
      }
    }

    private void importLoop() {
      try {
        while (true) {
          Certified c = toImport.take();
          boolean ok = importer.importBlock(c.block(), c.certificate());
          if (ok) {
            importedTxs.addAndGet(c.block().body().transactions().size());
            importedCount.incrementAndGet();
          } else {
            importRefused = true;
          }
          events.add(new Imported(ok));
          if (!ok) {
            return;
          }
        }
      } catch (InterruptedException e) {
        // the pass is over
      }
    }
  }
}
