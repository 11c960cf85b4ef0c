package org.gridledger.app.bft;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.gridledger.consensus.engine.Committer;
import org.gridledger.consensus.header.CommitCertificate;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.BlockBuilder;
import org.gridledger.core.chain.Blockchain;
import org.gridledger.core.chain.ImportResult;
import org.gridledger.evm.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores final blocks: imports the state this node computed while building or checking the block
 * ({@link Blockchain#importBuilt}) or, for a block fetched by sync, executes it ({@link
 * Blockchain#importBlock}, which checks every root). The head's certificate goes to the {@link
 * HeadCertificateStore}; then {@code onCommitted} runs (pool, RPC events, announcements).
 */
final class ChainCommitter implements Committer {
  private static final Logger LOG = LoggerFactory.getLogger(ChainCommitter.class);

  private final Blockchain chain;
  private final BuiltBlocks built;
  private final HeadCertificateStore certificates;
  private final BiConsumer<Block, CommitCertificate> onCommitted;
  private final Consumer<Hash> awaitExecution;

  /**
   * @param awaitExecution waits until no check of the block (by hash) is running, so that its
   *     execution is in {@code built} if it is valid ({@link BackgroundValidator#awaitInFlight})
   */
  ChainCommitter(
      Blockchain chain,
      BuiltBlocks built,
      HeadCertificateStore certificates,
      BiConsumer<Block, CommitCertificate> onCommitted,
      Consumer<Hash> awaitExecution) {
    this.awaitExecution = awaitExecution;
    this.chain = chain;
    this.built = built;
    this.certificates = certificates;
    this.onCommitted = onCommitted;
  }

  ChainCommitter(
      Blockchain chain,
      BuiltBlocks built,
      HeadCertificateStore certificates,
      Consumer<Block> onCommitted) {
    this(chain, built, certificates, (block, certificate) -> onCommitted.accept(block), h -> {});
  }

  @Override
  public void commit(Block block, CommitCertificate certificate) {
    // A block can be final while this node still executes it (a quorum voted before it did):
    // wait for that execution rather than run the block a second time.
    awaitExecution.accept(block.hash());
    Optional<BlockBuilder.Built> execution = built.take(block.hash());
    built.clear(); // executions of the other proposals of this height are stale now
    ImportResult result =
        execution.isPresent()
            ? chain.importBuilt(block, execution.get())
            : chain.importBlock(block);
    switch (result) {
      case ImportResult.Imported imported -> {}
      case ImportResult.AlreadyKnown known -> chain.setHead(known.hash()); // after a rewind
      case ImportResult.Invalid invalid -> {
        // A quorum finalized a block this node cannot execute: its state or code differs from
        // the quorum's. Nothing sensible can follow; the operator must look.
        LOG.atError()
            .addKeyValue("height", block.number())
            .addKeyValue("hash", block.hash())
            .log("final block does not import: " + invalid);
        return;
      }
      case ImportResult.UnknownParent unknown -> {
        LOG.atError()
            .addKeyValue("height", block.number())
            .log("final block's parent is not stored: " + unknown.parentHash());
        return;
      }
    }
    certificates.save(block.hash(), certificate);
    LOG.atInfo()
        .addKeyValue("height", block.number())
        .addKeyValue("hash", block.hash())
        .addKeyValue("round", certificate.round())
        .addKeyValue("txs", block.body().transactions().size())
        .addKeyValue("seals", certificate.seals().size())
        .log("block final");
    onCommitted.accept(block, certificate);
  }
}
