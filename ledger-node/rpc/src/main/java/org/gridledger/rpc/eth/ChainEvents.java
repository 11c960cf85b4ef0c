package org.gridledger.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.gridledger.core.block.Block;
import org.gridledger.core.chain.BlockStore;
import org.gridledger.core.chain.LocatedLog;
import org.gridledger.core.receipt.Receipt;
import org.gridledger.core.tx.Transaction;
import org.gridledger.core.txpool.TransactionPool;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Log;
import org.gridledger.rpc.json.JsonResults;
import org.gridledger.rpc.subscription.SubscriptionKind;
import org.gridledger.rpc.subscription.SubscriptionManager;

/**
 * Turns chain and pool events into {@code eth_subscribe} notifications and pending-transaction
 * filter entries. The node calls {@link #onNewBlock} after each import that made a block the head;
 * pending transactions arrive through {@link TransactionPool#onAdded}, registered by the
 * constructor.
 */
public final class ChainEvents {
  private final SubscriptionManager subscriptions;
  private final Filters filters;

  public ChainEvents(SubscriptionManager subscriptions, TransactionPool pool, Filters filters) {
    this.subscriptions = subscriptions;
    this.filters = filters;
    pool.onAdded(
        pt -> {
          filters.onPendingTransaction(pt.hash());
          if (!subscriptions.hasSubscriptions(SubscriptionKind.NEW_PENDING_TRANSACTIONS)) {
            return;
          }
          JsonNode hash = JsonResults.hash(pt.hash());
          subscriptions.publish(
              SubscriptionKind.NEW_PENDING_TRANSACTIONS,
              s ->
                  Optional.of(
                      s.fullTransactions()
                          ? EthJson.transaction(pt.transaction(), pt.sender(), null, null, 0)
                          : hash));
        });
  }

  /**
   * {@link #onNewBlock} for a block already in {@code blocks} (what a caller of {@code
   * Blockchain.importBlock} has: the imported block's hash).
   *
   * <p>Reads nothing when no {@code newHeads} or {@code logs} subscription is live: a node under
   * load imports blocks of hundreds of transactions, and reading them back with their receipts and
   * building the logs' JSON for no one was a tenth of a loaded devnet node's allocation (async
   * profiler, docs/performance.md).
   *
   * @throws IllegalArgumentException if the block or its receipts are not stored (and a
   *     subscription is live)
   */
  public void onImported(BlockStore blocks, Hash blockHash) {
    if (!subscriptions.hasSubscriptions(SubscriptionKind.NEW_HEADS)
        && !subscriptions.hasSubscriptions(SubscriptionKind.LOGS)) {
      return;
    }
    Block block =
        blocks
            .block(blockHash)
            .orElseThrow(() -> new IllegalArgumentException("block " + blockHash + " not stored"));
    List<Receipt> receipts =
        blocks
            .receipts(blockHash)
            .orElseThrow(() -> new IllegalArgumentException("no receipts for " + blockHash));
    onNewBlock(block, receipts);
  }

  /**
   * Publishes {@code newHeads} (the header as {@code eth_getBlockByNumber} writes it, without size,
   * transactions, uncles and withdrawals, as geth does) and each log of {@code receipts} to the
   * {@code logs} subscriptions whose filter it matches.
   */
  public void onNewBlock(Block block, List<Receipt> receipts) {
    Hash hash = block.hash();
    if (subscriptions.hasSubscriptions(SubscriptionKind.NEW_HEADS)) {
      subscriptions.publish(SubscriptionKind.NEW_HEADS, EthJson.header(block.header(), hash));
    }
    if (!subscriptions.hasSubscriptions(SubscriptionKind.LOGS)) {
      return;
    }
    List<Transaction> txs = block.body().transactions();
    int logIndex = 0;
    for (int i = 0; i < receipts.size(); i++) {
      for (Log log : receipts.get(i).logs()) {
        LocatedLog located =
            new LocatedLog(
                log,
                hash,
                block.number(),
                block.header().timestamp(),
                txs.get(i).hash(),
                i,
                logIndex++);
        JsonNode json = EthJson.log(located, false);
        subscriptions.publish(
            SubscriptionKind.LOGS,
            s ->
                s.logFilter().matches(log.address(), log.topics())
                    ? Optional.of(json)
                    : Optional.empty());
      }
    }
  }
}
