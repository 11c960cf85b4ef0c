package org.gridledger.sdk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.sdk.account.UnlockedAccount;
import org.gridledger.sdk.crypto.ContractContext;
import org.gridledger.sdk.crypto.EnvelopeCipher;
import org.gridledger.sdk.crypto.EnvelopeException;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * The node side (used by the capacity node's agent): register the account as a node (its twin's
 * X25519 key is the node's deployment key), read and decrypt a deployment, report a contract
 * fulfilled or failed with a result encrypted to the owner. Every call signs with the node's own
 * account.
 */
public final class NodeOperator {
  private final GridClient client;
  private final UnlockedAccount node;
  private final NodeRegistry nodes;
  private final Reservations reservations;

  public NodeOperator(GridClient client, UnlockedAccount node) {
    this.client = client;
    this.node = node;
    var tm = new ReadonlyTransactionManager(client.rpc().web3j(), node.address());
    var gas = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);
    this.nodes = NodeRegistry.load(client.addresses().nodes(), client.rpc().web3j(), tm, gas);
    this.reservations =
        Reservations.load(client.addresses().reservations(), client.rpc().web3j(), tm, gas);
  }

  /** Registers the account (twin first, if needed) as a node of {@code farmId}; returns its id. */
  public long register(long farmId, Capacity total, String country, String city, String serial)
      throws GridException {
    var existing = client.nodeIdOf(node.address());
    if (existing.isPresent()) {
      return existing.getAsLong();
    }
    client.registerTwin("");
    client
        .transactions()
        .send(
            client.addresses().nodes(),
            nodes
                .registerNode(
                    BigInteger.valueOf(farmId),
                    new NodeRegistry.Resources(
                        BigInteger.valueOf(total.cru()),
                        BigInteger.valueOf(total.mru()),
                        BigInteger.valueOf(total.sru()),
                        BigInteger.valueOf(total.hru())),
                    node.twinKey().publicKey(),
                    new NodeRegistry.Location(country, city, BigInteger.ZERO, BigInteger.ZERO),
                    serial)
                .encodeFunctionCall(),
            BigInteger.ZERO,
            "register node in farm " + farmId,
            Progress.Listener.NONE);
    return client.nodeIdOf(node.address()).orElseThrow();
  }

  /** The latest deployment of {@code contractId}, decrypted with the node's key. */
  public byte[] deployment(long contractId) throws GridException {
    ContractInfo c = client.contract(contractId);
    byte[] envelope = client.publishedDeployment(contractId);
    try {
      return EnvelopeCipher.open(
          node.twinKey().privateKey(),
          envelope,
          ContractContext.deployment(
                  client.chainId(), client.addresses().reservations(), c.owner(), c.nodeId())
              .bytes());
    } catch (EnvelopeException e) {
      throw new GridException.Verification(
          "the deployment of contract "
              + contractId
              + " does not open with this node's key: "
              + e.getMessage(),
          e);
    }
  }

  /** Reports {@code contractId} fulfilled with {@code result} encrypted to the owner's twin key. */
  public void fulfil(long contractId, String result) throws GridException {
    byte[] envelope = sealToOwner(contractId, result);
    client
        .transactions()
        .send(
            client.addresses().reservations(),
            reservations
                .reportFulfilment(BigInteger.valueOf(contractId), envelope)
                .encodeFunctionCall(),
            BigInteger.ZERO,
            "report contract " + contractId + " fulfilled",
            Progress.Listener.NONE);
  }

  /**
   * Reports that {@code contractId} could not be deployed or stopped for good, with {@code result}
   * (status and reason) encrypted to the owner's twin key: billing stops until the next {@link
   * #fulfil}.
   */
  public void fail(long contractId, String result) throws GridException {
    byte[] envelope = sealToOwner(contractId, result);
    client
        .transactions()
        .send(
            client.addresses().reservations(),
            reservations
                .reportFailure(BigInteger.valueOf(contractId), envelope)
                .encodeFunctionCall(),
            BigInteger.ZERO,
            "report contract " + contractId + " failed",
            Progress.Listener.NONE);
  }

  private byte[] sealToOwner(long contractId, String result) throws GridException {
    ContractInfo c = client.contract(contractId);
    TwinInfo owner = client.twin(c.twinId());
    try {
      return new EnvelopeCipher()
          .seal(
              Numeric.hexStringToByteArray(owner.x25519PublicKey()),
              result.getBytes(StandardCharsets.UTF_8),
              ContractContext.result(
                      client.chainId(), client.addresses().reservations(), contractId, c.nodeId())
                  .bytes());
    } catch (EnvelopeException e) {
      throw new GridException.InvalidInput("the owner's twin key is unusable: " + e.getMessage());
    }
  }
}
