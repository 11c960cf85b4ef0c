package org.gridledger.capacity.agent;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.gridledger.sdk.Capacity;
import org.gridledger.sdk.ContractInfo;
import org.gridledger.sdk.GridException;
import org.gridledger.sdk.crypto.ContractContext;
import org.gridledger.sdk.crypto.EnvelopeCipher;
import org.gridledger.sdk.crypto.EnvelopeException;
import org.gridledger.sdk.spec.DeploymentSpec;
import org.gridledger.sdk.spec.SpecException;
import org.gridledger.sdk.spec.SpecParser;
import org.web3j.crypto.Hash;

/**
 * The checks between a published deployment and anything running, in order: the envelope's
 * keccak256 equals the contract's deploymentHash; the envelope opens with this node's key under the
 * contract's context (chain, Reservations address, owner, node id: a deployment sealed for another
 * node does not open); the plaintext is a valid spec; the spec fits the contract's reservation; a
 * spec naming a {@code gateway} needs a node that runs the gateway, a TCP port to route to, and a
 * live name contract holding that name owned by the node contract's twin. The plaintext exists only
 * in memory; a refusal's reason never quotes it (a gateway name is checked against [a-z0-9-] by the
 * parser before it is quoted).
 */
public final class DeploymentCheck {
  /** The outcome: an accepted spec, or a refusal with the reason reported on chain. */
  public sealed interface Outcome permits Accepted, Refused {}

  /** The deployment passed every check. */
  public record Accepted(DeploymentSpec spec) implements Outcome {}

  /** The deployment was refused; nothing may run. */
  public record Refused(String reason) implements Outcome {}

  private final long chainId;
  private final String reservations;
  private final long nodeId;
  private final byte[] nodePrivateKey;
  private final boolean gatewayEnabled;
  private final GatewayNames names;

  /** A check for a node without a gateway: specs naming one are refused. */
  public DeploymentCheck(long chainId, String reservations, long nodeId, byte[] nodePrivateKey) {
    this(chainId, reservations, nodeId, nodePrivateKey, false, GatewayNames.NONE);
  }

  /**
   * @param gatewayEnabled whether this node runs the gateway (else specs naming one are refused)
   * @param names who holds a gateway name
   */
  public DeploymentCheck(
      long chainId,
      String reservations,
      long nodeId,
      byte[] nodePrivateKey,
      boolean gatewayEnabled,
      GatewayNames names) {
    this.chainId = chainId;
    this.reservations = reservations;
    this.nodeId = nodeId;
    this.nodePrivateKey = nodePrivateKey.clone();
    this.gatewayEnabled = gatewayEnabled;
    this.names = names;
  }

  /**
   * Checks {@code envelope}, the encrypted deployment published for {@code contract}.
   *
   * @throws GridException when the name contract of a gateway name cannot be read (retry later)
   */
  public Outcome check(ContractInfo contract, byte[] envelope) throws GridException {
    if (contract.nodeId() != nodeId) {
      return new Refused(
          "contract " + contract.id() + " is for node " + contract.nodeId() + ", not " + nodeId);
    }
    byte[] computed = Hash.sha3(envelope);
    byte[] declared = HexFormat.of().parseHex(strip(contract.deploymentHash()));
    if (!Arrays.equals(computed, declared)) {
      return new Refused(
          "deployment hash mismatch: the contract declares "
              + contract.deploymentHash()
              + ", the published deployment hashes to 0x"
              + HexFormat.of().formatHex(computed));
    }
    byte[] plain;
    try {
      plain =
          EnvelopeCipher.open(
              nodePrivateKey,
              envelope,
              ContractContext.deployment(chainId, reservations, contract.owner(), nodeId).bytes());
    } catch (EnvelopeException e) {
      return new Refused(
          "the deployment does not open with node "
              + nodeId
              + "'s key under contract "
              + contract.id()
              + "'s context (sealed for another node or owner, or corrupt): "
              + e.reason());
    }
    DeploymentSpec spec;
    try {
      spec =
          new SpecParser()
              .parse(new String(plain, java.nio.charset.StandardCharsets.UTF_8), "deployment");
    } catch (SpecException e) {
      // Only the paths: a problem's text may quote a value, and values may be secrets.
      return new Refused(
          "invalid spec at "
              + e.problems().stream().map(p -> p.path()).collect(Collectors.joining(", ")));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    Capacity want = Capacity.of(spec.resources());
    if (!contract.resources().covers(want)) {
      return new Refused(
          "the spec asks for more than the contract reserved: spec "
              + want
              + ", reserved "
              + contract.resources());
    }
    if (spec.publicIps() > contract.publicIps()) {
      return new Refused(
          "the spec asks for "
              + spec.publicIps()
              + " public IPs, the contract reserved "
              + contract.publicIps());
    }
    if (spec.gateway().isPresent()) {
      Refused r = checkGateway(contract, spec, spec.gateway().get());
      if (r != null) {
        return r;
      }
    }
    return new Accepted(spec);
  }

  /** The gateway rules, or null when they hold. */
  private Refused checkGateway(ContractInfo contract, DeploymentSpec spec, String name)
      throws GridException {
    if (!gatewayEnabled) {
      return new Refused(
          "the spec asks for gateway name '" + name + "' but node " + nodeId + " runs no gateway");
    }
    if (firstTcpPort(spec) < 0) {
      return new Refused("gateway name '" + name + "' needs a TCP port in the spec to route to");
    }
    var holder = names.holderOf(name);
    if (holder.isEmpty()) {
      return new Refused(
          "gateway name '"
              + name
              + "' is not held by a live name contract (reserve it first: grid name reserve)");
    }
    if (holder.get().twinId() != contract.twinId()) {
      return new Refused(
          "gateway name '"
              + name
              + "' is held by name contract "
              + holder.get().id()
              + " of twin "
              + holder.get().twinId()
              + ", not by twin "
              + contract.twinId()
              + " that owns contract "
              + contract.id());
    }
    return null;
  }

  /** The spec's first TCP port, the one a gateway name routes to, or -1. */
  public static int firstTcpPort(DeploymentSpec spec) {
    for (DeploymentSpec.Port p : spec.ports()) {
      if (p.protocol().equalsIgnoreCase("tcp")) {
        return p.port();
      }
    }
    return -1;
  }

  private static String strip(String hex) {
    return hex.startsWith("0x") ? hex.substring(2) : hex;
  }
}
