/**
 * The development namespace of {@code gridledger dev} ({@code evm_*}, {@code anvil_*}, {@code
 * hardhat_*}): snapshots and rewinds, time travel, mining on demand and direct state edits, with
 * the names and semantics of anvil and hardhat so that test suites written for them run unchanged.
 * Never registered by {@code gridledger node} (decision 0010).
 */
package org.gridledger.rpc.dev;
