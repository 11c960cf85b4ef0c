// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// The smallest ERC-20-style token the load benchmark needs: balances, transfer and the Transfer
/// event (one SLOAD/SSTORE pair per side and one LOG3 per transfer, like any ERC-20 transfer).
/// The deployer receives the whole supply and hands it out to the benchmark's senders.
contract LoadToken {
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        uint256 balance = balanceOf[msg.sender];
        require(balance >= value, "insufficient balance");
        unchecked {
            balanceOf[msg.sender] = balance - value;
        }
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }
}
