package org.gridledger.contracts;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link Grid} on one chain process shared by all test classes (started on first use,
 * stopped when JUnit closes its root store): anvil, or {@code gridledger dev} when the system
 * property {@code gridledger.chain} is {@code gridledger}. Before each test the chain is reverted
 * to the state right after deployment, so tests never see each other's transactions.
 */
final class GridExtension implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(GridExtension.class);

  /** The chain process, the deployed grid and the snapshot to return to. */
  static final class Session implements AutoCloseable {
    final ChainNode node;
    final Chain chain;
    final Grid grid;
    private String baseline;

    Session() throws Exception {
      Path contractsDir =
          Path.of(System.getProperty("gridledger.contracts.dir", ".")).toAbsolutePath();
      this.node = start(contractsDir);
      try {
        this.chain = new Chain(node.url());
        this.grid = Grid.deploy(chain);
        this.baseline = chain.snapshot();
      } catch (Exception | Error e) {
        node.close();
        throw e;
      }
    }

    void reset() {
      chain.revert(baseline);
      baseline = chain.snapshot();
    }

    @Override
    public void close() {
      chain.shutdown();
      node.close();
    }
  }

  /** Starts the chain {@link ChainNode#selected()} names with the suite's options. */
  static ChainNode start(Path contractsDir) throws Exception {
    return switch (ChainNode.selected()) {
      case "gridledger" -> GridledgerNode.start(contractsDir, java.util.List.of());
      default -> AnvilNode.start(contractsDir);
    };
  }

  static Session session(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Session.class,
            key -> {
              try {
                return new Session();
              } catch (Exception e) {
                throw new IllegalStateException(
                    "could not start " + ChainNode.selected() + " and deploy the grid", e);
              }
            },
            Session.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    session(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Grid.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return session(context).grid;
  }
}
