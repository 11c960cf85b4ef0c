package org.gridledger.sdk.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code grid completion}: prints a bash/zsh completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash/zsh completion script. Use: source <(grid completion)",
      "(with grid on the PATH, e.g. alias grid='java -jar client-sdk/target/grid.jar')."
    })
final class CompletionCommand extends Leaf {
  @Override
  void run(GridCommand grid) {
    grid.out.print(AutoComplete.bash("grid", new CommandLine(new GridCommand())));
    grid.out.flush();
  }
}
