package org.gridledger.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --log-level}: how much the node's own loggers say (logback.xml holds the rest). */
final class LoggingOptions {
  /** The levels offered; picocli lists them in the help and rejects others. */
  enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  @Option(
      names = "--log-level",
      paramLabel = "<level>",
      description =
          "Level of Gridledger's own log (on stderr): ${COMPLETION-CANDIDATES}."
              + " Other libraries log at WARN. Default: ${DEFAULT-VALUE}.")
  LogLevel level = LogLevel.INFO;

  /** Sets the level of every {@code org.gridledger} logger. */
  void apply() {
    if (LoggerFactory.getLogger("org.gridledger") instanceof Logger logback) {
      logback.setLevel(Level.toLevel(level.name()));
    }
  }
}
