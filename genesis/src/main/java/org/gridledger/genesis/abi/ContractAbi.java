package org.gridledger.genesis.abi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridledger.evm.types.Hex;

/**
 * The functions and custom errors of one contract, read from the {@code abi} array of its compiled
 * artifact (the JSON ABI of the Solidity documentation). Overloaded functions are not supported
 * (the grid contracts have none).
 */
public final class ContractAbi {
  /** {@code Error(string)}: the revert reason of {@code require(cond, "...")}. */
  static final String ERROR_SELECTOR = "08c379a0";

  /** {@code Panic(uint256)}: failed asserts, arithmetic overflow and similar. */
  static final String PANIC_SELECTOR = "4e487b71";

  /** A function: its name, canonical signature, and parameter and return types. */
  public record Function(String name, List<AbiType> inputs, List<AbiType> outputs) {
    public Function {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }

    /** {@code name(type1,type2,...)}, the text the selector hashes. */
    public String signature() {
      return ContractAbi.signature(name, inputs);
    }

    /** Call data for this function with {@code args} (see {@link AbiEncoder} for value types). */
    public byte[] encodeCall(Object... args) {
      try {
        return AbiEncoder.call(signature(), inputs, Arrays.asList(args));
      } catch (AbiException e) {
        throw new AbiException(signature() + ": " + e.getMessage());
      }
    }

    /** The return values of a successful call. */
    public List<Object> decodeOutput(byte[] returnData) {
      return AbiDecoder.decode(outputs, returnData);
    }
  }

  /** A custom error: {@code error Name(types...)}. */
  public record CustomError(String name, List<AbiType> inputs) {
    public CustomError {
      inputs = List.copyOf(inputs);
    }

    public String signature() {
      return ContractAbi.signature(name, inputs);
    }
  }

  private final String contractName;
  private final Map<String, Function> functions;
  private final Map<String, CustomError> errorsBySelector;

  private ContractAbi(
      String contractName, Map<String, Function> functions, Map<String, CustomError> errors) {
    this.contractName = contractName;
    this.functions = Map.copyOf(functions);
    this.errorsBySelector = Map.copyOf(errors);
  }

  /**
   * Reads the JSON ABI (an array of function, event, error, ... entries).
   *
   * @throws AbiException if an entry is malformed or a function name is overloaded
   */
  public static ContractAbi fromJson(String contractName, JsonNode abi) {
    if (abi == null || !abi.isArray()) {
      throw new AbiException(contractName + ": the ABI must be a JSON array");
    }
    Map<String, Function> functions = new HashMap<>();
    Map<String, CustomError> errors = new HashMap<>();
    for (JsonNode entry : abi) {
      String kind = entry.path("type").asText();
      String name = entry.path("name").asText();
      switch (kind) {
        case "function" -> {
          Function f =
              new Function(name, params(entry.get("inputs")), params(entry.get("outputs")));
          if (functions.put(name, f) != null) {
            throw new AbiException(contractName + ": overloaded function " + name);
          }
        }
        case "error" -> {
          CustomError e = new CustomError(name, params(entry.get("inputs")));
          errors.put(Hex.encodeNoPrefix(AbiEncoder.selector(e.signature())), e);
        }
        default -> {
          // events, the constructor, receive and fallback are not needed here
        }
      }
    }
    return new ContractAbi(contractName, functions, errors);
  }

  public String contractName() {
    return contractName;
  }

  /**
   * The function called {@code name}.
   *
   * @throws IllegalArgumentException if the contract has none
   */
  public Function function(String name) {
    Function f = functions.get(name);
    if (f == null) {
      throw new IllegalArgumentException(contractName + " has no function " + name);
    }
    return f;
  }

  /**
   * A readable account of revert data: the message of {@code Error(string)}, the code of {@code
   * Panic(uint256)}, a custom error of this contract with its arguments ({@code InvalidParams()},
   * {@code BpsTooHigh(12000, 5000)}), or the raw data as hex.
   */
  public String describeRevert(byte[] data) {
    return describeRevert(data, List.of(this));
  }

  /**
   * Like {@link #describeRevert(byte[])}, looking custom errors up in each of {@code abis} in turn
   * (a revert may bubble up from a contract the called one calls).
   */
  public static String describeRevert(byte[] data, List<ContractAbi> abis) {
    if (data.length == 0) {
      return "reverted without data";
    }
    if (data.length < 4) {
      return "reverted with " + Hex.encode(data);
    }
    String selector = Hex.encodeNoPrefix(Arrays.copyOf(data, 4));
    byte[] args = Arrays.copyOfRange(data, 4, data.length);
    try {
      if (selector.equals(ERROR_SELECTOR)) {
        return "Error(\"" + AbiDecoder.decode(List.of(new AbiType.Str()), args).get(0) + "\")";
      }
      if (selector.equals(PANIC_SELECTOR)) {
        BigInteger code =
            (BigInteger) AbiDecoder.decode(List.of(new AbiType.UInt(256)), args).get(0);
        return "Panic(0x" + code.toString(16) + ")";
      }
      CustomError error = null;
      for (ContractAbi abi : abis) {
        error = error == null ? abi.errorsBySelector.get(selector) : error;
      }
      if (error != null) {
        return error.name()
            + AbiDecoder.decode(error.inputs(), args).stream()
                .map(ContractAbi::show)
                .collect(Collectors.joining(", ", "(", ")"));
      }
    } catch (AbiException e) {
      return "reverted with undecodable data " + Hex.encode(data) + " (" + e.getMessage() + ")";
    }
    return "reverted with unknown error " + Hex.encode(data);
  }

  private static String show(Object value) {
    return switch (value) {
      case byte[] b -> Hex.encode(b);
      case String s -> "\"" + s + "\"";
      case List<?> l ->
          l.stream().map(ContractAbi::show).collect(Collectors.joining(", ", "[", "]"));
      default -> String.valueOf(value);
    };
  }

  static String signature(String name, List<AbiType> inputs) {
    return name
        + inputs.stream().map(AbiType::canonical).collect(Collectors.joining(",", "(", ")"));
  }

  private static List<AbiType> params(JsonNode params) {
    List<AbiType> types = new ArrayList<>();
    if (params == null || params.isNull()) {
      return types;
    }
    for (JsonNode p : params) {
      types.add(type(p));
    }
    return types;
  }

  /** A parameter's type; {@code tuple...} takes its fields from {@code components}. */
  private static AbiType type(JsonNode param) {
    String type = param.path("type").asText();
    if (type.startsWith("tuple")) {
      AbiType.Tuple tuple = new AbiType.Tuple(params(param.get("components")));
      return AbiType.parse(tuple.canonical() + type.substring("tuple".length()));
    }
    return AbiType.parse(type);
  }
}
