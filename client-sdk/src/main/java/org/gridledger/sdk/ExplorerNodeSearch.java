package org.gridledger.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Node search through a Grid Explorer's {@code GET /api/nodes} (docs/explorer.md) instead of paging
 * the registry's contract views: the explorer filters capacity, farm, country, public IPs, online
 * status and renting in SQL and answers pages of at most {@value #PAGE} nodes linked by {@code
 * next_cursor}.
 *
 * <p>It returns candidates, not offers: {@link GridClient#findNodes(NodeQuery)} applies the same
 * final filter (the node-price bound included, which the API also filters by as {@code max_price}),
 * prices them from the pricing policy (the API's price is the whole node's, not the requested
 * resources') and sorts them cheapest first, so both paths answer the same list. Because the order
 * is by the price of the requested resources, not the node's own price that the API's {@code
 * sort=price} orders by, every page of the filtered set is read, not just the first {@code limit}
 * rows.
 */
public final class ExplorerNodeSearch {
  /** The API's largest page. */
  static final int PAGE = 500;

  /** The largest {@code max_price} the API accepts (18 digits). */
  private static final java.math.BigInteger MAX_PRICE_PARAM =
      new java.math.BigInteger("999999999999999999");

  /** Stop following cursors after this many pages: a loop guard against a broken server. */
  private static final int MAX_PAGES = 10_000;

  /** The explorer did not answer usefully: unreachable, an error status or not its JSON. */
  public static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param base the explorer's root URL, e.g. {@code http://127.0.0.1:8080}
   * @param timeout for connecting and for each page
   */
  public ExplorerNodeSearch(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Every node the explorer has that passes the query's capacity, farm, country and public-IP
   * filters and, unless {@code includeUnavailable}, is online and not rented. Approval, bans and
   * power are not API filters (its {@code rentable} also excludes nodes with contracts), so the
   * caller still checks {@link NodeInfo#available()}.
   */
  public List<NodeInfo> candidates(NodeQuery query) throws Unavailable {
    List<NodeInfo> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      URI uri = pageUri(query, cursor);
      JsonNode body = get(uri);
      JsonNode items = body.get("items");
      if (items == null || !items.isArray()) {
        throw new Unavailable("explorer answered " + uri + " without an items list", null);
      }
      for (JsonNode item : items) {
        out.add(toNode(item, uri));
      }
      JsonNode next = body.get("next_cursor");
      if (next == null || next.isNull()) {
        return out;
      }
      cursor = next.asText();
    }
    throw new Unavailable("explorer kept answering cursors after " + MAX_PAGES + " pages", null);
  }

  /** The {@code /api/nodes} URL of one page for {@code query}. */
  URI pageUri(NodeQuery query, String cursor) {
    Map<String, String> p = new LinkedHashMap<>();
    Capacity min = query.minFree();
    putPositive(p, "free_cru", min.cru());
    putPositive(p, "free_mru", min.mru());
    putPositive(p, "free_sru", min.sru());
    putPositive(p, "free_hru", min.hru());
    query.farmId().ifPresent(f -> p.put("farm", Long.toString(f)));
    query.country().ifPresent(c -> p.put("country", c));
    if (query.publicIps() > 0) {
      p.put("has_public_ips", "true");
    }
    // The explorer's max_price is the same quantity (quoteRentContract of the whole node); it takes
    // at most 18 digits, and a larger bound filters nothing the caller's own check would not.
    query
        .maxNodePricePerHour()
        .filter(v -> v.compareTo(MAX_PRICE_PARAM) <= 0)
        .ifPresent(v -> p.put("max_price", v.toString()));
    if (!query.includeUnavailable()) {
      p.put("status", "up");
      p.put("rented", "false");
    }
    p.put("sort", "id");
    p.put("limit", Integer.toString(PAGE));
    if (cursor != null) {
      p.put("cursor", cursor);
    }
    String q =
        p.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    String root = base.toString().replaceAll("/+$", "");
    return URI.create(root + "/api/nodes?" + q);
  }

  private static void putPositive(Map<String, String> p, String name, long v) {
    if (v > 0) {
      p.put(name, Long.toString(v));
    }
  }

  private JsonNode get(URI uri) throws Unavailable {
    HttpRequest req =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").build();
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new Unavailable("explorer " + base + " unreachable (" + why + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while asking the explorer " + base, e);
    }
    JsonNode body;
    try {
      body = json.readTree(res.body());
    } catch (IOException e) {
      throw new Unavailable(
          "explorer answered " + uri + " with status " + res.statusCode() + " and no JSON", e);
    }
    if (res.statusCode() != 200) {
      String why = body != null && body.hasNonNull("error") ? body.get("error").asText() : "";
      throw new Unavailable(
          "explorer answered " + uri + " with status " + res.statusCode() + " " + why, null);
    }
    if (body == null || !body.isObject()) {
      throw new Unavailable("explorer answered " + uri + " with no JSON object", null);
    }
    return body;
  }

  /** One item of {@code /api/nodes} as the contract-view path builds it from {@code getNode}. */
  static NodeInfo toNode(JsonNode n, URI from) throws Unavailable {
    try {
      JsonNode location = required(n, "location");
      return new NodeInfo(
          longOf(n, "id"),
          longOf(n, "farmId"),
          longOf(n, "twinId"),
          textOf(n, "account"),
          boolOf(n, "approved"),
          boolOf(n, "banned"),
          textOf(n, "power").equals("up"),
          textOf(n, "status").equals("up"),
          longOf(n, "rentContractId"),
          capacity(required(n, "total")),
          capacity(required(n, "used")),
          textOf(n, "x25519Key"),
          textOf(location, "country"),
          textOf(location, "city"),
          longOf(n, "freePublicIps"));
    } catch (IllegalArgumentException e) {
      throw new Unavailable("explorer answered " + from + " with a bad node: " + e.getMessage(), e);
    }
  }

  private static Capacity capacity(JsonNode r) {
    return new Capacity(longOf(r, "cru"), longOf(r, "mru"), longOf(r, "sru"), longOf(r, "hru"));
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field " + field + " missing");
    }
    return v;
  }

  private static long longOf(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field " + field + " is not an integer: " + v);
    }
    return v.longValue();
  }

  private static boolean boolOf(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("field " + field + " is not a boolean: " + v);
    }
    return v.booleanValue();
  }

  private static String textOf(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is not text: " + v);
    }
    return v.textValue();
  }
}
