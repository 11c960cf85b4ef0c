package org.gridledger.sdk;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.crypto.ContractContext;
import org.gridledger.sdk.crypto.EnvelopeCipher;
import org.gridledger.sdk.crypto.EnvelopeException;
import org.gridledger.sdk.spec.CanonicalJson;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.exceptions.ContractCallException;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * The grid over JSON-RPC: twins, farms, node search, pricing, node contracts from creation to
 * cancellation. Every write is simulated first, so a refused operation sends nothing and fails with
 * a {@link GridException} saying what to do.
 *
 * <pre>{@code
 * try (GridClient grid = GridClient.connect(GridClient.Options.of("http://127.0.0.1:8545"), account)) {
 *   grid.registerTwin("");
 *   NodeOffer best = grid.findNodes(NodeQuery.of(Capacity.of(spec.resources()))).getFirst();
 *   Deployment d = grid.deploy(spec, best.node().id(), 24, Progress.Listener.NONE);
 *   FulfilmentResult r = grid.awaitFulfilment(d.contractId(), Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public final class GridClient implements AutoCloseable {
  private static final int PAGE = 100;
  private static final String[] KINDS = {"Node", "Rent", "Name"};
  private static final String[] STATES = {"None", "Created", "GracePeriod", "Deleted"};
  private static final String FULFILLED_TOPIC =
      EventEncoder.encode(Reservations.CONTRACTFULFILLED_EVENT);
  private static final String FAILED_TOPIC = EventEncoder.encode(Reservations.CONTRACTFAILED_EVENT);

  /**
   * Where and how to connect. {@code explorer}: a Grid Explorer whose {@code /api/nodes} answers
   * {@link #findNodes(NodeQuery)} (the contract views when empty or when it fails).
   */
  public record Options(
      String rpcUrl,
      OptionalLong expectedChainId,
      GridAddresses addresses,
      RetryPolicy retry,
      Duration inclusionTimeout,
      Optional<URI> explorer) {
    public static Options of(String rpcUrl) {
      return new Options(
          rpcUrl,
          OptionalLong.empty(),
          GridAddresses.DEFAULT,
          RetryPolicy.DEFAULT,
          Duration.ofMinutes(2),
          Optional.empty());
    }

    public Options expectChainId(long chainId) {
      return new Options(
          rpcUrl, OptionalLong.of(chainId), addresses, retry, inclusionTimeout, explorer);
    }

    public Options withRetry(RetryPolicy policy) {
      return new Options(rpcUrl, expectedChainId, addresses, policy, inclusionTimeout, explorer);
    }

    public Options withExplorer(URI url) {
      return new Options(
          rpcUrl, expectedChainId, addresses, retry, inclusionTimeout, Optional.of(url));
    }
  }

  private final Options options;
  private final RpcConnection rpc;
  private final long chainId;
  private final Optional<UnlockedAccount> account;
  private final Optional<Transactions> transactions;
  private final ContractErrors errors = new ContractErrors();
  private final TwinRegistry twins;
  private final FarmRegistry farms;
  private final NodeRegistry nodes;
  private final PricingPolicy pricing;
  private final Reservations reservations;
  private final Staking staking;

  private GridClient(
      Options options, RpcConnection rpc, long chainId, Optional<UnlockedAccount> account) {
    this.options = options;
    this.rpc = rpc;
    this.chainId = chainId;
    this.account = account;
    this.transactions =
        account.map(
            a ->
                new Transactions(
                    rpc, a.credentials(), chainId, errors, options.inclusionTimeout()));
    Web3j web3j = rpc.web3j();
    String from =
        account.map(UnlockedAccount::address).orElse("0x0000000000000000000000000000000000000000");
    var tm = new ReadonlyTransactionManager(web3j, from);
    var gas = new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(30_000_000));
    GridAddresses at = options.addresses();
    this.twins = TwinRegistry.load(at.twins(), web3j, tm, gas);
    this.farms = FarmRegistry.load(at.farms(), web3j, tm, gas);
    this.nodes = NodeRegistry.load(at.nodes(), web3j, tm, gas);
    this.pricing = PricingPolicy.load(at.pricing(), web3j, tm, gas);
    this.reservations = Reservations.load(at.reservations(), web3j, tm, gas);
    this.staking = Staking.load(at.staking(), web3j, tm, gas);
  }

  /**
   * Connects, checks the chain id (when expected) and that the grid contracts are there.
   *
   * @param account the account that signs, or null for a read-only client
   */
  public static GridClient connect(Options options, UnlockedAccount account) throws GridException {
    RpcConnection rpc = new RpcConnection(options.rpcUrl(), options.retry());
    try {
      long chainId =
          rpc.send(rpc.web3j().ethChainId(), "eth_chainId").getChainId().longValueExact();
      if (options.expectedChainId().isPresent()
          && options.expectedChainId().getAsLong() != chainId) {
        throw new GridException.WrongChain(
            "the node at "
                + options.rpcUrl()
                + " serves chain id "
                + chainId
                + ", expected "
                + options.expectedChainId().getAsLong()
                + ": check --rpc and --chain-id");
      }
      String code =
          rpc.send(
                  rpc.web3j()
                      .ethGetCode(
                          options.addresses().reservations(), DefaultBlockParameterName.LATEST),
                  "eth_getCode")
              .getCode();
      if (code == null || code.equals("0x")) {
        throw new GridException.WrongChain(
            "chain "
                + chainId
                + " at "
                + options.rpcUrl()
                + " has no grid contracts at "
                + options.addresses().reservations()
                + ": is it a Gridledger chain?");
      }
      return new GridClient(options, rpc, chainId, Optional.ofNullable(account));
    } catch (GridException | RuntimeException e) {
      rpc.close();
      throw e;
    }
  }

  public long chainId() {
    return chainId;
  }

  public GridAddresses addresses() {
    return options.addresses();
  }

  public RpcConnection rpc() {
    return rpc;
  }

  /** The signing account's transactions (simulate, send, await). */
  public Transactions transactions() throws GridException {
    return transactions.orElseThrow(
        () ->
            new GridException.InvalidInput(
                "this operation signs a transaction: give an account (--account)"));
  }

  private UnlockedAccount me() throws GridException {
    return account.orElseThrow(
        () -> new GridException.InvalidInput("this operation needs an account (--account)"));
  }

  // ------------------------------------------------------------------ twins

  /**
   * Registers the account's twin with its X25519 key; returns the existing twin if there is one.
   */
  public TwinInfo registerTwin(String relay) throws GridException {
    UnlockedAccount a = me();
    Optional<TwinInfo> existing = twinOf(a.address());
    if (existing.isPresent()) {
      return existing.get();
    }
    send(
        options.addresses().twins(),
        twins.createTwin(a.twinKey().publicKey(), relay == null ? "" : relay),
        BigInteger.ZERO,
        "register twin for " + a.address(),
        Progress.Listener.NONE);
    return twinOf(a.address()).orElseThrow();
  }

  /** The twin of {@code account}, if it has one. */
  public Optional<TwinInfo> twinOf(String account) throws GridException {
    long id = view(twins.twinIdOf(account), twins.getContractAddress(), "twinIdOf").longValue();
    if (id == 0) {
      return Optional.empty();
    }
    return Optional.of(twin(id));
  }

  /** The twin with this id. */
  public TwinInfo twin(long id) throws GridException {
    TwinRegistry.Twin t =
        view(twins.getTwin(BigInteger.valueOf(id)), twins.getContractAddress(), "twin " + id);
    return new TwinInfo(id, Keys.toChecksumAddress(t.account), hex(t.x25519Key), t.relay);
  }

  /** This account's twin, or NotFound telling how to register it. */
  public TwinInfo myTwin() throws GridException {
    String address = me().address();
    return twinOf(address)
        .orElseThrow(
            () ->
                new GridException.NotFound(
                    "account " + address + " has no twin: register one (grid twin register)"));
  }

  // ------------------------------------------------------------------ farms

  /** Creates a farm of this account's twin with a pricing policy; returns its id. */
  public FarmInfo createFarm(String name, long pricingPolicyId) throws GridException {
    send(
        options.addresses().farms(),
        farms.createFarm(name, BigInteger.valueOf(pricingPolicyId)),
        BigInteger.ZERO,
        "create farm '" + name + "'",
        Progress.Listener.NONE);
    long id =
        view(farms.farmIdByName(name), farms.getContractAddress(), "farmIdByName").longValue();
    return farm(id);
  }

  /** Adds a public IPv4 address (a.b.c.d/prefix) with its gateway to a farm; returns the IP id. */
  public long addPublicIp(long farmId, String cidr, String gateway) throws GridException {
    String[] parts = cidr.split("/");
    if (parts.length != 2 || !parts[1].matches("[0-9]{1,2}")) {
      throw new GridException.InvalidInput(
          "'" + cidr + "' is not address/prefix, e.g. 203.0.113.10/24");
    }
    TransactionReceipt r =
        send(
            options.addresses().farms(),
            farms.addPublicIp(
                BigInteger.valueOf(farmId),
                ipv4(parts[0]),
                BigInteger.valueOf(Integer.parseInt(parts[1])),
                ipv4(gateway)),
            BigInteger.ZERO,
            "add public IP " + cidr + " to farm " + farmId,
            Progress.Listener.NONE);
    return FarmRegistry.getPublicIpAddedEvents(r).getFirst().ipId.longValue();
  }

  /** The farmer approves a node of its farm (it then takes contracts). */
  public void approveNode(long nodeId) throws GridException {
    send(
        options.addresses().farms(),
        farms.approveNode(BigInteger.valueOf(nodeId)),
        BigInteger.ZERO,
        "approve node " + nodeId,
        Progress.Listener.NONE);
  }

  public FarmInfo farm(long id) throws GridException {
    FarmRegistry.Farm f =
        view(farms.getFarm(BigInteger.valueOf(id)), farms.getContractAddress(), "farm " + id);
    long free =
        view(
                farms.freePublicIpCount(BigInteger.valueOf(id)),
                farms.getContractAddress(),
                "freePublicIpCount")
            .longValue();
    return new FarmInfo(
        id,
        f.twinId.longValue(),
        f.name,
        f.pricingPolicyId.longValue(),
        f.payout,
        f.certified,
        free);
  }

  // ------------------------------------------------------------------ nodes

  /** The node registered by {@code account}, if any. */
  public OptionalLong nodeIdOf(String account) throws GridException {
    long id = view(nodes.nodeIdOf(account), nodes.getContractAddress(), "nodeIdOf").longValue();
    return id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** The node with this id, or NotFound. */
  public NodeInfo node(long id) throws GridException {
    long count = view(nodes.nodeCount(), nodes.getContractAddress(), "nodeCount").longValue();
    if (id < 1 || id > count) {
      throw new GridException.NotFound(
          "node "
              + id
              + " does not exist (ids run from 1 to "
              + count
              + "; grid nodes find lists them)");
    }
    NodeRegistry.Node n =
        view(nodes.getNode(BigInteger.valueOf(id)), nodes.getContractAddress(), "node " + id);
    return toNode(id, n, latestTimestamp(), uptimeInterval(), new HashMap<>());
  }

  /**
   * Nodes matching {@code query}, cheapest first (at most {@code query.limit()} results): through
   * the explorer's {@code /api/nodes} when {@link Options#explorer()} is set, else (or when the
   * explorer is unreachable or answers an error) read page by page through {@code getNodes}.
   */
  public List<NodeOffer> findNodes(NodeQuery query) throws GridException {
    return findNodes(query, warning -> {});
  }

  /**
   * As {@link #findNodes(NodeQuery)}; {@code fallback} is told, in one line, why the explorer was
   * not used when it is configured but failed.
   */
  public List<NodeOffer> findNodes(NodeQuery query, Consumer<String> fallback)
      throws GridException {
    List<NodeInfo> candidates = null;
    if (options.explorer().isPresent()) {
      try {
        candidates = viaExplorer(query);
      } catch (ExplorerNodeSearch.Unavailable e) {
        fallback.accept(e.getMessage() + "; searching the contract views instead");
      }
    }
    if (candidates == null) {
      candidates = viaContractViews();
    }
    return offers(query, candidates);
  }

  /** Candidates for {@code query} from the explorer only (no fallback); for tests and tools. */
  public List<NodeInfo> viaExplorer(NodeQuery query) throws ExplorerNodeSearch.Unavailable {
    URI url =
        options
            .explorer()
            .orElseThrow(() -> new IllegalStateException("no explorer URL in the options"));
    return new ExplorerNodeSearch(url, Duration.ofSeconds(10)).candidates(query);
  }

  /** Every registered node, read page by page through {@code getNodes}. */
  private List<NodeInfo> viaContractViews() throws GridException {
    long count = view(nodes.nodeCount(), nodes.getContractAddress(), "nodeCount").longValue();
    long now = latestTimestamp();
    long uptime = uptimeInterval();
    Map<Long, Long> freeIps = new HashMap<>();
    List<NodeInfo> out = new ArrayList<>();
    for (long offset = 0; offset < count; offset += PAGE) {
      List<?> page =
          view(
              nodes.getNodes(BigInteger.valueOf(offset), BigInteger.valueOf(PAGE)),
              nodes.getContractAddress(),
              "getNodes");
      for (int i = 0; i < page.size(); i++) {
        out.add(toNode(offset + i + 1, (NodeRegistry.Node) page.get(i), now, uptime, freeIps));
      }
    }
    return out;
  }

  /** The one filter, pricing and order both sources go through, so they answer the same list. */
  private List<NodeOffer> offers(NodeQuery query, List<NodeInfo> candidates) throws GridException {
    Map<Long, Long> policies = new HashMap<>();
    List<NodeOffer> out = new ArrayList<>();
    for (NodeInfo n : candidates) {
      if (!query.includeUnavailable() && !n.available()) {
        continue;
      }
      if (!n.free().covers(query.minFree())
          || (query.farmId().isPresent() && query.farmId().getAsLong() != n.farmId())
          || (query.country().isPresent() && !query.country().get().equalsIgnoreCase(n.country()))
          || n.farmFreePublicIps() < query.publicIps()) {
        continue;
      }
      if (query.maxNodePricePerHour().isPresent()
          && nodePricePerHour(n, policies).compareTo(query.maxNodePricePerHour().get()) > 0) {
        continue;
      }
      BigInteger price = quotePerHour(n.farmId(), query.minFree(), query.publicIps(), policies);
      if (query.maxPricePerHour().isPresent()
          && price.compareTo(query.maxPricePerHour().get()) > 0) {
        continue;
      }
      out.add(new NodeOffer(n, price));
    }
    out.sort(
        java.util.Comparator.comparing(NodeOffer::pricePerHour).thenComparing(o -> o.node().id()));
    return out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit())) : out;
  }

  private NodeInfo toNode(
      long id, NodeRegistry.Node n, long now, long uptime, Map<Long, Long> freeIps)
      throws GridException {
    long farm = n.farmId.longValue();
    Long free = freeIps.get(farm);
    if (free == null) {
      free =
          view(farms.freePublicIpCount(n.farmId), farms.getContractAddress(), "freePublicIpCount")
              .longValue();
      freeIps.put(farm, free);
    }
    return new NodeInfo(
        id,
        farm,
        n.twinId.longValue(),
        n.account,
        n.approved,
        n.banned,
        n.power.signum() == 0,
        now <= n.lastUptimeReport.longValue() + uptime,
        n.rentContractId.longValue(),
        capacity(n.total),
        capacity(n.used),
        hex(n.x25519Key),
        n.location.country,
        n.location.city,
        free);
  }

  // ------------------------------------------------------------------ pricing

  /** The pricing policy with this id. */
  public PricingPolicy.Policy policy(long id) throws GridException {
    return view(
        pricing.getPolicy(BigInteger.valueOf(id)), pricing.getContractAddress(), "policy " + id);
  }

  /** How many pricing policies exist (ids 1..n). */
  public long policyCount() throws GridException {
    return view(pricing.policyCount(), pricing.getContractAddress(), "policyCount").longValue();
  }

  /** The billing period of Reservations in seconds. */
  public long billingPeriod() throws GridException {
    return view(reservations.billingPeriod(), reservations.getContractAddress(), "billingPeriod")
        .longValue();
  }

  /**
   * Prices a node contract of {@code resources} and {@code publicIps} on {@code nodeId} for {@code
   * hours} of prepaid escrow (at least one billing period), from the node's farm's policy. On a
   * node this account's twin rents, only the public IPs are priced (docs/contracts.md); a node
   * rented by another twin is refused with NodeRentedByOther.
   */
  public Quote quote(long nodeId, Capacity resources, int publicIps, long hours)
      throws GridException {
    NodeInfo node = node(nodeId);
    long policyId = farm(node.farmId()).pricingPolicyId();
    BigInteger perHour;
    if (node.rentContractId() != 0) {
      ContractInfo rent = contract(node.rentContractId());
      Optional<TwinInfo> mine = account.isPresent() ? twinOf(me().address()) : Optional.empty();
      if (mine.isEmpty() || mine.get().id() != rent.twinId()) {
        List<Object> args =
            List.of(
                BigInteger.valueOf(nodeId),
                BigInteger.valueOf(rent.id()),
                BigInteger.valueOf(rent.twinId()));
        throw new GridException.Rejected(
            "NodeRentedByOther",
            args,
            "deploy on node "
                + nodeId
                + " rejected: "
                + ContractErrors.explain("NodeRentedByOther", args)
                + ": pick another node (grid nodes find)");
      }
      perHour =
          view(
              pricing.quotePublicIps(BigInteger.valueOf(policyId), BigInteger.valueOf(publicIps)),
              pricing.getContractAddress(),
              "quotePublicIps");
    } else {
      perHour = quotePerHour(node.farmId(), resources, publicIps, new HashMap<>());
    }
    return quoteOf(nodeId, policyId, perHour, hours);
  }

  /**
   * Prices renting the whole of {@code nodeId} for {@code hours} of prepaid escrow (at least one
   * billing period): the farm policy's price of the node's total capacity less the policy's
   * dedicated discount ({@code PricingPolicy.quoteRentContract}).
   */
  public Quote quoteRent(long nodeId, long hours) throws GridException {
    NodeInfo node = node(nodeId);
    long policyId = farm(node.farmId()).pricingPolicyId();
    Capacity t = node.total();
    BigInteger perHour =
        view(
            pricing.quoteRentContract(
                BigInteger.valueOf(policyId),
                new PricingPolicy.Resources(
                    BigInteger.valueOf(t.cru()),
                    BigInteger.valueOf(t.mru()),
                    BigInteger.valueOf(t.sru()),
                    BigInteger.valueOf(t.hru()))),
            pricing.getContractAddress(),
            "quoteRentContract");
    return quoteOf(nodeId, policyId, perHour, hours);
  }

  /**
   * Prices a name contract for {@code hours} of prepaid escrow (at least one billing period), from
   * the default pricing policy (names belong to no farm). The quote's node id is 0.
   */
  public Quote quoteName(long hours) throws GridException {
    long policyId =
        view(pricing.defaultPolicyId(), pricing.getContractAddress(), "defaultPolicyId")
            .longValue();
    BigInteger perHour =
        view(
            pricing.quoteNameContract(BigInteger.valueOf(policyId)),
            pricing.getContractAddress(),
            "quoteNameContract");
    return quoteOf(0, policyId, perHour, hours);
  }

  private Quote quoteOf(long nodeId, long policyId, BigInteger perHour, long hours)
      throws GridException {
    long period = billingPeriod();
    BigInteger minimum =
        perHour
            .multiply(BigInteger.valueOf(period))
            .add(BigInteger.valueOf(3599))
            .divide(BigInteger.valueOf(3600));
    BigInteger deposit = perHour.multiply(BigInteger.valueOf(Math.max(0, hours))).max(minimum);
    return new Quote(nodeId, policyId, perHour, period, minimum, deposit);
  }

  /**
   * The node's price: renting all of it for an hour under its farm's policy ({@code
   * PricingPolicy.quoteRentContract} of its total capacity), what the explorer calls the node's
   * price and filters as {@code max_price}.
   */
  private BigInteger nodePricePerHour(NodeInfo n, Map<Long, Long> policies) throws GridException {
    Capacity t = n.total();
    return view(
        pricing.quoteRentContract(
            BigInteger.valueOf(policyOf(n.farmId(), policies)),
            new PricingPolicy.Resources(
                BigInteger.valueOf(t.cru()),
                BigInteger.valueOf(t.mru()),
                BigInteger.valueOf(t.sru()),
                BigInteger.valueOf(t.hru()))),
        pricing.getContractAddress(),
        "quoteRentContract");
  }

  private long policyOf(long farmId, Map<Long, Long> policies) throws GridException {
    Long policy = policies.get(farmId);
    if (policy == null) {
      policy =
          view(
                  farms.farmBilling(BigInteger.valueOf(farmId)),
                  farms.getContractAddress(),
                  "farmBilling")
              .component2()
              .longValue();
      policies.put(farmId, policy);
    }
    return policy;
  }

  private BigInteger quotePerHour(long farmId, Capacity r, int ips, Map<Long, Long> policies)
      throws GridException {
    long policy = policyOf(farmId, policies);
    return view(
        pricing.quoteNodeContract(
            BigInteger.valueOf(policy),
            new PricingPolicy.Resources(
                BigInteger.valueOf(r.cru()),
                BigInteger.valueOf(r.mru()),
                BigInteger.valueOf(r.sru()),
                BigInteger.valueOf(r.hru())),
            BigInteger.valueOf(ips)),
        pricing.getContractAddress(),
        "quoteNodeContract");
  }

  // ------------------------------------------------------------------ node contracts

  /**
   * The encrypted deployment of {@code spec} for {@code node}: a version-2 envelope that the node's
   * key and this account's twin key both open (the node runs it, the owner can read it back from
   * the chain), deterministic (see encryption.md).
   */
  public byte[] sealDeployment(DeploymentSpec spec, NodeInfo node) throws GridException {
    UnlockedAccount a = me();
    try {
      return EnvelopeCipher.sealDeterministicToAll(
          List.of(Numeric.hexStringToByteArray(node.x25519PublicKey()), a.twinKey().publicKey()),
          CanonicalJson.of(spec),
          deploymentContext(a.address(), node.id()),
          a.twinKey().privateKey());
    } catch (EnvelopeException e) {
      throw new GridException.InvalidInput(
          "node "
              + node.id()
              + "'s X25519 key is unusable ("
              + e.getMessage()
              + "): pick another node");
    }
  }

  /**
   * The deployment hashes {@code spec} on {@code node} may have on chain from this account: the
   * current (version-2) envelope's and the version-1 envelope's that earlier SDKs sent, so a
   * repeated submit is recognised across the upgrade.
   */
  private List<String> deploymentHashes(DeploymentSpec spec, NodeInfo node) throws GridException {
    UnlockedAccount a = me();
    String current = hex(Hash.sha3(sealDeployment(spec, node)));
    try {
      byte[] legacy =
          EnvelopeCipher.sealDeterministic(
              Numeric.hexStringToByteArray(node.x25519PublicKey()),
              CanonicalJson.of(spec),
              deploymentContext(a.address(), node.id()),
              a.twinKey().privateKey());
      return List.of(current, hex(Hash.sha3(legacy)));
    } catch (EnvelopeException e) {
      return List.of(current);
    }
  }

  private byte[] deploymentContext(String owner, long nodeId) {
    return ContractContext.deployment(chainId, options.addresses().reservations(), owner, nodeId)
        .bytes();
  }

  /**
   * The latest deployment envelope published for {@code contractId} (DeploymentPublished: at
   * creation and at each update), as it is on chain.
   */
  public byte[] publishedDeployment(long contractId) throws GridException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameterName.LATEST,
            options.addresses().reservations());
    filter.addSingleTopic(EventEncoder.encode(Reservations.DEPLOYMENTPUBLISHED_EVENT));
    filter.addSingleTopic(
        Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(contractId), 64));
    EthLog logs = rpc.send(rpc.web3j().ethGetLogs(filter), "eth_getLogs");
    if (logs.hasError()) {
      throw new GridException.RpcUnavailable(
          "eth_getLogs failed: " + logs.getError().getMessage(), null);
    }
    List<EthLog.LogResult<?>> all = logs.getLogs() == null ? List.of() : logs.getLogs();
    if (all.isEmpty()) {
      throw new GridException.NotFound(
          "contract " + contractId + " has no published deployment (only node contracts have one)");
    }
    Log log = (Log) all.get(all.size() - 1).get();
    return Reservations.getDeploymentPublishedEventFromLog(log).encryptedDeployment;
  }

  /**
   * The deployment spec of this account's node contract {@code contractId}, read back from the
   * chain and decrypted with the account's twin key (canonical JSON, see {@link CanonicalJson}).
   * Deployments sent before version-2 envelopes open only with the node's key: Verification.
   */
  public byte[] openDeployment(long contractId) throws GridException {
    ContractInfo c = contract(contractId);
    if (!c.kind().equals("Node")) {
      throw new GridException.InvalidInput(
          "contract "
              + contractId
              + " is a "
              + c.kind().toLowerCase(java.util.Locale.ROOT)
              + " contract: only node contracts carry a deployment");
    }
    byte[] envelope = publishedDeployment(contractId);
    try {
      return EnvelopeCipher.open(
          me().twinKey().privateKey(), envelope, deploymentContext(c.owner(), c.nodeId()));
    } catch (EnvelopeException e) {
      throw new GridException.Verification(
          "the deployment of contract "
              + contractId
              + " does not open with this account's twin key"
              + (envelope.length > 0 && envelope[0] == 1
                  ? " (a version-1 envelope: only the node can read it)"
                  : ": is it your contract? ")
              + e.getMessage(),
          e);
    }
  }

  /**
   * Creates a node contract for {@code spec} on {@code nodeId} with escrow for {@code hours} (at
   * least one billing period). If this account already has a live contract with the same deployment
   * on that node, returns it and sends nothing.
   */
  public Deployment deploy(DeploymentSpec spec, long nodeId, long hours, Progress.Listener progress)
      throws GridException {
    UnlockedAccount a = me();
    TwinInfo twin = myTwin();
    NodeInfo node = node(nodeId);
    Capacity want = Capacity.of(spec.resources());
    byte[] envelope = sealDeployment(spec, node);
    byte[] hash = Hash.sha3(envelope);
    String hashHex = hex(hash);
    List<String> known = deploymentHashes(spec, node);
    for (ContractInfo c : contractsOfTwin(twin.id())) {
      if (c.live()
          && c.kind().equals("Node")
          && c.nodeId() == nodeId
          && known.stream().anyMatch(h -> h.equalsIgnoreCase(c.deploymentHash()))) {
        return new Deployment(
            c.id(), nodeId, c.deploymentHash(), c.escrow(), c.ratePerHour(), "", true);
      }
    }
    checkFits(node, want);
    if (node.farmFreePublicIps() < spec.publicIps()) {
      throw new GridException.Rejected(
          "InsufficientPublicIps",
          List.of(
              BigInteger.valueOf(node.farmId()),
              BigInteger.valueOf(node.farmFreePublicIps()),
              BigInteger.valueOf(spec.publicIps())),
          "deploy on node "
              + nodeId
              + " rejected: "
              + ContractErrors.explain(
                  "InsufficientPublicIps",
                  List.of(
                      BigInteger.valueOf(node.farmId()),
                      BigInteger.valueOf(node.farmFreePublicIps()),
                      BigInteger.valueOf(spec.publicIps()))));
    }
    Quote quote = quote(nodeId, want, spec.publicIps(), hours);
    TransactionReceipt receipt =
        send(
            options.addresses().reservations(),
            reservations.createNodeContract(
                BigInteger.valueOf(nodeId),
                new Reservations.Resources(
                    BigInteger.valueOf(want.cru()),
                    BigInteger.valueOf(want.mru()),
                    BigInteger.valueOf(want.sru()),
                    BigInteger.valueOf(want.hru())),
                hash,
                BigInteger.valueOf(spec.publicIps()),
                envelope,
                quote.deposit()),
            quote.deposit(),
            "deploy '" + spec.name() + "' on node " + nodeId,
            progress);
    long id = Reservations.getNodeContractCreatedEvents(receipt).getFirst().contractId.longValue();
    return new Deployment(
        id, nodeId, hashHex, quote.deposit(), quote.perHour(), receipt.getTransactionHash(), false);
  }

  // ------------------------------------------------------------------ rent and name contracts

  /**
   * Rents the whole node {@code nodeId} for this account's twin with escrow for {@code hours} (at
   * least one billing period), priced by {@link #quoteRent}. The node must have no contracts
   * (NodeHasActiveContracts) and not be rented (NodeAlreadyRented); both are checked by simulating
   * the transaction, so a refusal sends nothing. Afterwards only this twin deploys on the node and
   * its node contracts pay for public IPs only.
   */
  public Rental rent(long nodeId, long hours, Progress.Listener progress) throws GridException {
    myTwin();
    NodeInfo node = node(nodeId);
    if (node.rentContractId() != 0) {
      List<Object> args =
          List.of(BigInteger.valueOf(nodeId), BigInteger.valueOf(node.rentContractId()));
      throw new GridException.Rejected(
          "NodeAlreadyRented",
          args,
          "rent node "
              + nodeId
              + " rejected: "
              + ContractErrors.explain("NodeAlreadyRented", args));
    }
    Quote quote = quoteRent(nodeId, hours);
    TransactionReceipt receipt =
        send(
            options.addresses().reservations(),
            reservations.createRentContract(BigInteger.valueOf(nodeId), quote.deposit()),
            quote.deposit(),
            "rent node " + nodeId,
            progress);
    long id = Reservations.getRentContractCreatedEvents(receipt).getFirst().contractId.longValue();
    return new Rental(id, nodeId, quote.deposit(), quote.perHour(), receipt.getTransactionHash());
  }

  /**
   * Reserves the gateway name {@code name} for this account's twin with escrow for {@code hours}
   * (at least one billing period), priced by {@link #quoteName}. The name rules are checked locally
   * first (InvalidInput), a taken name gives Rejected NameTaken with the holder; nothing is sent in
   * either case. {@link #cancel} releases the name.
   */
  public NameReservation reserveName(String name, long hours, Progress.Listener progress)
      throws GridException {
    GatewayName checked = GatewayName.parse(name);
    myTwin();
    OptionalLong holder = nameContractOf(checked.value());
    if (holder.isPresent()) {
      List<Object> args = List.of(checked.value(), BigInteger.valueOf(holder.getAsLong()));
      throw new GridException.Rejected(
          "NameTaken",
          args,
          "reserve name '"
              + checked.value()
              + "' rejected: "
              + ContractErrors.explain("NameTaken", args));
    }
    Quote quote = quoteName(hours);
    TransactionReceipt receipt =
        send(
            options.addresses().reservations(),
            reservations.createNameContract(checked.value(), quote.deposit()),
            quote.deposit(),
            "reserve name '" + checked.value() + "'",
            progress);
    long id = Reservations.getNameContractCreatedEvents(receipt).getFirst().contractId.longValue();
    return new NameReservation(
        id, checked.value(), quote.deposit(), quote.perHour(), receipt.getTransactionHash());
  }

  /** The live name contract holding {@code name}, if the name is taken. */
  public OptionalLong nameContractOf(String name) throws GridException {
    long id =
        view(reservations.nameContractOf(name), reservations.getContractAddress(), "nameContractOf")
            .longValue();
    return id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
  }

  private static void checkFits(NodeInfo node, Capacity want) throws GridException {
    Capacity free = node.free();
    long[][] pairs = {
      {free.cru(), want.cru()},
      {free.mru(), want.mru()},
      {free.sru(), want.sru()},
      {free.hru(), want.hru()}
    };
    for (int r = 0; r < 4; r++) {
      if (pairs[r][0] < pairs[r][1]) {
        List<Object> args =
            List.of(
                BigInteger.valueOf(node.id()),
                BigInteger.valueOf(r),
                BigInteger.valueOf(pairs[r][0]),
                BigInteger.valueOf(pairs[r][1]));
        throw new GridException.Rejected(
            "InsufficientCapacity",
            args,
            "deploy on node "
                + node.id()
                + " rejected: "
                + ContractErrors.explain("InsufficientCapacity", args));
      }
    }
  }

  /**
   * This account's live contract that already carries exactly {@code spec} (on whichever node), if
   * any: what {@link #deploy} would recognise as a repeated submit.
   */
  public Optional<ContractInfo> existingDeployment(DeploymentSpec spec) throws GridException {
    Optional<TwinInfo> twin = twinOf(me().address());
    if (twin.isEmpty()) {
      return Optional.empty();
    }
    for (ContractInfo c : contractsOfTwin(twin.get().id())) {
      if (c.live() && c.kind().equals("Node")) {
        List<String> known = deploymentHashes(spec, node(c.nodeId()));
        if (known.stream().anyMatch(h -> h.equalsIgnoreCase(c.deploymentHash()))) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Changes a node contract's resources and deployment (same node); {@code extraEscrow} wei are
   * added to its escrow.
   */
  public void update(long contractId, DeploymentSpec spec, BigInteger extraEscrow)
      throws GridException {
    ContractInfo c = contract(contractId);
    NodeInfo node = node(c.nodeId());
    byte[] envelope = sealDeployment(spec, node);
    Capacity want = Capacity.of(spec.resources());
    send(
        options.addresses().reservations(),
        reservations.updateNodeContract(
            BigInteger.valueOf(contractId),
            new Reservations.Resources(
                BigInteger.valueOf(want.cru()),
                BigInteger.valueOf(want.mru()),
                BigInteger.valueOf(want.sru()),
                BigInteger.valueOf(want.hru())),
            Hash.sha3(envelope),
            envelope,
            extraEscrow),
        extraEscrow,
        "update contract " + contractId,
        Progress.Listener.NONE);
  }

  /** Adds {@code wei} to a contract's escrow. */
  public ContractInfo topUp(long contractId, BigInteger wei) throws GridException {
    send(
        options.addresses().reservations(),
        reservations.topUp(BigInteger.valueOf(contractId), wei),
        wei,
        "top up contract " + contractId,
        Progress.Listener.NONE);
    return contract(contractId);
  }

  /** Cancels a contract (settles it first); returns the refund credited to the owner. */
  public BigInteger cancel(long contractId) throws GridException {
    TransactionReceipt r =
        send(
            options.addresses().reservations(),
            reservations.cancel(BigInteger.valueOf(contractId)),
            BigInteger.ZERO,
            "cancel contract " + contractId,
            Progress.Listener.NONE);
    return Reservations.getContractDeletedEvents(r).stream()
        .map(e -> e.refund)
        .findFirst()
        .orElse(BigInteger.ZERO);
  }

  /** Settles a contract (anyone may). */
  public void settle(long contractId) throws GridException {
    send(
        options.addresses().reservations(),
        reservations.settle(BigInteger.valueOf(contractId)),
        BigInteger.ZERO,
        "settle contract " + contractId,
        Progress.Listener.NONE);
  }

  /** What this account can withdraw from Reservations (refunds, farm earnings). */
  public BigInteger withdrawable() throws GridException {
    return view(
        reservations.withdrawable(me().address()),
        reservations.getContractAddress(),
        "withdrawable");
  }

  /** Withdraws everything credited to this account; returns the amount (0 if nothing). */
  public BigInteger withdraw() throws GridException {
    BigInteger amount = withdrawable();
    if (amount.signum() == 0) {
      return amount;
    }
    send(
        options.addresses().reservations(),
        reservations.withdraw(),
        BigInteger.ZERO,
        "withdraw",
        Progress.Listener.NONE);
    return amount;
  }

  /** The contract with this id, with its accrual and runway. */
  public ContractInfo contract(long id) throws GridException {
    long count =
        view(reservations.contractCount(), reservations.getContractAddress(), "contractCount")
            .longValue();
    if (id < 1 || id > count) {
      throw new GridException.NotFound(
          "contract " + id + " does not exist (ids run from 1 to " + count + ")");
    }
    Reservations.Contract c =
        view(
            reservations.getContract(BigInteger.valueOf(id)),
            reservations.getContractAddress(),
            "contract " + id);
    BigInteger accrued =
        view(
                reservations.accrued(BigInteger.valueOf(id)),
                reservations.getContractAddress(),
                "accrued")
            .amount;
    BigInteger left = c.escrow.subtract(accrued).max(BigInteger.ZERO);
    Duration runway =
        c.ratePerHour.signum() == 0
            ? Duration.ZERO
            : Duration.ofSeconds(
                left.multiply(BigInteger.valueOf(3600)).divide(c.ratePerHour).longValue());
    String kind = KINDS[c.kind.intValue()];
    String name =
        kind.equals("Name")
            ? view(
                reservations.nameOf(BigInteger.valueOf(id)),
                reservations.getContractAddress(),
                "nameOf")
            : "";
    return new ContractInfo(
        id,
        kind,
        STATES[c.state.intValue()],
        c.nodeId.longValue(),
        c.twinId.longValue(),
        c.owner,
        c.billing,
        c.escrow,
        c.ratePerHour,
        accrued,
        new Capacity(
            c.resources.cru.longValue(),
            c.resources.mru.longValue(),
            c.resources.sru.longValue(),
            c.resources.hru.longValue()),
        c.publicIpCount.intValue(),
        hex(c.deploymentHash),
        c.createdAt.longValue(),
        runway,
        c.rentContractId.longValue(),
        name);
  }

  /** This account's contracts (all states), oldest first. */
  public List<ContractInfo> myContracts() throws GridException {
    Optional<TwinInfo> twin = twinOf(me().address());
    return twin.isEmpty() ? List.of() : contractsOfTwin(twin.get().id());
  }

  private List<ContractInfo> contractsOfTwin(long twinId) throws GridException {
    List<ContractInfo> out = new ArrayList<>();
    for (long offset = 0; ; offset += PAGE) {
      List<?> ids =
          view(
              reservations.getTwinContracts(
                  BigInteger.valueOf(twinId), BigInteger.valueOf(offset), BigInteger.valueOf(PAGE)),
              reservations.getContractAddress(),
              "getTwinContracts");
      for (Object id : ids) {
        out.add(contract(((BigInteger) id).longValue()));
      }
      if (ids.size() < PAGE) {
        return out;
      }
    }
  }

  // ------------------------------------------------------------------ fulfilment

  /**
   * Waits until the node reports on the contract, fulfilled (ContractFulfilled) or failed
   * (ContractFailed: it refused the deployment or the workload stopped; nothing is billed), and
   * decrypts the result with this account's twin key; {@link FulfilmentResult#failed()} tells the
   * two apart. Listens for the events over WebSocket (the RPC URL with ws://) and polls eth_getLogs
   * every second as a fallback, so it works on HTTP-only nodes too. When the node already reported,
   * the latest report is returned.
   */
  public FulfilmentResult awaitFulfilment(
      long contractId, Duration timeout, Progress.Listener progress) throws GridException {
    ContractInfo c = contract(contractId);
    String topic1 = Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(contractId), 64);
    CompletableFuture<Log> pushed = new CompletableFuture<>();
    WebSocketService ws = null;
    io.reactivex.disposables.Disposable subscription = null;
    try {
      try {
        ws = new WebSocketService(options.rpcUrl().replaceFirst("^http", "ws"), false);
        ws.connect();
        // Two event kinds: subscribe to the contract's logs and pick the reports here (a
        // subscription's topic filter cannot say "either event").
        subscription =
            Web3j.build(ws)
                .logsNotifications(List.of(options.addresses().reservations()), List.of())
                .subscribe(
                    n -> {
                      var l = n.getParams().getResult();
                      if (isReport(l.getTopics(), topic1)) {
                        Log log = new Log();
                        log.setData(l.getData());
                        log.setTopics(l.getTopics());
                        log.setBlockNumber(l.getBlockNumber());
                        log.setAddress(l.getAddress());
                        pushed.complete(log);
                      }
                    },
                    pushed::completeExceptionally);
      } catch (Exception noWebSocket) {
        if (ws != null) {
          ws.close();
        }
        ws = null; // polling only
      }
      // With a subscription, polling is only the safety net; without one, it is the way.
      long pollMillis = subscription != null ? 5000 : 1000;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        boolean viaPush = pushed.isDone() && !pushed.isCompletedExceptionally();
        Optional<Log> found = viaPush ? Optional.of(pushed.join()) : findReport(topic1);
        if (found.isPresent()) {
          FulfilmentResult r =
              toResult(
                  c,
                  found.get(),
                  viaPush ? FulfilmentResult.VIA_WEBSOCKET : FulfilmentResult.VIA_POLLING);
          progress.on(
              r.failed() ? Progress.FAILED : Progress.FULFILLED, Long.toString(r.blockNumber()));
          return r;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new GridException.Timeout(
              "node "
                  + c.nodeId()
                  + " has not reported contract "
                  + contractId
                  + " fulfilled within "
                  + timeout.toSeconds()
                  + " s: wait longer (grid contracts show "
                  + contractId
                  + ") or cancel it (grid contracts cancel "
                  + contractId
                  + "); billing starts only at fulfilment");
        }
        try {
          long wait = Math.min(TimeUnit.NANOSECONDS.toMillis(left), pollMillis);
          if (pushed.isCompletedExceptionally()) {
            Thread.sleep(Math.min(wait, 1000)); // the subscription broke: poll every second
          } else {
            pushed.get(wait, TimeUnit.MILLISECONDS);
          }
        } catch (java.util.concurrent.TimeoutException
            | java.util.concurrent.ExecutionException e) {
          // poll again
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GridException.Timeout("interrupted while waiting for contract " + contractId);
        }
      }
    } finally {
      if (subscription != null) {
        subscription.dispose();
      }
      if (ws != null) {
        ws.close();
      }
    }
  }

  /**
   * The node's latest report on a node contract (fulfilled or failed), decrypted with this
   * account's twin key; empty if the node has not reported yet. Throws {@link
   * GridException.Verification} when this account is not the owner (the result does not open).
   */
  public Optional<FulfilmentResult> lastReport(long contractId) throws GridException {
    ContractInfo c = contract(contractId);
    Optional<Log> found =
        findReport(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(contractId), 64));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(toResult(c, found.get(), FulfilmentResult.VIA_POLLING));
  }

  private static boolean isReport(List<String> topics, String topic1) {
    return topics != null
        && topics.size() >= 2
        && (FULFILLED_TOPIC.equalsIgnoreCase(topics.get(0))
            || FAILED_TOPIC.equalsIgnoreCase(topics.get(0)))
        && topic1.equalsIgnoreCase(topics.get(1));
  }

  private FulfilmentResult toResult(ContractInfo c, Log log, String via) throws GridException {
    boolean failed = FAILED_TOPIC.equalsIgnoreCase(log.getTopics().get(0));
    byte[] envelope =
        failed
            ? Reservations.getContractFailedEventFromLog(log).encryptedResult
            : Reservations.getContractFulfilledEventFromLog(log).encryptedResult;
    long block = log.getBlockNumber() == null ? 0 : log.getBlockNumber().longValue();
    return new FulfilmentResult(
        c.id(), c.nodeId(), block, via, failed, openResult(c.id(), c.nodeId(), envelope));
  }

  /**
   * The latest ContractFulfilled or ContractFailed log of a contract (logs come in chain order).
   */
  private Optional<Log> findReport(String topic1) throws GridException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameterName.LATEST,
            options.addresses().reservations());
    filter.addOptionalTopics(FULFILLED_TOPIC, FAILED_TOPIC);
    filter.addSingleTopic(topic1);
    EthLog logs = rpc.send(rpc.web3j().ethGetLogs(filter), "eth_getLogs");
    if (logs.hasError()) {
      throw new GridException.RpcUnavailable(
          "eth_getLogs failed: " + logs.getError().getMessage(), null);
    }
    Log latest = null;
    for (EthLog.LogResult<?> r : logs.getLogs()) {
      if (r.get() instanceof Log log) {
        latest = log;
      }
    }
    return Optional.ofNullable(latest);
  }

  private byte[] openResult(long contractId, long nodeId, byte[] envelope) throws GridException {
    try {
      return EnvelopeCipher.open(
          me().twinKey().privateKey(),
          envelope,
          ContractContext.result(chainId, options.addresses().reservations(), contractId, nodeId)
              .bytes());
    } catch (EnvelopeException e) {
      throw new GridException.Verification(
          "the result of contract "
              + contractId
              + " does not open with this account's twin key: "
              + e.getMessage(),
          e);
    }
  }

  // ------------------------------------------------------------------ validators (Staking)

  /**
   * Stakes {@code wei} for this account's validator: the first time registers a candidate with
   * consensus signer {@code signer} and {@code commissionBps} ({@code Staking.registerCandidate},
   * the stake is the self-stake and must be at least {@code minSelfStake}); afterwards adds to its
   * stake ({@code delegate}; {@code signer} must then be the registered one or null). The validator
   * set changes only at the end of an epoch.
   */
  public ValidatorInfo stakeValidator(String signer, int commissionBps, BigInteger wei)
      throws GridException {
    String me = me().address();
    long existing = candidateIdOf(me);
    if (existing == 0) {
      if (signer == null) {
        throw new GridException.InvalidInput(
            "no validator registered by " + me + " yet: give the consensus key's address");
      }
      send(
          options.addresses().staking(),
          staking.registerCandidate(signer, BigInteger.valueOf(commissionBps), wei),
          wei,
          "register validator " + signer,
          Progress.Listener.NONE);
    } else {
      ValidatorInfo v = validator(me);
      if (v.jailed()) {
        throw new GridException.InvalidInput(
            "candidate " + existing + " is jailed (slashed for a double sign) and takes no stake");
      }
      if (!v.listed()) {
        // Staking unlists a candidate whose bonded stake reaches zero and never lists it again;
        // an operator and a signer belong to one candidate for good.
        throw new GridException.InvalidInput(
            "candidate "
                + existing
                + " was unlisted when all its stake was unbonded, and Staking does not list a"
                + " candidate again: register a new one from another operator account with a new"
                + " signer");
      }
      if (signer != null && !signer.equalsIgnoreCase(v.signer())) {
        throw new GridException.InvalidInput(
            me + " already runs candidate " + existing + " with signer " + v.signer());
      }
      send(
          options.addresses().staking(),
          staking.delegate(BigInteger.valueOf(existing), wei),
          wei,
          "add stake to candidate " + existing,
          Progress.Listener.NONE);
    }
    return validator(me);
  }

  /**
   * Starts unbonding {@code wei} of this account's own stake with its validator ({@code
   * Staking.undelegate}); null unbonds all of it, which unlists the candidate, so it is not elected
   * at the next epoch end. The stake stays slashable until the unbonding period has passed.
   */
  public ValidatorInfo unbondValidator(BigInteger wei) throws GridException {
    String me = me().address();
    ValidatorInfo v = validator(me);
    BigInteger amount = wei == null ? v.operatorStake() : wei;
    if (amount.signum() <= 0) {
      throw new GridException.InvalidInput(
          "nothing to unbond: candidate " + v.candidateId() + " has no stake of " + me);
    }
    send(
        options.addresses().staking(),
        staking.undelegate(BigInteger.valueOf(v.candidateId()), amount),
        BigInteger.ZERO,
        "unbond " + Wei.format(amount) + " from candidate " + v.candidateId(),
        Progress.Listener.NONE);
    return validator(me);
  }

  /**
   * Pays out this account's released unbonding stake with its validator and its credited rewards:
   * {@code Staking.completeUnbonding} (once the unbonding period has passed) and {@code
   * Staking.withdraw}. Returns the amount sent to the account.
   */
  public BigInteger withdrawValidatorStake() throws GridException {
    String me = me().address();
    ValidatorInfo v = validator(me);
    String to = options.addresses().staking();
    if (v.operatorUnbonding().signum() > 0) {
      if (v.releaseAt() > latestTimestamp()) {
        throw new GridException.InvalidInput(
            Wei.format(v.operatorUnbonding())
                + " is still unbonding: released at "
                + java.time.Instant.ofEpochSecond(v.releaseAt()));
      }
      send(
          to,
          staking.completeUnbonding(BigInteger.valueOf(v.candidateId())),
          BigInteger.ZERO,
          "complete unbonding with candidate " + v.candidateId(),
          Progress.Listener.NONE);
    }
    BigInteger amount = view(staking.withdrawable(me), to, "withdrawable");
    if (amount.signum() == 0) {
      throw new GridException.InvalidInput("nothing to withdraw from Staking for " + me);
    }
    send(to, staking.withdraw(), BigInteger.ZERO, "withdraw from Staking", Progress.Listener.NONE);
    return amount;
  }

  /** The validator run by {@code operator}. */
  public ValidatorInfo validator(String operator) throws GridException {
    long id = candidateIdOf(operator);
    if (id == 0) {
      throw new GridException.NotFound(operator + " runs no validator candidate in Staking");
    }
    String to = options.addresses().staking();
    Staking.Candidate c = view(staking.getCandidate(BigInteger.valueOf(id)), to, "getCandidate");
    var delegation =
        view(staking.getDelegation(BigInteger.valueOf(id), operator), to, "getDelegation");
    long epoch = view(staking.currentEpoch(), to, "currentEpoch").longValueExact();
    List<String> signers =
        view(staking.validatorSetOf(BigInteger.valueOf(epoch)), to, "validatorSetOf").component2();
    @SuppressWarnings("unchecked")
    List<BigInteger> top = (List<BigInteger>) view(staking.topValidators(), to, "topValidators");
    long epochLength = view(staking.getParams(), to, "getParams").epochLength.longValueExact();
    return new ValidatorInfo(
        id,
        c.operator,
        c.signer,
        c.commissionBps.intValueExact(),
        c.jailed,
        c.listed,
        c.bondedStake,
        c.unbondingStake,
        delegation.component2(),
        delegation.component3(),
        delegation.component1().releaseAt.longValueExact(),
        epoch,
        signers.stream().anyMatch(s -> s.equalsIgnoreCase(c.signer)),
        top.contains(BigInteger.valueOf(id)),
        (epoch + 1) * epochLength - 1);
  }

  private long candidateIdOf(String operator) throws GridException {
    return view(staking.candidateOf(operator), options.addresses().staking(), "candidateOf")
        .longValueExact();
  }

  // ------------------------------------------------------------------ plumbing

  /**
   * Sends {@code wei} from this account to {@code to} (a plain value transfer, e.g. to fund a
   * capacity node's own account so it can pay for its reports) and waits until it is in a block.
   */
  public TransactionReceipt transfer(String to, BigInteger wei) throws GridException {
    return transactions()
        .send(to, "0x", wei, "transfer " + Wei.format(wei) + " to " + to, Progress.Listener.NONE);
  }

  /** The balance of {@code address} in wei. */
  public BigInteger balance(String address) throws GridException {
    return rpc.send(
            rpc.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST), "eth_getBalance")
        .getBalance();
  }

  private TransactionReceipt send(
      String to,
      RemoteFunctionCall<TransactionReceipt> call,
      BigInteger value,
      String what,
      Progress.Listener progress)
      throws GridException {
    return transactions().send(to, call.encodeFunctionCall(), value, what, progress);
  }

  private <T> T view(RemoteFunctionCall<T> call, String to, String what) throws GridException {
    try {
      return rpc.retrying(call::send, what);
    } catch (ContractCallException e) {
      EthCall result =
          rpc.send(
              rpc.web3j()
                  .ethCall(
                      Transaction.createEthCallTransaction(null, to, call.encodeFunctionCall()),
                      DefaultBlockParameterName.LATEST),
              "eth_call");
      throw errors.decode(result.hasError() ? result.getError().getData() : null, what);
    }
  }

  private long latestTimestamp() throws GridException {
    return rpc.send(
            rpc.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false),
            "eth_getBlockByNumber")
        .getBlock()
        .getTimestamp()
        .longValue();
  }

  private long uptimeInterval() throws GridException {
    return view(nodes.uptimeInterval(), nodes.getContractAddress(), "uptimeInterval").longValue();
  }

  private static Capacity capacity(NodeRegistry.Resources r) {
    return new Capacity(r.cru.longValue(), r.mru.longValue(), r.sru.longValue(), r.hru.longValue());
  }

  static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }

  private static byte[] ipv4(String text) throws GridException {
    String[] p = text.trim().split("\\.");
    if (p.length != 4) {
      throw new GridException.InvalidInput(
          "'" + text + "' is not an IPv4 address like 203.0.113.1");
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!p[i].matches("[0-9]{1,3}") || Integer.parseInt(p[i]) > 255) {
        throw new GridException.InvalidInput(
            "'" + text + "' is not an IPv4 address like 203.0.113.1");
      }
      out[i] = (byte) Integer.parseInt(p[i]);
    }
    return out;
  }

  @Override
  public void close() {
    rpc.close();
  }
}
