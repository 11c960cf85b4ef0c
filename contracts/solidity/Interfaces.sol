// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./GridTypes.sol";

/// @notice What Reservations needs to know about a node, read in one call.
struct NodeStatus {
    bool exists;
    bool approved;
    bool banned;
    bool online;
    PowerState power;
    uint32 farmId;
    uint32 twinId;
    address account;
    uint64 lastUptimeReport;
    uint64 rentContractId;
    uint32 activeContracts;
    uint64 downtime;
    Resources total;
    Resources used;
}

/// @notice The part of TwinRegistry other contracts use.
interface ITwinRegistry {
    /// @notice The twin id of `account`, 0 if none.
    function twinIdOf(address account) external view returns (uint32);
    /// @notice The account owning `twinId`, address(0) if none.
    function accountOf(uint32 twinId) external view returns (address);
}

/// @notice The part of FarmRegistry other contracts use.
interface IFarmRegistry {
    /// @notice Whether `farmId` exists.
    function farmExists(uint32 farmId) external view returns (bool);
    /// @notice The account of the farm's owner twin (address(0) if no such farm).
    function farmOwnerAccount(uint32 farmId) external view returns (address);
    /// @notice Where a farm's earnings go and which pricing policy it uses.
    function farmBilling(uint32 farmId) external view returns (address payout, uint32 pricingPolicyId);
    /// @notice How many of the farm's public IPs are free.
    function freePublicIpCount(uint32 farmId) external view returns (uint32);
    /// @notice Takes `count` free public IPs of the farm for `contractId` (Reservations only).
    function allocatePublicIps(uint32 farmId, uint256 count, uint64 contractId) external returns (uint32[] memory);
    /// @notice Returns public IPs to the farm's free pool (Reservations only).
    function releasePublicIps(uint32 farmId, uint32[] calldata ipIds) external;
}

/// @notice The part of NodeRegistry other contracts use.
interface INodeRegistry {
    /// @notice The node's status (exists == false for an unknown id).
    function nodeStatus(uint32 nodeId) external view returns (NodeStatus memory);
    /// @notice The node's cumulative downtime in seconds up to now, ongoing gap included.
    function downtimeOf(uint32 nodeId) external view returns (uint64);
    /// @notice The node's farm (0 for an unknown node).
    function farmOf(uint32 nodeId) external view returns (uint32);
    /// @notice Adds `amount` to the node's used capacity and counts one more contract (Reservations only).
    function reserve(uint32 nodeId, Resources calldata amount) external;
    /// @notice Removes `amount` from the node's used capacity and counts one contract less (Reservations only).
    function release(uint32 nodeId, Resources calldata amount) external;
    /// @notice Replaces `oldAmount` by `newAmount` in the node's used capacity (Reservations only).
    function resize(uint32 nodeId, Resources calldata oldAmount, Resources calldata newAmount) external;
    /// @notice Records the rent contract holding the node (0: none) (Reservations only).
    function setRentContract(uint32 nodeId, uint64 rentContractId) external;
    /// @notice Sets the farmer's approval and ban flags (FarmRegistry only).
    function setStanding(uint32 nodeId, bool approved, bool banned) external;
}

/// @notice The part of PricingPolicy other contracts use.
interface IPricingPolicy {
    /// @notice Whether a policy with this id exists.
    function policyExists(uint32 policyId) external view returns (bool);
    /// @notice Price per hour of a node contract with these resources and public IPs.
    function quoteNodeContract(uint32 policyId, Resources calldata resources, uint256 publicIps)
        external
        view
        returns (uint256 perHour);
    /// @notice Price per hour of renting a whole node with this total capacity.
    function quoteRentContract(uint32 policyId, Resources calldata total) external view returns (uint256 perHour);
    /// @notice Price per hour of public IPs only (node contracts on a node the owner rents).
    function quotePublicIps(uint32 policyId, uint256 publicIps) external view returns (uint256 perHour);
    /// @notice Price per hour of a unique gateway name.
    function quoteNameContract(uint32 policyId) external view returns (uint256 perHour);
    /// @notice Price of one GiB of network traffic.
    function networkPricePerGiB(uint32 policyId) external view returns (uint256);
    /// @notice Discount in basis points for a balance that prepays `balance / perHour` hours.
    function discountBps(uint256 perHour, uint256 balance) external view returns (uint16);
    /// @notice Share of every payment that goes to the staking reward pool, in basis points.
    function protocolFeeBps() external view returns (uint16);
    /// @notice The policy used where no farm is involved (name contracts).
    function defaultPolicyId() external view returns (uint32);
}

/// @notice The part of Staking that Reservations uses.
interface IStakingRewards {
    /// @notice Adds msg.value to the reward pool.
    function depositRewards() external payable;
}
