package org.gridledger.rpc;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridledger.rpc.subscription.Subscriber;
import org.gridledger.rpc.subscription.Subscription;

/**
 * One request (an HTTP body or a WebSocket message) being answered: {@link #run()} decodes it and
 * executes its calls in order on a worker thread, while the transport may call {@link
 * #finish(RpcError)} from its timer. Exactly one of them produces the reply: the worker's complete
 * answers, or, on timeout, the answers so far plus the timeout error for every call still
 * unanswered (geth's {@code batchCallBuffer}). Late answers are dropped.
 */
final class Exchange {
  /** What to send back: the body (empty when nothing is to be sent) and new subscriptions. */
  record Reply(byte[] body, List<Subscription> createdSubscriptions) {
    boolean isEmpty() {
      return body.length == 0;
    }
  }

  private final RpcDispatcher dispatcher;
  private final byte[] body;
  private final Optional<Subscriber> subscriber;

  // All below guarded by this.
  private List<RpcRequest> requests = List.of();
  private boolean batch;
  private byte[] immediate;
  private final List<byte[]> answers = new ArrayList<>();
  private final List<Subscription> created = new ArrayList<>();
  private int processed;
  private long responseBytes;
  private boolean overflow;
  private boolean finished;

  Exchange(RpcDispatcher dispatcher, byte[] body, Optional<Subscriber> subscriber) {
    this.dispatcher = dispatcher;
    this.body = body;
    this.subscriber = subscriber;
  }

  Optional<Subscriber> subscriber() {
    return subscriber;
  }

  synchronized void subscriptionCreated(Subscription subscription) {
    created.add(subscription);
  }

  /** Decodes and executes the request; returns early if it was finished meanwhile. */
  void run() {
    RequestDecoder.Decoded decoded = dispatcher.decode(body);
    List<RpcRequest> calls;
    synchronized (this) {
      if (finished) {
        return;
      }
      switch (decoded) {
        case RequestDecoder.Decoded.Malformed m ->
            immediate = dispatcher.renderError("null", new RpcError.ParseError("parse error"));
        case RequestDecoder.Decoded.Single s -> requests = List.of(s.request());
        case RequestDecoder.Decoded.Batch b -> {
          batch = true;
          if (b.requests().isEmpty()) {
            immediate = dispatcher.renderError("null", new RpcError.InvalidRequest("empty batch"));
          } else if (b.tooLong()) {
            immediate = dispatcher.batchTooLarge(b.requests());
          } else {
            requests = b.requests();
          }
        }
      }
      if (immediate != null) {
        return;
      }
      calls = requests;
    }
    for (int i = 0; i < calls.size(); i++) {
      synchronized (this) {
        if (finished) {
          return;
        }
      }
      Optional<byte[]> answer = dispatcher.answer(calls.get(i), this);
      synchronized (this) {
        if (finished) {
          return;
        }
        processed = i + 1;
        if (answer.isPresent()) {
          answers.add(answer.get());
          responseBytes += answer.get().length;
          if (batch && responseBytes > dispatcher.maxBatchResponseBytes()) {
            // Like geth: the answer that crossed the limit is kept, the rest get the error.
            overflow = true;
            return;
          }
        }
      }
    }
  }

  /**
   * Claims the reply. With {@code unanswered == null} this is the normal end after {@link #run()};
   * otherwise (timeout) every call not yet answered gets {@code unanswered}. Returns empty if the
   * reply was already claimed.
   */
  synchronized Optional<Reply> finish(RpcError unanswered) {
    if (finished) {
      return Optional.empty();
    }
    finished = true;
    List<Subscription> subscriptions = List.copyOf(created);
    if (immediate != null) {
      return Optional.of(new Reply(immediate, subscriptions));
    }
    if (overflow) {
      unanswered = new RpcError.ResponseTooLarge();
    } else if (requests.isEmpty() && unanswered != null) {
      // Timed out before the body was even decoded.
      return Optional.of(new Reply(dispatcher.renderError("null", unanswered), subscriptions));
    }
    List<byte[]> all = new ArrayList<>(answers);
    if (unanswered != null) {
      for (int i = processed; i < requests.size(); i++) {
        RpcRequest r = requests.get(i);
        if (!r.isNotification() && !r.isResponse()) {
          all.add(dispatcher.renderError(r.hasValidId() ? r.idJson() : "null", unanswered));
        }
      }
    }
    return Optional.of(new Reply(join(all), subscriptions));
  }

  private byte[] join(List<byte[]> all) {
    if (all.isEmpty()) {
      return new byte[0];
    }
    if (!batch) {
      return all.get(0);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(all.get(i));
    }
    out.write(']');
    return out.toByteArray();
  }
}
