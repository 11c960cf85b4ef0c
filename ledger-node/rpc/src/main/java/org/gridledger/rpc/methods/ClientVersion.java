package org.gridledger.rpc.methods;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The {@code web3_clientVersion} string, shaped like geth's {@code
 * Geth/v1.14.0-stable/linux-amd64/go1.22.1}: {@code Gridledger/v<version>/<os>-<arch>/java<ver>},
 * with Go's names for the operating system and architecture so that tools parsing the string see
 * familiar values.
 */
public final class ClientVersion {
  private ClientVersion() {}

  /** The version string of this build on this machine. */
  public static String current() {
    return format(
        buildVersion(),
        System.getProperty("os.name", "unknown"),
        System.getProperty("os.arch", "unknown"),
        Runtime.version().version().stream().map(String::valueOf).collect(Collectors.joining(".")));
  }

  static String format(String version, String osName, String osArch, String javaVersion) {
    return "Gridledger/v" + version + "/" + os(osName) + "-" + arch(osArch) + "/java" + javaVersion;
  }

  /** The project version, filtered into {@code version.properties} at build time. */
  static String buildVersion() {
    try (InputStream in = ClientVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String os(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mac") || lower.startsWith("darwin")) {
      return "darwin";
    }
    if (lower.startsWith("windows")) {
      return "windows";
    }
    return lower.replace(" ", "");
  }

  private static String arch(String arch) {
    return switch (arch.toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      default -> arch.toLowerCase(Locale.ROOT);
    };
  }
}
