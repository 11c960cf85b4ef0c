package org.gridledger.capacity.agent;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.NodeInfo;
import org.gridledger.sdk.NodeOperator;
import org.gridledger.sdk.Progress;
import org.gridledger.sdk.account.UnlockedAccount;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * What the agent reads from and writes to the grid contracts, through the SDK: {@link GridClient}
 * for views and signed transactions, {@link NodeOperator} for registration and the fulfilment and
 * failure reports (sealed to the owner's twin key by the SDK's envelope), the generated bindings
 * for the node-side calls the SDK has no method for.
 */
public final class ChainView {
  private static final int PAGE = 500; // Pages.MAX_PAGE in GridTypes.sol

  private final GridClient client;
  private final NodeOperator operator;
  private final NodeRegistry nodes;
  private final Reservations reservations;

  public ChainView(GridClient client, UnlockedAccount node) {
    this.client = client;
    this.operator = new NodeOperator(client, node);
    var tm = new ReadonlyTransactionManager(client.rpc().web3j(), node.address());
    var gas = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);
    this.nodes = NodeRegistry.load(client.addresses().nodes(), client.rpc().web3j(), tm, gas);
    this.reservations =
        Reservations.load(client.addresses().reservations(), client.rpc().web3j(), tm, gas);
  }

  public GridClient client() {
    return client;
  }

  public OptionalLong nodeIdOf(String account) throws GridException {
    return client.nodeIdOf(account);
  }

  public NodeInfo node(long id) throws GridException {
    return client.node(id);
  }

  public long register(long farmId, Capacity total, String country, String city, String serial)
      throws GridException {
    return operator.register(farmId, total, country, city, serial);
  }

  public BigInteger balance(String address) throws GridException {
    return client.balance(address);
  }

  public long blockNumber() throws GridException {
    return client
        .rpc()
        .send(client.rpc().web3j().ethBlockNumber(), "eth_blockNumber")
        .getBlockNumber()
        .longValue();
  }

  /** Every node and rent contract ever made on {@code nodeId}, oldest first. */
  public List<Long> nodeContractIds(long nodeId) throws GridException {
    List<Long> ids = new ArrayList<>();
    for (long offset = 0; ; offset += PAGE) {
      final long from = offset;
      List<?> page =
          client
              .rpc()
              .retrying(
                  () ->
                      reservations
                          .getNodeContracts(
                              BigInteger.valueOf(nodeId),
                              BigInteger.valueOf(from),
                              BigInteger.valueOf(PAGE))
                          .send(),
                  "getNodeContracts");
      for (Object o : page) {
        ids.add(((BigInteger) o).longValueExact());
      }
      if (page.size() < PAGE) {
        return ids;
      }
    }
  }

  public ContractInfo contract(long id) throws GridException {
    return client.contract(id);
  }

  /** The live name contract holding {@code name} ({@code nameContractOf}), if any. */
  public Optional<ContractInfo> nameHolder(String name) throws GridException {
    OptionalLong id = client.nameContractOf(name);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    ContractInfo c = client.contract(id.getAsLong());
    return c.live() && c.kind().equals("Name") && c.name().equals(name)
        ? Optional.of(c)
        : Optional.empty();
  }

  /** The encrypted deployment of the latest DeploymentPublished event of {@code contractId}. */
  public Optional<byte[]> latestDeployment(long contractId) throws GridException {
    List<Log> logs =
        logs(
            EventEncoder.encode(Reservations.DEPLOYMENTPUBLISHED_EVENT),
            contractId,
            client.addresses().reservations());
    if (logs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Reservations.getDeploymentPublishedEventFromLog(logs.get(logs.size() - 1))
            .encryptedDeployment);
  }

  /** What the node last reported about a contract's current deployment. */
  public enum Report {
    /** ContractFulfilled: the workload ran; billing runs. */
    FULFILLED,
    /** ContractFailed: refused or stopped for good; nothing is billed. */
    FAILED
  }

  /**
   * The latest report (ContractFulfilled or ContractFailed) on {@code contractId} made at or after
   * its latest DeploymentPublished event, in chain order (block, then log index): empty when the
   * current deployment has not been reported (by this or an earlier run of the agent).
   */
  public Optional<Report> latestReportSinceDeployment(long contractId) throws GridException {
    String at = client.addresses().reservations();
    List<Log> published =
        logs(EventEncoder.encode(Reservations.DEPLOYMENTPUBLISHED_EVENT), contractId, at);
    List<Log> fulfilled =
        logs(EventEncoder.encode(Reservations.CONTRACTFULFILLED_EVENT), contractId, at);
    List<Log> failed = logs(EventEncoder.encode(Reservations.CONTRACTFAILED_EVENT), contractId, at);
    Log lastFulfilled = fulfilled.isEmpty() ? null : fulfilled.get(fulfilled.size() - 1);
    Log lastFailed = failed.isEmpty() ? null : failed.get(failed.size() - 1);
    Log last;
    Report report;
    if (lastFailed != null && (lastFulfilled == null || after(lastFailed, lastFulfilled))) {
      last = lastFailed;
      report = Report.FAILED;
    } else if (lastFulfilled != null) {
      last = lastFulfilled;
      report = Report.FULFILLED;
    } else {
      return Optional.empty();
    }
    if (!published.isEmpty() && after(published.get(published.size() - 1), last)) {
      return Optional.empty();
    }
    return Optional.of(report);
  }

  /** Whether log {@code a} comes after log {@code b} in the chain. */
  private static boolean after(Log a, Log b) {
    int byBlock = a.getBlockNumber().compareTo(b.getBlockNumber());
    if (byBlock != 0) {
      return byBlock > 0;
    }
    return a.getLogIndex().compareTo(b.getLogIndex()) > 0;
  }

  private List<Log> logs(String topic0, long contractId, String address) throws GridException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameterName.LATEST,
            address);
    filter.addSingleTopic(topic0);
    filter.addSingleTopic(
        Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(contractId), 64));
    EthLog result = client.rpc().send(client.rpc().web3j().ethGetLogs(filter), "eth_getLogs");
    if (result.hasError()) {
      throw new GridException.RpcUnavailable(
          "eth_getLogs failed: " + result.getError().getMessage(), null);
    }
    List<Log> out = new ArrayList<>();
    if (result.getLogs() != null) {
      for (EthLog.LogResult<?> r : result.getLogs()) {
        if (r.get() instanceof Log log) {
          out.add(log);
        }
      }
    }
    return out;
  }

  /** Reports the workload running, sealed to the owner's twin key (the SDK's NodeOperator). */
  public void reportFulfilment(long contractId, String resultJson) throws GridException {
    operator.fulfil(contractId, resultJson);
  }

  /**
   * Reports the deployment failed (refused, or stopped for good), sealed to the owner's twin key:
   * billing stops until the next fulfilment.
   */
  public void reportFailure(long contractId, String resultJson) throws GridException {
    operator.fail(contractId, resultJson);
  }

  public void reportConsumption(long contractId, long networkBytes) throws GridException {
    client
        .transactions()
        .send(
            client.addresses().reservations(),
            reservations
                .reportConsumption(BigInteger.valueOf(contractId), BigInteger.valueOf(networkBytes))
                .encodeFunctionCall(),
            BigInteger.ZERO,
            "report consumption of contract " + contractId,
            Progress.Listener.NONE);
  }

  public void reportUptime(long uptimeSeconds) throws GridException {
    client
        .transactions()
        .send(
            client.addresses().nodes(),
            nodes.reportUptime(BigInteger.valueOf(uptimeSeconds)).encodeFunctionCall(),
            BigInteger.ZERO,
            "report uptime",
            Progress.Listener.NONE);
  }

  /** The registry's uptime interval in seconds (a node silent longer counts as offline). */
  public long uptimeIntervalSeconds() throws GridException {
    return client.rpc().retrying(() -> nodes.uptimeInterval().send(), "uptimeInterval").longValue();
  }

  /** The minimum gap between two uptime reports, in seconds. */
  public long minReportIntervalSeconds() throws GridException {
    return client
        .rpc()
        .retrying(() -> nodes.minReportInterval().send(), "minReportInterval")
        .longValue();
  }
}
