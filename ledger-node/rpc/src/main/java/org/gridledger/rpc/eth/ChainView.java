package org.gridledger.rpc.eth;

import java.util.Optional;
import java.util.function.Function;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.state.WorldState;
import org.gridledger.evm.types.Hash;
import org.gridledger.rpc.RpcError;
import org.gridledger.rpc.RpcException;
import org.gridledger.rpc.json.BlockParameter;
import org.gridledger.rpc.json.BlockTag;

/**
 * Resolves block parameters against the chain and reads state safely.
 *
 * <p><b>Block tags.</b> The devnet has instant finality (one validator seals each block once), so
 * {@code safe} and {@code finalized} name the head, like {@code latest}. {@code pending} also names
 * the head: there is no pending block being built to show (only {@code eth_getTransactionCount}
 * counts the pool's transactions for "pending", as geth does through its pool).
 *
 * <p><b>State reads and imports.</b> A {@link WorldState} opened at the head reads flat tables that
 * the next import rewrites. Every state read here runs while holding the {@link Blockchain}'s
 * monitor, which {@link Blockchain#importBlock(org.gridledger.core.block.Block)} (a {@code
 * synchronized} method) holds for a whole import: a read therefore sees the state of one block
 * entirely. The cost is that a long {@code eth_call} delays the next import by its duration (the
 * call gas cap bounds it).
 */
public final class ChainView {
  private final Blockchain chain;

  public ChainView(Blockchain chain) {
    this.chain = chain;
  }

  public Blockchain chain() {
    return chain;
  }

  /** A header with its hash. */
  public record Located(BlockHeader header, Hash hash) {}

  /**
   * The block a parameter names, empty if there is none (numbers beyond the head, unknown hashes).
   */
  public Optional<Located> find(BlockParameter block) {
    return switch (block) {
      case BlockTag tag ->
          tag == BlockTag.EARLIEST
              ? byNumber(0)
              : Optional.of(new Located(chain.head(), chain.headHash()));
      case BlockParameter.Number n -> byNumber(n.number());
      case BlockParameter.ByHash h -> {
        Optional<BlockHeader> header = chain.blocks().header(h.hash());
        if (header.isPresent()
            && h.requireCanonical()
            && !chain.blocks().isCanonical(header.get(), h.hash())) {
          throw new RpcException(new RpcError.ServerError("hash is not currently canonical"));
        }
        yield header.map(x -> new Located(x, h.hash()));
      }
    };
  }

  public Optional<Located> byNumber(long number) {
    Located head = new Located(chain.head(), chain.headHash());
    if (number == head.header().number()) {
      return Optional.of(head);
    }
    return chain
        .blocks()
        .canonicalHash(number)
        .flatMap(h -> chain.blocks().header(h).map(x -> new Located(x, h)));
  }

  /**
   * The block a state query names; geth's errors when there is none ("header not found", "header
   * for hash not found").
   */
  public Located require(BlockParameter block) {
    return find(block)
        .orElseThrow(
            () ->
                new RpcException(
                    new RpcError.ServerError(
                        block instanceof BlockParameter.ByHash
                            ? "header for hash not found"
                            : "header not found")));
  }

  /** Runs {@code read} on the state after {@code block}, excluded from imports (class comment). */
  public <T> T withState(Located block, Function<WorldState, T> read) {
    synchronized (chain) {
      return read.apply(chain.stateAfter(block.header(), block.hash()));
    }
  }
}
