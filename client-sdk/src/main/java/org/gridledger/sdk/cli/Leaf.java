package org.gridledger.sdk.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A runnable subcommand with access to the global options of {@link GridCommand}. */
abstract class Leaf implements Callable<Integer> {
  @Spec CommandSpec spec;

  GridCommand root() {
    return (GridCommand) spec.root().userObject();
  }

  @Override
  public final Integer call() throws Exception {
    run(root());
    return ExitCodes.OK;
  }

  abstract void run(GridCommand grid) throws Exception;
}
