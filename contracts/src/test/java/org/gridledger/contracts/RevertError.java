package org.gridledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;

/**
 * A decoded custom error from revert data: its name and its arguments as Java values (BigInteger
 * for integers and enums, String for addresses and strings, byte[] for bytes).
 */
record RevertError(String name, List<Object> args) {
  private static final Map<String, CustomError> BY_SELECTOR = selectors();

  /** Decodes revert data ("0x" + selector + arguments) with the errors of every binding. */
  static RevertError decode(String raw) {
    // Web3j keeps the JSON quotes of a string-valued error "data" field.
    String data = raw == null ? null : raw.replace("\"", "").trim();
    if (data == null || data.length() < 10) {
      return new RevertError("<no data: " + data + ">", List.of());
    }
    CustomError error = BY_SELECTOR.get(data.substring(0, 10).toLowerCase());
    if (error == null) {
      return new RevertError("<unknown selector " + data.substring(0, 10) + ">", List.of(data));
    }
    List<?> values = FunctionReturnDecoder.decode(data.substring(10), error.getParameters());
    List<Object> args = new ArrayList<>();
    for (Object value : values) {
      args.add(((Type<?>) value).getValue());
    }
    return new RevertError(error.getName(), args);
  }

  /** Asserts the error's name and arguments; numbers may be given as int or long. */
  void assertIs(String expectedName, Object... expectedArgs) {
    assertThat(name).as("custom error (args %s)", render(args)).isEqualTo(expectedName);
    assertThat(render(args))
        .as("arguments of " + name)
        .isEqualTo(render(Arrays.asList(expectedArgs)));
  }

  @Override
  public String toString() {
    return name + render(args);
  }

  private static List<String> render(List<Object> values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      out.add(
          switch (v) {
            case Integer i -> BigInteger.valueOf(i).toString();
            case Long l -> BigInteger.valueOf(l).toString();
            case Enum<?> e -> Integer.toString(e.ordinal());
            case byte[] b -> "0x" + HexFormat.of().formatHex(b);
            case null -> "null";
            default -> v.toString();
          });
    }
    return out;
  }

  private static Map<String, CustomError> selectors() {
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
            String selector = CustomErrorEncoder.encode(error).substring(0, 10).toLowerCase();
            map.put(selector, error);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return Map.copyOf(map);
  }
}
