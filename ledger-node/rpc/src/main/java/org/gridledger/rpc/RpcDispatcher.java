package org.gridledger.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.gridledger.rpc.json.ParamParsers;
import org.gridledger.rpc.subscription.LogFilter;
import org.gridledger.rpc.subscription.Subscriber;
import org.gridledger.rpc.subscription.Subscription;
import org.gridledger.rpc.subscription.SubscriptionKind;
import org.gridledger.rpc.subscription.SubscriptionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transport-independent JSON-RPC 2.0 processing with go-ethereum's rules ({@code rpc/handler.go},
 * {@code rpc/json.go}): message classification (calls, notifications, stray responses, invalid
 * messages), batches, the built-in {@code rpc_modules}, {@code *_subscribe} and {@code
 * *_unsubscribe}, and method dispatch with parameter-count checks. Thread-safe; the HTTP and
 * WebSocket transports of {@link RpcServer} use it, and in-process callers may use {@link
 * #handle(byte[], Optional)} directly.
 */
public final class RpcDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RpcDispatcher.class);

  /** geth's {@code maxMethodNameLength}. */
  static final int MAX_METHOD_NAME_LENGTH = 2048;

  private final RpcMethods methods;
  private final SubscriptionManager subscriptions;
  private final RpcConfig config;
  private final RpcObserver observer;
  private final ObjectMapper mapper;
  private final RequestDecoder decoder;

  public RpcDispatcher(RpcMethods methods, SubscriptionManager subscriptions, RpcConfig config) {
    this(methods, subscriptions, config, RpcObserver.NONE);
  }

  /** A dispatcher that reports each call and each error sent to {@code observer}. */
  public RpcDispatcher(
      RpcMethods methods,
      SubscriptionManager subscriptions,
      RpcConfig config,
      RpcObserver observer) {
    this.methods = methods;
    this.subscriptions = subscriptions;
    this.config = config;
    this.observer = observer;
    this.mapper = new ObjectMapper();
    this.decoder = new RequestDecoder(mapper);
  }

  /**
   * Answers one request body synchronously, without a timeout.
   *
   * @param subscriber the connection, if it can receive notifications (a WebSocket); empty for
   *     HTTP, where {@code eth_subscribe} answers "notifications not supported"
   * @return the response body, or empty when nothing is to be sent (only notifications)
   */
  public Optional<byte[]> handle(byte[] body, Optional<Subscriber> subscriber) {
    Exchange exchange = exchange(body, subscriber);
    exchange.run();
    return exchange.finish(null).filter(reply -> !reply.isEmpty()).map(Exchange.Reply::body);
  }

  Exchange exchange(byte[] body, Optional<Subscriber> subscriber) {
    return new Exchange(this, body, subscriber);
  }

  RequestDecoder.Decoded decode(byte[] body) {
    return decoder.decode(body, config.maxBatchLength());
  }

  long maxBatchResponseBytes() {
    return config.maxBatchResponseBytes();
  }

  /** geth answers an over-long batch with one error, in an array, carrying the first call's id. */
  byte[] batchTooLarge(List<RpcRequest> requests) {
    String id = "null";
    for (RpcRequest r : requests) {
      if (r.isCall()) {
        id = r.idJson();
        break;
      }
    }
    byte[] error = renderError(id, new RpcError.InvalidRequest("batch too large"));
    byte[] out = new byte[error.length + 2];
    out[0] = '[';
    System.arraycopy(error, 0, out, 1, error.length);
    out[out.length - 1] = ']';
    return out;
  }

  /** The answer to one message, or empty for notifications and stray responses. */
  Optional<byte[]> answer(RpcRequest request, Exchange exchange) {
    if (request.isResponse()) {
      return Optional.empty();
    }
    if (request.isNotification()) {
      // A client-side "*_subscription" notification sent to a server means nothing; geth drops it.
      if (!request.method().endsWith("_subscription")) {
        execute(request, exchange);
      }
      return Optional.empty();
    }
    if (request.isCall()) {
      return Optional.of(render(request.idJson(), execute(request, exchange)));
    }
    String id = request.hasValidId() ? request.idJson() : "null";
    return Optional.of(renderError(id, new RpcError.InvalidRequest("invalid request")));
  }

  private RpcResult execute(RpcRequest request, Exchange exchange) {
    long start = System.nanoTime();
    RpcResult result = executeUnobserved(request, exchange);
    observer.callCompleted(
        label(request.method()), System.nanoTime() - start, result instanceof RpcResult.Failure);
    return result;
  }

  /**
   * The method name if this server serves it, else {@link RpcObserver#UNKNOWN_METHOD}: metrics
   * label calls by method, and a client must not be able to invent labels.
   */
  private String label(String method) {
    if (method.equals("rpc_modules")) {
      return method;
    }
    if (method.endsWith("_subscribe") || method.endsWith("_unsubscribe")) {
      String namespace = RpcMethods.namespaceOf(method);
      return namespace.equals(SubscriptionManager.NAMESPACE) && config.apis().contains(namespace)
          ? method
          : RpcObserver.UNKNOWN_METHOD;
    }
    return methods.lookup(method).filter(e -> config.apis().contains(e.namespace())).isPresent()
        ? method
        : RpcObserver.UNKNOWN_METHOD;
  }

  private RpcResult executeUnobserved(RpcRequest request, Exchange exchange) {
    String method = request.method();
    try {
      if (method.length() > MAX_METHOD_NAME_LENGTH) {
        return RpcResult.failure(
            new RpcError.InvalidRequest(
                "method name too long: " + method.length() + " > " + MAX_METHOD_NAME_LENGTH));
      }
      if (method.endsWith("_subscribe")) {
        return subscribe(request, exchange);
      }
      if (method.endsWith("_unsubscribe")) {
        return unsubscribe(request, exchange);
      }
      if (method.equals("rpc_modules")) {
        return modules(request);
      }
      Optional<RpcMethods.Entry> entry =
          methods.lookup(method).filter(e -> config.apis().contains(e.namespace()));
      if (entry.isEmpty()) {
        return RpcResult.failure(new RpcError.MethodNotFound(method));
      }
      RpcParams params = RpcParams.of(request.params());
      checkArity(params, entry.get().maxParams());
      RpcResult result = entry.get().handler().call(params);
      if (result == null) {
        throw new IllegalStateException(method + " returned no result");
      }
      return result;
    } catch (RpcException e) {
      return RpcResult.failure(e.error());
    } catch (VirtualMachineError e) {
      if (!(e instanceof StackOverflowError)) {
        throw e;
      }
      return crashed(method, e);
    } catch (RuntimeException | Error e) {
      return crashed(method, e);
    }
  }

  private static RpcResult crashed(String method, Throwable e) {
    LOG.atError().addKeyValue("method", method).setCause(e).log("RPC method handler crashed");
    return RpcResult.failure(new RpcError.InternalError("method handler crashed"));
  }

  private static void checkArity(RpcParams params, int max) {
    if (params.size() > max) {
      throw new RpcException(new RpcError.InvalidParams("too many arguments, want at most " + max));
    }
  }

  private RpcResult modules(RpcRequest request) {
    checkArity(RpcParams.of(request.params()), 0);
    // Sorted, as Go marshals geth's map.
    Set<String> enabled = new TreeSet<>();
    for (String namespace : methods.namespaces()) {
      if (config.apis().contains(namespace)) {
        enabled.add(namespace);
      }
    }
    enabled.add("rpc");
    ObjectNode modules = JsonNodeFactory.instance.objectNode();
    for (String namespace : enabled) {
      modules.put(namespace, "1.0");
    }
    return RpcResult.success(modules);
  }

  private RpcResult subscribe(RpcRequest request, Exchange exchange) {
    Optional<Subscriber> subscriber = exchange.subscriber();
    if (subscriber.isEmpty()) {
      return RpcResult.failure(new RpcError.NotificationsUnsupported());
    }
    JsonNode raw = request.params();
    if (raw == null || !raw.isArray()) {
      return RpcResult.failure(new RpcError.InvalidParams("non-array args"));
    }
    JsonNode first = raw.get(0);
    if (first == null || !first.isTextual()) {
      return RpcResult.failure(
          new RpcError.InvalidParams("expected subscription name as first argument"));
    }
    String namespace = RpcMethods.namespaceOf(request.method());
    String name = first.textValue();
    Optional<SubscriptionKind> kind =
        namespace.equals(SubscriptionManager.NAMESPACE) && config.apis().contains(namespace)
            ? SubscriptionKind.fromWireName(name)
            : Optional.empty();
    if (kind.isEmpty()) {
      return RpcResult.failure(new RpcError.SubscriptionNotFound(namespace, name));
    }
    RpcParams params = RpcParams.of(raw);
    LogFilter filter = LogFilter.ANY;
    boolean fullTransactions = false;
    switch (kind.get()) {
      case NEW_HEADS -> checkArity(params, 1);
      case LOGS -> {
        checkArity(params, 2);
        filter = params.required(1, "filter", LogFilter::parse);
      }
      case NEW_PENDING_TRANSACTIONS -> {
        checkArity(params, 2);
        fullTransactions = params.optional(1, "fullTransactions", ParamParsers.BOOL, false);
      }
    }
    Subscription subscription =
        subscriptions.subscribe(subscriber.get(), kind.get(), filter, fullTransactions);
    exchange.subscriptionCreated(subscription);
    return RpcResult.success(TextNode.valueOf(subscription.id()));
  }

  private RpcResult unsubscribe(RpcRequest request, Exchange exchange) {
    RpcParams params = RpcParams.of(request.params());
    checkArity(params, 1);
    String id = params.required(0, "subscriptionId", ParamParsers.STRING);
    Optional<Subscriber> subscriber = exchange.subscriber();
    if (subscriber.isPresent() && subscriptions.unsubscribe(subscriber.get(), id)) {
      return RpcResult.success(BooleanNode.TRUE);
    }
    return RpcResult.failure(new RpcError.ServerError("subscription not found"));
  }

  /** {@code {"jsonrpc":"2.0","id":<id>,"result":...}} or the error form, fields in geth's order. */
  byte[] render(String idJson, RpcResult result) {
    return switch (result) {
      case RpcResult.Success s -> {
        try {
          yield write(idJson, generator -> generator.writeTree(s.value()));
        } catch (UncheckedIOException | IllegalArgumentException e) {
          LOG.atError().setCause(e).log("RPC result could not be encoded");
          yield renderError(idJson, new RpcError.InternalError("failed to encode result"));
        }
      }
      case RpcResult.Failure f -> renderError(idJson, f.error());
    };
  }

  byte[] renderError(String idJson, RpcError error) {
    observer.errorSent(error.code());
    return write(
        idJson,
        null,
        generator -> {
          generator.writeNumberField("code", error.code());
          generator.writeStringField("message", error.message());
          Optional<JsonNode> data = error.data();
          if (data.isPresent()) {
            generator.writeFieldName("data");
            generator.writeTree(data.get());
          }
        });
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator generator) throws IOException;
  }

  private byte[] write(String idJson, Body result) {
    return write(idJson, result, null);
  }

  private byte[] write(String idJson, Body result, Body error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("jsonrpc", "2.0");
      generator.writeFieldName("id");
      generator.writeRawValue(idJson);
      if (result != null) {
        generator.writeFieldName("result");
        result.write(generator);
      } else {
        generator.writeObjectFieldStart("error");
        error.write(generator);
        generator.writeEndObject();
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
