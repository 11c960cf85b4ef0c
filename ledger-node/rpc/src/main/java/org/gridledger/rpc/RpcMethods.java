package org.gridledger.rpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The table of methods a server answers, built once by hand (no reflection) and immutable after
 * {@link Builder#build()}. A method's name is {@code namespace_name}; the namespace decides whether
 * the method is exposed ({@link RpcConfig#apis()}). {@code *_subscribe} and {@code *_unsubscribe}
 * are reserved for the server's subscription handling.
 */
public final class RpcMethods {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*_[A-Za-z][A-Za-z0-9_]*");

  /**
   * A registered method: its handler and how many positional parameters it takes at most (more is
   * rejected with geth's "too many arguments, want at most N" before the handler runs).
   */
  public record Entry(String name, int maxParams, RpcMethod handler) {
    public Entry {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("method names are namespace_name, got " + name);
      }
      if (name.endsWith("_subscribe") || name.endsWith("_unsubscribe")) {
        throw new IllegalArgumentException(name + " is reserved for subscriptions");
      }
      if (maxParams < 0) {
        throw new IllegalArgumentException("maxParams must be >= 0");
      }
      if (handler == null) {
        throw new IllegalArgumentException("handler is required for " + name);
      }
    }

    /** The part before the first underscore, as geth splits it. */
    public String namespace() {
      return namespaceOf(name);
    }
  }

  private final Map<String, Entry> entries;

  private RpcMethods(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<Entry> lookup(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** All method names, in registration order. */
  public Set<String> names() {
    return entries.keySet();
  }

  /** The namespaces that have at least one method, sorted. */
  public Set<String> namespaces() {
    Set<String> out = new TreeSet<>();
    for (Entry e : entries.values()) {
      out.add(e.namespace());
    }
    return Collections.unmodifiableSet(out);
  }

  /** The namespace of a method name: everything before the first underscore (geth's rule). */
  public static String namespaceOf(String method) {
    int underscore = method.indexOf('_');
    return underscore < 0 ? method : method.substring(0, underscore);
  }

  /** Collects methods; registering a name twice is a wiring bug and fails. */
  public static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder() {}

    /** Registers {@code handler} as {@code name}, taking at most {@code maxParams} parameters. */
    public Builder add(String name, int maxParams, RpcMethod handler) {
      Entry entry = new Entry(name, maxParams, handler);
      if (entries.putIfAbsent(name, entry) != null) {
        throw new IllegalArgumentException("method registered twice: " + name);
      }
      return this;
    }

    public RpcMethods build() {
      return new RpcMethods(entries);
    }
  }
}
