package org.gridledger.sdk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.sdk.account.TwinKeys;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.crypto.ContractContext;
import org.gridledger.sdk.crypto.EnvelopeCipher;
import org.gridledger.sdk.crypto.X25519KeyPair;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * TEST ONLY: plays a capacity node with a test node identity until the capacity-node issue lands.
 * Its account key and X25519 key are derived from a fixed test seed; it registers in a farm, reads
 * its deployments from DeploymentPublished, decrypts them with its key and reports fulfilment with
 * a result encrypted to the owner's twin key, signed by its own account.
 */
final class SimulatedNode {
  final UnlockedAccount account;
  final X25519KeyPair nodeKey;
  private final GridClient client;
  private final NodeRegistry nodes;
  private final Reservations reservations;
  long nodeId;

  private SimulatedNode(GridClient client, UnlockedAccount account, X25519KeyPair nodeKey) {
    this.client = client;
    this.account = account;
    this.nodeKey = nodeKey;
    var tm = new ReadonlyTransactionManager(client.rpc().web3j(), account.address());
    var gas = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);
    this.nodes = NodeRegistry.load(client.addresses().nodes(), client.rpc().web3j(), tm, gas);
    this.reservations =
        Reservations.load(client.addresses().reservations(), client.rpc().web3j(), tm, gas);
  }

  /**
   * The test node identity {@code name}: keys from keccak256("gridledger sdk test node " + name).
   */
  static UnlockedAccount identity(String name) {
    BigInteger key =
        Numeric.toBigInt(
            Hash.sha3(("gridledger sdk test node " + name).getBytes(StandardCharsets.UTF_8)));
    return new UnlockedAccount(Credentials.create(ECKeyPair.create(key)), TwinKeys.derive(key));
  }

  static SimulatedNode connect(GridClient.Options options, String name) throws GridException {
    UnlockedAccount account = identity(name);
    X25519KeyPair nodeKey =
        X25519KeyPair.fromPrivateKey(
            Hash.sha3(
                ("gridledger sdk test node x25519 " + name).getBytes(StandardCharsets.UTF_8)));
    return new SimulatedNode(GridClient.connect(options, account), account, nodeKey);
  }

  GridClient client() {
    return client;
  }

  /** Registers the twin and the node in {@code farmId}: 64 cores, 256 GiB, 4 TiB SSD, in BE. */
  long register(long farmId) throws GridException {
    return register(farmId, 64, "BE");
  }

  /** Registers the twin and a node of {@code cores} cores (else as above) in {@code country}. */
  long register(long farmId, long cores, String country) throws GridException {
    client.registerTwin("");
    client
        .transactions()
        .send(
            client.addresses().nodes(),
            nodes
                .registerNode(
                    BigInteger.valueOf(farmId),
                    new NodeRegistry.Resources(
                        BigInteger.valueOf(cores),
                        BigInteger.valueOf(256L << 30),
                        BigInteger.valueOf(4L << 40),
                        BigInteger.ZERO),
                    nodeKey.publicKey(),
                    new NodeRegistry.Location(country, "Ghent", BigInteger.ZERO, BigInteger.ZERO),
                    "sdk-test-node")
                .encodeFunctionCall(),
            BigInteger.ZERO,
            "register test node",
            Progress.Listener.NONE);
    nodeId = client.nodeIdOf(account.address()).orElseThrow();
    return nodeId;
  }

  /** The latest deployment published for {@code contractId}, decrypted with the node's key. */
  byte[] readDeployment(long contractId, String owner) throws Exception {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameterName.LATEST,
            client.addresses().reservations());
    filter.addSingleTopic(EventEncoder.encode(Reservations.DEPLOYMENTPUBLISHED_EVENT));
    filter.addSingleTopic(
        Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(contractId), 64));
    List<EthLog.LogResult<?>> logs = client.rpc().web3j().ethGetLogs(filter).send().getLogs();
    Log log = (Log) logs.get(logs.size() - 1).get();
    byte[] envelope = Reservations.getDeploymentPublishedEventFromLog(log).encryptedDeployment;
    return EnvelopeCipher.open(
        nodeKey.privateKey(),
        envelope,
        ContractContext.deployment(
                client.chainId(), client.addresses().reservations(), owner, nodeId)
            .bytes());
  }

  /** Reports the contract fulfilled with {@code result} encrypted to the owner's twin key. */
  void fulfil(long contractId, byte[] ownerTwinKey, String result) throws Exception {
    byte[] envelope =
        new EnvelopeCipher()
            .seal(
                ownerTwinKey,
                result.getBytes(StandardCharsets.UTF_8),
                ContractContext.result(
                        client.chainId(), client.addresses().reservations(), contractId, nodeId)
                    .bytes());
    client
        .transactions()
        .send(
            client.addresses().reservations(),
            reservations
                .reportFulfilment(BigInteger.valueOf(contractId), envelope)
                .encodeFunctionCall(),
            BigInteger.ZERO,
            "report fulfilment of " + contractId,
            Progress.Listener.NONE);
  }
}
