package org.gridledger.sdk;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * One node's JSON-RPC endpoint with retries: transient failures (I/O errors: refused, reset, timed
 * out, HTTP errors) are retried with exponential backoff; JSON-RPC error answers are returned to
 * the caller, never retried.
 */
public final class RpcConnection implements AutoCloseable {
  private final String url;
  private final Web3j web3j;
  private final RetryPolicy retry;

  public RpcConnection(String url, RetryPolicy retry) {
    this.url = url;
    this.web3j = Web3j.build(new HttpService(url));
    this.retry = retry;
  }

  public String url() {
    return url;
  }

  public Web3j web3j() {
    return web3j;
  }

  /** Sends a request; throws RpcUnavailable when every attempt failed to reach the node. */
  public <T extends Response<?>> T send(Request<?, T> request, String what)
      throws GridException.RpcUnavailable {
    return retrying(request::send, what);
  }

  /** Runs {@code action}, retrying it on I/O errors. */
  public <T> T retrying(Callable<T> action, String what) throws GridException.RpcUnavailable {
    IOException last = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      try {
        return action.call();
      } catch (IOException e) {
        last = e;
      } catch (RuntimeException e) {
        if (e.getCause() instanceof IOException io) {
          last = io;
        } else {
          throw e;
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      if (attempt < retry.attempts()) {
        try {
          Thread.sleep(retry.delay(attempt).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new GridException.RpcUnavailable(
        "cannot reach the node at "
            + url
            + " ("
            + what
            + ": "
            + (last == null
                ? "interrupted"
                : last.getClass().getSimpleName() + " " + last.getMessage())
            + ") after "
            + retry.attempts()
            + " attempts: is it running (make run) and is --rpc right?",
        last);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
