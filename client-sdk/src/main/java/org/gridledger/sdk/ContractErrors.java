package org.gridledger.sdk;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.gridledger.contracts.bindings.FarmRegistry;
import org.gridledger.contracts.bindings.NodeRegistry;
import org.gridledger.contracts.bindings.PricingPolicy;
import org.gridledger.contracts.bindings.Reservations;
import org.gridledger.contracts.bindings.Staking;
import org.gridledger.contracts.bindings.TwinRegistry;
import org.gridledger.sdk.spec.ByteSize;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;

/**
 * Turns the grid contracts' revert data into {@link GridException.Rejected} with a message that
 * says what happened and what to do, e.g. "node 12 has 2 free cores, 4 requested".
 */
public final class ContractErrors {
  private static final String[] RESOURCE = {"cores", "memory", "SSD", "HDD", "public IPs"};
  private static final String[] KIND = {"node", "rent", "name"};
  private final Map<String, CustomError> bySelector;

  public ContractErrors() {
    Map<String, CustomError> map = new HashMap<>();
    for (Class<?> binding :
        List.of(
            TwinRegistry.class,
            FarmRegistry.class,
            NodeRegistry.class,
            PricingPolicy.class,
            Reservations.class,
            Staking.class)) {
      for (Field field : binding.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == CustomError.class) {
          try {
            CustomError error = (CustomError) field.get(null);
            map.put(CustomErrorEncoder.encode(error).substring(0, 10).toLowerCase(), error);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    this.bySelector = Map.copyOf(map);
  }

  /** Decodes revert data ("0x" + selector + arguments) of a call described by {@code what}. */
  public GridException.Rejected decode(String revertData, String what) {
    String data = revertData == null ? "" : revertData.replace("\"", "").trim();
    if (data.length() < 10) {
      return new GridException.Rejected(
          "Revert", List.of(), what + " was rejected by the contract without a reason");
    }
    CustomError error = bySelector.get(data.substring(0, 10).toLowerCase());
    if (error == null) {
      return new GridException.Rejected(
          "Unknown",
          List.of(data),
          what + " was rejected with unknown error " + data.substring(0, 10));
    }
    List<Object> args = new ArrayList<>();
    for (Object value : FunctionReturnDecoder.decode(data.substring(10), error.getParameters())) {
      args.add(((Type<?>) value).getValue());
    }
    return new GridException.Rejected(
        error.getName(), args, what + " rejected: " + explain(error.getName(), args));
  }

  /** The message of one custom error. */
  static String explain(String name, List<Object> a) {
    return switch (name) {
      case "InsufficientCapacity" -> {
        int r = n(a, 1).intValue();
        boolean bytes = r >= 1 && r <= 3;
        yield "node "
            + n(a, 0)
            + " has "
            + (bytes ? ByteSize.format(n(a, 2).longValue()) : n(a, 2))
            + " free "
            + RESOURCE[Math.min(r, 4)]
            + ", "
            + (bytes ? ByteSize.format(n(a, 3).longValue()) : n(a, 3))
            + " requested: ask for less or pick another node (grid nodes find)";
      }
      case "InsufficientPublicIps" ->
          "farm "
              + n(a, 0)
              + " has "
              + n(a, 1)
              + " free public IPs, "
              + n(a, 2)
              + " requested: ask for fewer or pick a node of another farm (grid nodes find"
              + " --public-ips N)";
      case "NodeNotFound" -> "node " + n(a, 0) + " does not exist (grid nodes find lists nodes)";
      case "NodeNotApproved" ->
          "node " + n(a, 0) + " is not approved by farm " + n(a, 1) + " yet: pick another node";
      case "NodeBanned" -> "node " + n(a, 0) + " is banned by farm " + n(a, 1);
      case "NodeOffline" ->
          "node " + n(a, 0) + " is offline (last uptime report at " + n(a, 1) + ")";
      case "NodePoweredDown" -> "node " + n(a, 0) + " is powered down";
      case "NodeRentedByOther" ->
          "node " + n(a, 0) + " is rented by twin " + n(a, 2) + " (rent contract " + n(a, 1) + ")";
      case "InsufficientDeposit" ->
          "the escrow must cover one billing period: "
              + Wei.format(n(a, 0))
              + " required, "
              + Wei.format(n(a, 1))
              + " sent";
      case "TwinNotFound" ->
          "account " + a.get(0) + " has no twin: register one first (grid twin register)";
      case "TwinAlreadyExists" -> "account " + a.get(0) + " already has twin " + n(a, 1);
      case "FarmNameTaken" -> "farm name '" + a.get(0) + "' is taken by farm " + n(a, 1);
      case "FarmNotFound" -> "farm " + n(a, 0) + " does not exist";
      case "NotFarmOwner" -> "farm " + n(a, 0) + " is not yours (" + a.get(1) + ")";
      case "PublicIpExists" -> "public IP " + ip(a.get(0)) + " already belongs to farm " + n(a, 1);
      case "InvalidPublicIp" ->
          "public IP " + ip(a.get(0)) + "/" + n(a, 1) + " is not a valid public address/prefix";
      case "ContractNotFound" -> "contract " + n(a, 0) + " does not exist";
      case "NotContractOwner" -> "contract " + n(a, 0) + " is not yours (" + a.get(1) + ")";
      case "ContractIsDeleted" -> "contract " + n(a, 0) + " is already deleted";
      case "ContractInGracePeriod" ->
          "contract "
              + n(a, 0)
              + " is in its grace period until "
              + n(a, 1)
              + ": top it up first (grid contracts topup)";
      case "GraceExpired" ->
          "contract "
              + n(a, 0)
              + "'s grace period ended at "
              + n(a, 1)
              + "; it can only be settled";
      case "WrongContractKind" ->
          "contract " + n(a, 0) + " is a " + KIND[Math.min(n(a, 1).intValue(), 2)] + " contract";
      case "ZeroTopUp" -> "a top-up of 0 does nothing: give an amount";
      case "DeploymentTooLarge" ->
          "the encrypted deployment is "
              + n(a, 0)
              + " bytes, the chain accepts at most "
              + n(a, 1)
              + ": make the spec smaller";
      case "TooManyPublicIps" -> n(a, 0) + " public IPs requested, at most " + n(a, 1);
      case "EmptyReservation" -> "the reservation asks for nothing";
      case "NameTaken" ->
          "gateway name '"
              + a.get(0)
              + "' is taken by contract "
              + n(a, 1)
              + ": choose another name";
      case "InvalidNameCharacter" ->
          "character "
              + (a.get(1) instanceof byte[] b && b.length > 0
                  ? "0x" + HexFormat.of().formatHex(b, 0, 1)
                  : String.valueOf(a.get(1)))
              + " at position "
              + n(a, 0)
              + " is not allowed: a gateway name is [a-z0-9-], starts with a letter and does not"
              + " end with '-'";
      case "NodeAlreadyRented" ->
          "node "
              + n(a, 0)
              + " is already rented (rent contract "
              + n(a, 1)
              + "): pick another node (grid nodes find)";
      case "NodeHasActiveContracts" ->
          "node "
              + n(a, 0)
              + " has "
              + n(a, 1)
              + " active contracts and only an empty node can be rented: pick another node"
              + " (grid nodes find --all shows each node's free capacity)";
      case "RentHasActiveContracts" ->
          "rent contract "
              + n(a, 0)
              + " still has "
              + n(a, 1)
              + " node contracts on its node: cancel them first (grid contracts list), then"
              + " the rent";
      case "InvalidNameLength" ->
          "a name of " + n(a, 0) + " characters; allowed " + n(a, 1) + "-" + n(a, 2);
      case "NodeAlreadyRegistered" -> "account " + a.get(0) + " already registered node " + n(a, 1);
      case "UptimeReportTooSoon" -> "node " + n(a, 0) + " may report uptime again at " + n(a, 1);
      case "NotInitialized" -> "the grid contracts on this chain are not initialised";
      default -> name + args(a);
    };
  }

  private static BigInteger n(List<Object> a, int i) {
    Object v = a.get(i);
    return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
  }

  private static String ip(Object bytes4) {
    byte[] b = (byte[]) bytes4;
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  private static String args(List<Object> a) {
    List<String> out = new ArrayList<>();
    for (Object v : a) {
      out.add(v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(v));
    }
    return "(" + String.join(", ", out) + ")";
  }
}
