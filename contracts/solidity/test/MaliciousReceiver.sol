// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Test helper: an account that acts through arbitrary calls and tries to re-enter when paid.
/// @notice Used only by the contract tests (never deployed by the genesis builder).
contract MaliciousReceiver {
    address public target;
    bytes public reentryCall;
    bool public rejectPayments;
    uint256 public attempts;
    bool public reentrySucceeded;
    bytes public reentryRevertData;
    uint256 public received;

    /// @notice Forwards a call (with value) from this contract; bubbles up a revert.
    /// @param to the callee
    /// @param data the calldata
    /// @return result the callee's return data
    function execute(address to, bytes calldata data) external payable returns (bytes memory result) {
        bool ok;
        (ok, result) = to.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @notice Arms the re-entry: on the next payment, call `target` with `data` once.
    /// @param target_ the contract to re-enter
    /// @param data the re-entry calldata
    function arm(address target_, bytes calldata data) external {
        target = target_;
        reentryCall = data;
        attempts = 0;
    }

    /// @notice Makes every incoming payment fail (to test failed transfers).
    /// @param reject whether to reject payments
    function setRejectPayments(bool reject) external {
        rejectPayments = reject;
    }

    receive() external payable {
        if (rejectPayments) revert("payments rejected");
        received += msg.value;
        if (reentryCall.length > 0 && attempts == 0) {
            attempts = 1;
            (bool ok, bytes memory data) = target.call(reentryCall);
            reentrySucceeded = ok;
            reentryRevertData = data;
        }
    }
}
