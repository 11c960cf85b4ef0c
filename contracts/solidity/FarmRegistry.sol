// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./GridTypes.sol";
import "./Interfaces.sol";

/// @title FarmRegistry: farms, their public IPv4 pools, and the farmer's approval and ban of nodes.
/// @notice A farm is owned by a twin, has a unique name, a pricing policy and a payout address. Its public IPs sit in
///         a pool from which Reservations takes and returns addresses in O(1) (a stack of free IP ids). Farm ids
///         and per-farm IP ids start at 1.
contract FarmRegistry is IFarmRegistry {
    /// @notice A farm as stored.
    struct Farm {
        uint32 twinId;
        uint32 pricingPolicyId;
        bool certified;
        address payout;
        string name;
    }

    /// @notice A public IPv4 address of a farm; contractId 0 means free.
    struct PublicIp {
        bytes4 ip;
        uint8 prefixLength;
        bytes4 gateway;
        bool exists;
        uint64 contractId;
    }

    /// @notice Farm names are 3 to 40 characters of [A-Za-z0-9_-].
    uint256 public constant MIN_NAME_LENGTH = 3;
    uint256 public constant MAX_NAME_LENGTH = 40;
    /// @notice The most public IPs one call may allocate.
    uint256 public constant MAX_IPS_PER_CONTRACT = 16;

    bool private initialized;
    address public governance;
    ITwinRegistry private twinRegistry;
    INodeRegistry private nodeRegistry;
    IPricingPolicy private pricingPolicy;
    address private reservations;

    mapping(uint32 => Farm) private farms;
    mapping(bytes32 => uint32) private farmIdsByName;
    uint32 private lastFarmId;

    mapping(uint32 => PublicIp[]) private publicIps; // index i holds IP id i + 1
    mapping(uint32 => uint256[]) private freeIps; // stack of free IP ids, one slot each: constant gas per push/pop
    mapping(uint32 => mapping(uint32 => uint256)) private freeSlot; // IP id => position in freeIps + 1
    mapping(bytes4 => uint32) private ipFarm; // an address belongs to at most one farm

    /// @notice The registry was set up.
    event FarmRegistryInitialized(
        address governance, address twinRegistry, address nodeRegistry, address pricingPolicy, address reservations
    );
    /// @notice A farm was created.
    event FarmCreated(uint32 indexed farmId, uint32 indexed twinId, string name, uint32 pricingPolicyId, address payout);
    /// @notice The farm's pricing policy changed.
    event FarmPricingPolicyChanged(uint32 indexed farmId, uint32 pricingPolicyId);
    /// @notice The farm's payout address changed.
    event FarmPayoutChanged(uint32 indexed farmId, address payout);
    /// @notice Governance certified or uncertified the farm.
    event FarmCertificationChanged(uint32 indexed farmId, bool certified);
    /// @notice A public IP joined the farm's pool.
    event PublicIpAdded(uint32 indexed farmId, uint32 indexed ipId, bytes4 ip, uint8 prefixLength, bytes4 gateway);
    /// @notice A free public IP left the farm's pool.
    event PublicIpRemoved(uint32 indexed farmId, uint32 indexed ipId, bytes4 ip);
    /// @notice A public IP was assigned to a contract.
    event PublicIpReserved(uint32 indexed farmId, uint32 indexed ipId, uint64 indexed contractId);
    /// @notice A public IP went back to the free pool.
    event PublicIpReleased(uint32 indexed farmId, uint32 indexed ipId, uint64 indexed contractId);
    /// @notice Governance handed over to a new address.
    event GovernanceTransferred(address previous, address next);

    /// @notice Another farm already has this name.
    error FarmNameTaken(string name, uint32 farmId);
    /// @notice No farm has this id.
    error FarmNotFound(uint32 farmId);
    /// @notice The caller is not the account of the farm's owner twin.
    error NotFarmOwner(uint32 farmId, address caller);
    /// @notice The pricing policy does not exist.
    error PricingPolicyNotFound(uint32 policyId);
    /// @notice An address of zero or a prefix outside 1..32.
    error InvalidPublicIp(bytes4 ip, uint8 prefixLength);
    /// @notice The address is already in farm `farmId`'s pool.
    error PublicIpExists(bytes4 ip, uint32 farmId);
    /// @notice No such IP id in the farm.
    error PublicIpNotFound(uint32 farmId, uint32 ipId);
    /// @notice The IP is assigned to a contract and cannot be removed.
    error PublicIpInUse(uint32 farmId, uint32 ipId, uint64 contractId);
    /// @notice The farm has `free` public IPs, `requested` were asked for.
    error InsufficientPublicIps(uint32 farmId, uint256 free, uint256 requested);
    /// @notice The node belongs to another farm than the caller's.
    error NodeNotInFarm(uint32 nodeId, uint32 farmId);
    /// @notice The payout address may not be zero.
    error ZeroAddress();

    modifier onlyReservations() {
        if (msg.sender != reservations) revert Unauthorized(msg.sender, reservations);
        _;
    }

    /// @notice One-time setup; the genesis builder calls it in the genesis state (see docs/contracts.md).
    /// @param governance_ the account allowed to certify farms
    /// @param twinRegistry_ the TwinRegistry address
    /// @param nodeRegistry_ the NodeRegistry address
    /// @param pricingPolicy_ the PricingPolicy address
    /// @param reservations_ the Reservations address (the only caller of allocate/release)
    function initialize(
        address governance_,
        address twinRegistry_,
        address nodeRegistry_,
        address pricingPolicy_,
        address reservations_
    ) external {
        if (initialized) revert AlreadyInitialized();
        initialized = true;
        governance = governance_;
        twinRegistry = ITwinRegistry(twinRegistry_);
        nodeRegistry = INodeRegistry(nodeRegistry_);
        pricingPolicy = IPricingPolicy(pricingPolicy_);
        reservations = reservations_;
        emit FarmRegistryInitialized(governance_, twinRegistry_, nodeRegistry_, pricingPolicy_, reservations_);
    }

    /// @notice Creates a farm owned by the caller's twin; earnings go to the caller until setPayout changes it.
    /// @param name a unique name: 3..40 characters of [A-Za-z0-9_-]
    /// @param pricingPolicyId an existing pricing policy
    /// @return farmId the new farm id
    function createFarm(string calldata name, uint32 pricingPolicyId) external returns (uint32 farmId) {
        if (!initialized) revert NotInitialized();
        uint32 twinId = twinRegistry.twinIdOf(msg.sender);
        if (twinId == 0) revert TwinNotFound(msg.sender);
        _checkFarmName(name);
        bytes32 key = keccak256(bytes(name));
        uint32 taken = farmIdsByName[key];
        if (taken != 0) revert FarmNameTaken(name, taken);
        if (!pricingPolicy.policyExists(pricingPolicyId)) revert PricingPolicyNotFound(pricingPolicyId);
        farmId = ++lastFarmId;
        farms[farmId] =
            Farm({twinId: twinId, pricingPolicyId: pricingPolicyId, certified: false, payout: msg.sender, name: name});
        farmIdsByName[key] = farmId;
        emit FarmCreated(farmId, twinId, name, pricingPolicyId, msg.sender);
    }

    /// @notice Changes the farm's pricing policy; contracts already created keep their rate until updated.
    /// @param farmId the farm (caller must own it)
    /// @param pricingPolicyId an existing pricing policy
    function setPricingPolicy(uint32 farmId, uint32 pricingPolicyId) external {
        _ownFarm(farmId);
        if (!pricingPolicy.policyExists(pricingPolicyId)) revert PricingPolicyNotFound(pricingPolicyId);
        farms[farmId].pricingPolicyId = pricingPolicyId;
        emit FarmPricingPolicyChanged(farmId, pricingPolicyId);
    }

    /// @notice Changes where the farm's earnings are credited.
    /// @param farmId the farm (caller must own it)
    /// @param payout the new payout account (not zero)
    function setPayout(uint32 farmId, address payout) external {
        _ownFarm(farmId);
        if (payout == address(0)) revert ZeroAddress();
        farms[farmId].payout = payout;
        emit FarmPayoutChanged(farmId, payout);
    }

    /// @notice Certifies or uncertifies a farm (governance only).
    /// @param farmId the farm
    /// @param certified the new flag
    function setCertified(uint32 farmId, bool certified) external {
        if (msg.sender != governance) revert Unauthorized(msg.sender, governance);
        _farm(farmId).certified = certified;
        emit FarmCertificationChanged(farmId, certified);
    }

    /// @notice Hands governance to another address (governance only).
    /// @param next the new governance address
    function transferGovernance(address next) external {
        if (msg.sender != governance) revert Unauthorized(msg.sender, governance);
        if (next == address(0)) revert ZeroAddress();
        emit GovernanceTransferred(governance, next);
        governance = next;
    }

    /// @notice Adds a public IPv4 address with its gateway to the farm's pool.
    /// @param farmId the farm (caller must own it)
    /// @param ip the address
    /// @param prefixLength the subnet prefix length, 1..32
    /// @param gateway the gateway address
    /// @return ipId the IP's id within the farm
    function addPublicIp(uint32 farmId, bytes4 ip, uint8 prefixLength, bytes4 gateway) external returns (uint32 ipId) {
        _ownFarm(farmId);
        if (ip == bytes4(0) || prefixLength == 0 || prefixLength > 32) revert InvalidPublicIp(ip, prefixLength);
        uint32 holder = ipFarm[ip];
        if (holder != 0) revert PublicIpExists(ip, holder);
        publicIps[farmId].push(
            PublicIp({ip: ip, prefixLength: prefixLength, gateway: gateway, exists: true, contractId: 0})
        );
        ipId = uint32(publicIps[farmId].length);
        ipFarm[ip] = farmId;
        _pushFree(farmId, ipId);
        emit PublicIpAdded(farmId, ipId, ip, prefixLength, gateway);
    }

    /// @notice Removes a free public IP from the farm's pool (an IP in use must be released first).
    /// @param farmId the farm (caller must own it)
    /// @param ipId the IP's id within the farm
    function removePublicIp(uint32 farmId, uint32 ipId) external {
        _ownFarm(farmId);
        PublicIp storage p = _ip(farmId, ipId);
        if (p.contractId != 0) revert PublicIpInUse(farmId, ipId, p.contractId);
        // Swap-and-pop the id out of the free stack: O(1).
        uint256[] storage stack = freeIps[farmId];
        uint256 slot = freeSlot[farmId][ipId] - 1;
        uint32 moved = uint32(stack[stack.length - 1]);
        stack[slot] = moved;
        freeSlot[farmId][moved] = slot + 1;
        stack.pop();
        delete freeSlot[farmId][ipId];
        p.exists = false;
        delete ipFarm[p.ip];
        emit PublicIpRemoved(farmId, ipId, p.ip);
    }

    /// @notice Approves a node of the caller's farm so it can take contracts (and lifts a ban).
    /// @param nodeId the node
    function approveNode(uint32 nodeId) external {
        _ownFarmOfNode(nodeId);
        nodeRegistry.setStanding(nodeId, true, false);
    }

    /// @notice Bans a node of the caller's farm: it takes no new contracts; running ones are not touched.
    /// @param nodeId the node
    function banNode(uint32 nodeId) external {
        _ownFarmOfNode(nodeId);
        nodeRegistry.setStanding(nodeId, false, true);
    }

    /// @inheritdoc IFarmRegistry
    function allocatePublicIps(uint32 farmId, uint256 count, uint64 contractId)
        external
        onlyReservations
        returns (uint32[] memory ipIds)
    {
        if (count > MAX_IPS_PER_CONTRACT) revert InsufficientPublicIps(farmId, MAX_IPS_PER_CONTRACT, count);
        uint256[] storage stack = freeIps[farmId];
        if (count > stack.length) revert InsufficientPublicIps(farmId, stack.length, count);
        ipIds = new uint32[](count);
        for (uint256 i = 0; i < count; i++) {
            uint32 ipId = uint32(stack[stack.length - 1]);
            stack.pop();
            delete freeSlot[farmId][ipId];
            publicIps[farmId][ipId - 1].contractId = contractId;
            ipIds[i] = ipId;
            emit PublicIpReserved(farmId, ipId, contractId);
        }
    }

    /// @inheritdoc IFarmRegistry
    function releasePublicIps(uint32 farmId, uint32[] calldata ipIds) external onlyReservations {
        for (uint256 i = 0; i < ipIds.length; i++) {
            PublicIp storage p = publicIps[farmId][ipIds[i] - 1];
            uint64 contractId = p.contractId;
            p.contractId = 0;
            _pushFree(farmId, ipIds[i]);
            emit PublicIpReleased(farmId, ipIds[i], contractId);
        }
    }

    /// @inheritdoc IFarmRegistry
    function farmExists(uint32 farmId) external view returns (bool) {
        return farmId != 0 && farmId <= lastFarmId;
    }

    /// @inheritdoc IFarmRegistry
    function farmOwnerAccount(uint32 farmId) external view returns (address) {
        return twinRegistry.accountOf(farms[farmId].twinId);
    }

    /// @inheritdoc IFarmRegistry
    function farmBilling(uint32 farmId) external view returns (address payout, uint32 pricingPolicyId) {
        Farm storage f = farms[farmId];
        return (f.payout, f.pricingPolicyId);
    }

    /// @inheritdoc IFarmRegistry
    function freePublicIpCount(uint32 farmId) external view returns (uint32) {
        return uint32(freeIps[farmId].length);
    }

    /// @notice A farm by id; reverts with FarmNotFound for an unknown id.
    /// @param farmId the farm id
    /// @return the stored farm
    function getFarm(uint32 farmId) external view returns (Farm memory) {
        return _farm(farmId);
    }

    /// @notice The id of the farm with this exact name, 0 if none.
    /// @param name a farm name
    /// @return the farm id or 0
    function farmIdByName(string calldata name) external view returns (uint32) {
        return farmIdsByName[keccak256(bytes(name))];
    }

    /// @notice How many farms exist; ids run from 1 to this number.
    /// @return the number of farms
    function farmCount() external view returns (uint32) {
        return lastFarmId;
    }

    /// @notice A page of farms in id order: ids offset+1 .. offset+limit.
    /// @param offset how many farms to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return page the farms
    function getFarms(uint256 offset, uint256 limit) external view returns (Farm[] memory page) {
        (uint256 start, uint256 end) = Pages.window(offset, limit, lastFarmId);
        page = new Farm[](end - start);
        for (uint256 i = start; i < end; i++) {
            page[i - start] = farms[uint32(i + 1)];
        }
    }

    /// @notice A page of the farm's public IPs by IP id (ids offset+1 .. offset+limit; removed ones have exists=false).
    /// @param farmId the farm
    /// @param offset how many IP ids to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return page the IP entries
    function getPublicIps(uint32 farmId, uint256 offset, uint256 limit) external view returns (PublicIp[] memory page) {
        PublicIp[] storage all = publicIps[farmId];
        (uint256 start, uint256 end) = Pages.window(offset, limit, all.length);
        page = new PublicIp[](end - start);
        for (uint256 i = start; i < end; i++) {
            page[i - start] = all[i];
        }
    }

    /// @notice One public IP of a farm.
    /// @param farmId the farm
    /// @param ipId the IP id within the farm
    /// @return the IP entry
    function getPublicIp(uint32 farmId, uint32 ipId) external view returns (PublicIp memory) {
        return _ip(farmId, ipId);
    }

    function _pushFree(uint32 farmId, uint32 ipId) private {
        freeIps[farmId].push(ipId);
        freeSlot[farmId][ipId] = freeIps[farmId].length;
    }

    function _ownFarmOfNode(uint32 nodeId) private view {
        uint32 farmId = nodeRegistry.farmOf(nodeId);
        if (farmId == 0) revert NodeNotInFarm(nodeId, 0);
        if (twinRegistry.twinIdOf(msg.sender) != farms[farmId].twinId) revert NotFarmOwner(farmId, msg.sender);
    }

    function _ownFarm(uint32 farmId) private view {
        Farm storage f = _farm(farmId);
        if (twinRegistry.twinIdOf(msg.sender) != f.twinId) revert NotFarmOwner(farmId, msg.sender);
    }

    function _farm(uint32 farmId) private view returns (Farm storage f) {
        if (farmId == 0 || farmId > lastFarmId) revert FarmNotFound(farmId);
        f = farms[farmId];
    }

    function _ip(uint32 farmId, uint32 ipId) private view returns (PublicIp storage p) {
        PublicIp[] storage all = publicIps[farmId];
        if (ipId == 0 || ipId > all.length || !all[ipId - 1].exists) revert PublicIpNotFound(farmId, ipId);
        p = all[ipId - 1];
    }

    function _checkFarmName(string calldata name) private pure {
        bytes calldata b = bytes(name);
        if (b.length < MIN_NAME_LENGTH || b.length > MAX_NAME_LENGTH) {
            revert InvalidNameLength(b.length, MIN_NAME_LENGTH, MAX_NAME_LENGTH);
        }
        for (uint256 i = 0; i < b.length; i++) {
            bytes1 c = b[i];
            bool ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-";
            if (!ok) revert InvalidNameCharacter(i, c);
        }
    }
}
