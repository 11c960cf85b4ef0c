// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./GridTypes.sol";
import "./Interfaces.sol";

/// @title PricingPolicy: cloud units, prices per unit-hour, prepaid discount tiers and the protocol fee.
/// @notice Cloud units follow the TFGrid v3 definitions (docs/pricing.md names the source):
///         CU = min(max(M/4, C/2), max(M/8, C), max(M/2, C/4)) with M in GiB of memory and C in cores;
///         SU = HDD/1200 + SSD/200 with HDD and SSD in GiB; NU = one GiB of network traffic; IPU = one public IPv4.
///         Units are computed in nano-units (10^9 = one unit); prices are in the native coin's smallest unit per
///         unit-hour (NU: per GiB). Governed by an owner address set at initialisation (the devnet dev account).
contract PricingPolicy is IPricingPolicy {
    /// @notice Prices of one policy.
    struct Policy {
        string name;
        uint128 cuPricePerHour;
        uint128 suPricePerHour;
        uint128 ipuPricePerHour;
        uint128 nuPricePerGiB;
        uint128 namePricePerHour;
        uint16 dedicatedDiscountBps;
    }

    /// @notice A discount for balances that prepay at least `minHours` hours of a contract.
    struct DiscountTier {
        uint32 minHours;
        uint16 discountBps;
    }

    /// @notice One unit in the fixed-point arithmetic of cloud units.
    uint256 public constant NANO = 1e9;
    uint256 private constant GIB = 1 << 30;
    /// @notice The number of discount tiers (fixed, so every lookup is O(1)).
    uint256 public constant TIER_COUNT = 4;
    /// @notice The highest protocol fee governance may set: half of every payment.
    uint16 public constant MAX_FEE_BPS = 5000;

    bool private initialized;
    /// @notice The governance account.
    address public owner;
    /// @inheritdoc IPricingPolicy
    uint16 public protocolFeeBps;
    /// @inheritdoc IPricingPolicy
    uint32 public defaultPolicyId;
    uint32 private lastPolicyId;
    mapping(uint32 => Policy) private policies;
    DiscountTier[4] private tiers;

    /// @notice The contract was set up.
    event PricingInitialized(address owner, uint16 protocolFeeBps);
    /// @notice A policy was created or replaced.
    event PolicySet(uint32 indexed policyId, Policy policy);
    /// @notice The default policy changed.
    event DefaultPolicyChanged(uint32 policyId);
    /// @notice The protocol fee changed.
    event ProtocolFeeChanged(uint16 feeBps);
    /// @notice The discount tiers changed.
    event DiscountTiersChanged(DiscountTier[4] tiers);
    /// @notice Ownership moved.
    event OwnershipTransferred(address previous, address next);

    /// @notice No policy has this id.
    error PolicyNotFound(uint32 policyId);
    /// @notice A basis-point value above its maximum.
    error BpsTooHigh(uint256 value, uint256 max);
    /// @notice Tiers must have strictly increasing minHours and non-decreasing discounts; `index` breaks the order.
    error TiersNotAscending(uint256 index);
    /// @notice The owner may not be zero.
    error ZeroAddress();

    modifier onlyOwner() {
        if (msg.sender != owner) revert Unauthorized(msg.sender, owner);
        _;
    }

    /// @notice One-time setup; the genesis builder calls it in the genesis state (see docs/contracts.md).
    /// @param owner_ the governance account
    /// @param feeBps the protocol fee share, at most MAX_FEE_BPS
    /// @param defaultPolicy the first policy (id 1), also the default policy
    /// @param tiers_ the discount tiers, ascending
    function initialize(address owner_, uint16 feeBps, Policy calldata defaultPolicy, DiscountTier[4] calldata tiers_)
        external
    {
        if (initialized) revert AlreadyInitialized();
        if (owner_ == address(0)) revert ZeroAddress();
        initialized = true;
        owner = owner_;
        emit PricingInitialized(owner_, feeBps);
        _setFee(feeBps);
        _setTiers(tiers_);
        uint32 id = _addPolicy(defaultPolicy);
        defaultPolicyId = id;
        emit DefaultPolicyChanged(id);
    }

    /// @notice Adds a policy (owner only).
    /// @param policy the prices
    /// @return policyId the new policy id
    function createPolicy(Policy calldata policy) external onlyOwner returns (uint32 policyId) {
        policyId = _addPolicy(policy);
    }

    /// @notice Replaces a policy's prices (owner only); running contracts keep their rate until they are updated.
    /// @param policyId an existing policy
    /// @param policy the new prices
    function updatePolicy(uint32 policyId, Policy calldata policy) external onlyOwner {
        _policy(policyId);
        _checkPolicy(policy);
        policies[policyId] = policy;
        emit PolicySet(policyId, policy);
    }

    /// @notice Chooses the default policy (owner only).
    /// @param policyId an existing policy
    function setDefaultPolicy(uint32 policyId) external onlyOwner {
        _policy(policyId);
        defaultPolicyId = policyId;
        emit DefaultPolicyChanged(policyId);
    }

    /// @notice Sets the protocol fee share (owner only).
    /// @param feeBps the new fee in basis points, at most MAX_FEE_BPS
    function setProtocolFee(uint16 feeBps) external onlyOwner {
        _setFee(feeBps);
    }

    /// @notice Replaces the discount tiers (owner only).
    /// @param tiers_ four tiers with strictly increasing minHours and non-decreasing discounts
    function setDiscountTiers(DiscountTier[4] calldata tiers_) external onlyOwner {
        _setTiers(tiers_);
    }

    /// @notice Hands governance to another account (owner only).
    /// @param next the new owner
    function transferOwnership(address next) external onlyOwner {
        if (next == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, next);
        owner = next;
    }

    /// @inheritdoc IPricingPolicy
    function policyExists(uint32 policyId) external view returns (bool) {
        return policyId != 0 && policyId <= lastPolicyId;
    }

    /// @notice A policy by id.
    /// @param policyId the policy id
    /// @return the stored policy
    function getPolicy(uint32 policyId) external view returns (Policy memory) {
        return _policy(policyId);
    }

    /// @notice How many policies exist; ids run from 1 to this number.
    /// @return the number of policies
    function policyCount() external view returns (uint32) {
        return lastPolicyId;
    }

    /// @notice The discount tiers.
    /// @return the four tiers
    function getDiscountTiers() external view returns (DiscountTier[4] memory) {
        return tiers;
    }

    /// @notice Cloud units of a resource amount, in nano-units.
    /// @param r the resources
    /// @return cu compute units times 10^9
    /// @return su storage units times 10^9
    function cloudUnits(Resources calldata r) public pure returns (uint256 cu, uint256 su) {
        uint256 memNano = uint256(r.mru) * NANO / GIB; // GiB of memory, in nano-units
        uint256 cpuNano = uint256(r.cru) * NANO;
        uint256 a = _max(memNano / 4, cpuNano / 2);
        uint256 b = _max(memNano / 8, cpuNano);
        uint256 c = _max(memNano / 2, cpuNano / 4);
        cu = _min(a, _min(b, c));
        su = uint256(r.hru) * NANO / (1200 * GIB) + uint256(r.sru) * NANO / (200 * GIB);
    }

    /// @inheritdoc IPricingPolicy
    function quoteNodeContract(uint32 policyId, Resources calldata resources, uint256 publicIps)
        external
        view
        returns (uint256 perHour)
    {
        Policy storage p = _policy(policyId);
        perHour = _resourcePrice(p, resources) + publicIps * p.ipuPricePerHour;
    }

    /// @inheritdoc IPricingPolicy
    function quoteRentContract(uint32 policyId, Resources calldata total) external view returns (uint256 perHour) {
        Policy storage p = _policy(policyId);
        uint256 full = _resourcePrice(p, total);
        perHour = full - full * p.dedicatedDiscountBps / 10_000;
    }

    /// @inheritdoc IPricingPolicy
    function quotePublicIps(uint32 policyId, uint256 publicIps) external view returns (uint256 perHour) {
        perHour = publicIps * _policy(policyId).ipuPricePerHour;
    }

    /// @inheritdoc IPricingPolicy
    function quoteNameContract(uint32 policyId) external view returns (uint256 perHour) {
        perHour = _policy(policyId).namePricePerHour;
    }

    /// @inheritdoc IPricingPolicy
    function networkPricePerGiB(uint32 policyId) external view returns (uint256) {
        return _policy(policyId).nuPricePerGiB;
    }

    /// @inheritdoc IPricingPolicy
    function discountBps(uint256 perHour, uint256 balance) external view returns (uint16 bps) {
        if (perHour == 0) return 0;
        uint256 hoursCovered = balance / perHour;
        for (uint256 i = 0; i < TIER_COUNT; i++) {
            if (hoursCovered >= tiers[i].minHours) bps = tiers[i].discountBps;
        }
    }

    function _resourcePrice(Policy storage p, Resources calldata r) private view returns (uint256) {
        (uint256 cu, uint256 su) = cloudUnits(r);
        return (cu * p.cuPricePerHour + su * p.suPricePerHour) / NANO;
    }

    function _addPolicy(Policy calldata policy) private returns (uint32 id) {
        _checkPolicy(policy);
        id = ++lastPolicyId;
        policies[id] = policy;
        emit PolicySet(id, policy);
    }

    function _checkPolicy(Policy calldata policy) private pure {
        if (policy.dedicatedDiscountBps > 10_000) revert BpsTooHigh(policy.dedicatedDiscountBps, 10_000);
        if (bytes(policy.name).length > 64) revert FieldTooLong("name", bytes(policy.name).length, 64);
    }

    function _setFee(uint16 feeBps) private {
        if (feeBps > MAX_FEE_BPS) revert BpsTooHigh(feeBps, MAX_FEE_BPS);
        protocolFeeBps = feeBps;
        emit ProtocolFeeChanged(feeBps);
    }

    function _setTiers(DiscountTier[4] calldata tiers_) private {
        for (uint256 i = 0; i < TIER_COUNT; i++) {
            if (tiers_[i].discountBps > 10_000) revert BpsTooHigh(tiers_[i].discountBps, 10_000);
            if (i > 0 && (tiers_[i].minHours <= tiers_[i - 1].minHours || tiers_[i].discountBps < tiers_[i - 1].discountBps))
            {
                revert TiersNotAscending(i);
            }
            tiers[i] = tiers_[i];
        }
        emit DiscountTiersChanged(tiers_);
    }

    function _policy(uint32 policyId) private view returns (Policy storage) {
        if (policyId == 0 || policyId > lastPolicyId) revert PolicyNotFound(policyId);
        return policies[policyId];
    }

    function _max(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a : b;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
