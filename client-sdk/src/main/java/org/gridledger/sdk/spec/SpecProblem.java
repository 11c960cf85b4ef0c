package org.gridledger.sdk.spec;

/**
 * One thing wrong with a spec: where ({@code resources.memory}, {@code ports[1].protocol}), what,
 * and how to fix it.
 */
public record SpecProblem(String path, String problem, String fix) {
  @Override
  public String toString() {
    return path + ": " + problem + " (" + fix + ")";
  }
}
