// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Test helper: a counter that the independent-client tests (ledger-node/it) drive through
/// web3j, ethers, viem and cast against `gridledger dev`.
/// @notice Exercises what clients decode: indexed and unindexed event data, return values,
/// `Error(string)` and custom-error reverts, storage at a known slot (for eth_getProof).
contract ClientProbe {
    /// @notice The counter; storage slot 0 (read with eth_getStorageAt / eth_getProof).
    uint256 public count;
    /// @notice The last account that changed the counter; storage slot 1.
    address public lastCaller;

    /// @notice Emitted on every change of the counter.
    /// @param by the caller
    /// @param newCount the counter after the change
    /// @param amount what was added
    /// @param note the caller's note, unindexed dynamic data
    event Incremented(address indexed by, uint256 indexed newCount, uint256 amount, string note);

    /// @notice Reverted with when the counter would pass `limit`.
    /// @param count the counter
    /// @param limit the limit
    error LimitExceeded(uint256 count, uint256 limit);

    /// @param initial the starting value of the counter
    constructor(uint256 initial) {
        count = initial;
        lastCaller = msg.sender;
    }

    /// @notice Adds `amount`; reverts with `Error(string)` when it is zero.
    /// @param amount what to add
    /// @param note stored only in the event
    /// @return the new counter
    function increment(uint256 amount, string calldata note) external returns (uint256) {
        require(amount > 0, "ClientProbe: amount is zero");
        count += amount;
        lastCaller = msg.sender;
        emit Incremented(msg.sender, count, amount, note);
        return count;
    }

    /// @notice Reverts with the custom error when the counter exceeds `limit`, else returns it.
    /// @param limit the limit
    /// @return the counter
    function checkAtMost(uint256 limit) external view returns (uint256) {
        if (count > limit) {
            revert LimitExceeded(count, limit);
        }
        return count;
    }
}
