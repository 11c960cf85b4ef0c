package org.gridledger.app;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of a command's options from, in this order of precedence, environment variables
 * ({@code GRIDLEDGER_RPC_PORT} for {@code --rpc-port}) and a TOML config file ({@code rpc-port =
 * 8545}: the long option name without its dashes). Options given on the command line override both,
 * since picocli asks a default value provider only for options the command line leaves out.
 *
 * <p>The file is checked as a whole when it is loaded, so that a typo fails at start: every key
 * must be a long option of the command, and every value must have the option's type (integer,
 * string, boolean, or an array of strings for list options).
 */
final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
  /** The option that names the file; it cannot appear in the file itself. */
  static final String CONFIG_FILE_OPTION = "--config-file";

  static final String ENV_PREFIX = "GRIDLEDGER_";

  /** Options that make no sense as defaults. */
  private static final Set<String> NOT_CONFIGURABLE = Set.of("config-file", "help", "version");

  /** A config file that cannot be used: the message names the file and, if any, the key. */
  static final class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigFileException(String message) {
      super(message);
    }
  }

  private final Map<String, String> fileValues;
  private final Map<String, String> env;

  private ConfigFileDefaults(Map<String, String> fileValues, Map<String, String> env) {
    this.fileValues = Map.copyOf(fileValues);
    this.env = Map.copyOf(env);
  }

  /** Only environment variables. */
  static ConfigFileDefaults fromEnvironment(Map<String, String> env) {
    return new ConfigFileDefaults(Map.of(), env);
  }

  /**
   * Reads and checks {@code file} against the options of {@code command}.
   *
   * @throws ConfigFileException if the file cannot be read, is not TOML, or has a key that is not
   *     an option of the command or a value of the wrong type
   */
  static ConfigFileDefaults load(Path file, CommandSpec command, Map<String, String> env)
      throws ConfigFileException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(Files.readString(file));
    } catch (JacksonException e) {
      throw new ConfigFileException(
          "config file " + file + " is not valid TOML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigFileException(
          "cannot read config file "
              + file
              + ": "
              + (e instanceof NoSuchFileException ? "no such file" : e.toString()));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      String key = entry.getKey();
      OptionSpec option = configurable(command, key);
      if (option == null) {
        throw new ConfigFileException(
            "config file "
                + file
                + ": unknown key '"
                + key
                + "': not an option of 'gridledger "
                + command.name()
                + "' (keys are the long option names without '--', see --help)");
      }
      values.put(key, valueOf(file, key, option, entry.getValue()));
    }
    return new ConfigFileDefaults(values, env);
  }

  /** The option {@code key} names, or null if it names none that a file may set. */
  private static OptionSpec configurable(CommandSpec command, String key) {
    if (NOT_CONFIGURABLE.contains(key) || key.startsWith("-")) {
      return null;
    }
    return command.findOption("--" + key);
  }

  /** The TOML value as picocli's text for the option, after checking its type. */
  private static String valueOf(Path file, String key, OptionSpec option, JsonNode value)
      throws ConfigFileException {
    Class<?> type = option.type();
    String where = "config file " + file + ": key '" + key + "' ";
    if (option.isMultiValue()) {
      List<JsonNode> items = new ArrayList<>();
      if (value.isArray()) {
        value.forEach(items::add);
      } else {
        items.add(value);
      }
      List<String> texts = new ArrayList<>();
      for (JsonNode item : items) {
        if (!item.isTextual()) {
          throw new ConfigFileException(
              where + "must be an array of strings, not " + describe(value));
        }
        texts.add(item.textValue());
      }
      return String.join(",", texts);
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      if (!value.isIntegralNumber()) {
        throw new ConfigFileException(where + "must be an integer, not " + describe(value));
      }
      return value.asText();
    }
    if (type == boolean.class || type == Boolean.class) {
      if (!value.isBoolean()) {
        throw new ConfigFileException(
            where + "must be a boolean (true or false), not " + describe(value));
      }
      return value.asText();
    }
    if (type == Duration.class) {
      if (!value.isNumber() && !value.isTextual()) {
        throw new ConfigFileException(
            where
                + "must be seconds (a number) or a string such as \"250ms\", not "
                + describe(value));
      }
      return value.asText();
    }
    if (!value.isTextual()) {
      throw new ConfigFileException(where + "must be a string, not " + describe(value));
    }
    return value.textValue();
  }

  private static String describe(JsonNode value) {
    String kind =
        value.isTextual()
            ? "a string"
            : value.isIntegralNumber()
                ? "an integer"
                : value.isNumber()
                    ? "a number"
                    : value.isBoolean()
                        ? "a boolean"
                        : value.isArray() ? "an array" : value.isObject() ? "a table" : "a value";
    String text = value.toString();
    return kind + " (" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + ")";
  }

  /** {@code --rpc-port} → {@code GRIDLEDGER_RPC_PORT}. */
  static String environmentVariable(String longOption) {
    String bare = longOption.startsWith("--") ? longOption.substring(2) : longOption;
    return ENV_PREFIX + bare.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
      return null;
    }
    String key = option.longestName().substring(2);
    if (NOT_CONFIGURABLE.contains(key)) {
      return null;
    }
    String fromEnv = env.get(environmentVariable(key));
    if (fromEnv != null) {
      return fromEnv;
    }
    return fileValues.get(key);
  }

  /**
   * The config file the arguments of a command name with {@code --config-file <file>} or {@code
   * --config-file=<file>}, else the one {@code GRIDLEDGER_CONFIG_FILE} names.
   */
  static Optional<Path> configFileArgument(Collection<String> args, Map<String, String> env) {
    List<String> list = List.copyOf(args);
    for (int i = 0; i < list.size(); i++) {
      String a = list.get(i);
      if (a.equals("--")) {
        break;
      }
      if (a.equals(CONFIG_FILE_OPTION) && i + 1 < list.size()) {
        return Optional.of(Path.of(list.get(i + 1)));
      }
      if (a.startsWith(CONFIG_FILE_OPTION + "=")) {
        return Optional.of(Path.of(a.substring(CONFIG_FILE_OPTION.length() + 1)));
      }
    }
    return Optional.ofNullable(env.get(environmentVariable(CONFIG_FILE_OPTION))).map(Path::of);
  }
}
