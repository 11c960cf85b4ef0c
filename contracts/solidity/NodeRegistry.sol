// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./GridTypes.sol";
import "./Interfaces.sol";

/// @title NodeRegistry: provider machines, their capacity, uptime and downtime.
/// @notice A node registers itself with its own account (which must own a twin) in a farm. The registry keeps total
///         and used capacity (only Reservations changes "used"), uptime reports and a per-node cumulative downtime
///         counter that billing reads in O(1). Node ids start at 1.
/// @dev Downtime: a report at time t after the previous one at `last` adds max(0, t - last - uptimeInterval); an
///      ongoing gap counts provisionally, so downtime(t) = cumulative + max(0, t - last - uptimeInterval) is a
///      continuous, non-decreasing function of time and a settlement may subtract downtime(now) - downtime(then).
contract NodeRegistry is INodeRegistry {
    /// @notice A node as stored.
    struct Node {
        uint32 farmId;
        uint32 twinId;
        address account;
        bool approved;
        bool banned;
        PowerState power;
        Resources total;
        Resources used;
        bytes32 x25519Key;
        uint64 registeredAt;
        uint64 lastUptimeReport;
        uint64 cumulativeDowntime;
        uint64 rentContractId;
        uint32 activeContracts;
        Location location;
        string serial;
    }

    /// @notice The longest serial number, country or city accepted, in bytes.
    uint256 public constant MAX_TEXT_LENGTH = 64;

    bool private initialized;
    ITwinRegistry private twinRegistry;
    IFarmRegistry private farmRegistry;
    address private reservations;
    /// @notice Longest allowed gap between two uptime reports before the excess counts as downtime (seconds).
    uint64 public uptimeInterval;
    /// @notice Shortest allowed gap between two uptime reports of a node (seconds): the rate limit.
    uint64 public minReportInterval;

    mapping(uint32 => Node) private nodes;
    mapping(address => uint32) private nodeIds;
    // One storage slot per element (not packed): every push writes a fresh slot, so registering costs the
    // same gas whatever the farm's size (packed arrays cost more on every eighth push).
    mapping(uint32 => uint256[]) private farmNodes;
    uint32 private lastNodeId;

    /// @notice The registry was set up.
    event NodeRegistryInitialized(
        address twinRegistry, address farmRegistry, address reservations, uint64 uptimeInterval, uint64 minReportInterval
    );
    /// @notice A node registered itself in a farm.
    event NodeRegistered(
        uint32 indexed nodeId,
        uint32 indexed farmId,
        uint32 twinId,
        address account,
        Resources total,
        bytes32 x25519Key,
        Location location,
        string serial
    );
    /// @notice A node changed its capacity, key, location or serial.
    event NodeUpdated(uint32 indexed nodeId, Resources total, bytes32 x25519Key, Location location, string serial);
    /// @notice A node reported uptime; `addedDowntime` is the part of the gap beyond uptimeInterval.
    event UptimeReported(
        uint32 indexed nodeId, uint64 timestamp, uint64 uptime, uint64 addedDowntime, uint64 cumulativeDowntime
    );
    /// @notice The node's power state changed.
    event PowerStateChanged(uint32 indexed nodeId, PowerState power, address by);
    /// @notice The farmer approved, banned or unbanned the node.
    event NodeStandingChanged(uint32 indexed nodeId, bool approved, bool banned);
    /// @notice Reservations changed the node's used capacity.
    event NodeCapacityUsed(uint32 indexed nodeId, Resources used, uint32 activeContracts);
    /// @notice The node was rented (rentContractId != 0) or released from its rent (0).
    event NodeRentChanged(uint32 indexed nodeId, uint64 rentContractId);

    /// @notice The account already registered node `nodeId`.
    error NodeAlreadyRegistered(address account, uint32 nodeId);
    /// @notice No node has this id.
    error NodeNotFound(uint32 nodeId);
    /// @notice The farm does not exist.
    error FarmNotFound(uint32 farmId);
    /// @notice The caller is not the node's own account.
    error NotNodeAccount(uint32 nodeId, address caller);
    /// @notice The caller is neither the node's account nor its farmer.
    error NotNodeOrFarmer(uint32 nodeId, address caller);
    /// @notice A node must declare some cores and memory.
    error EmptyCapacity();
    /// @notice Coordinates outside [-90, 90] x [-180, 180] degrees.
    error InvalidCoordinates(int32 latitudeE6, int32 longitudeE6);
    /// @notice A new total would be below what contracts already use.
    error CapacityBelowUsed(uint32 nodeId, Resource resource, uint64 used, uint64 newTotal);
    /// @notice Reservations tried to use more than the total or release more than used (a bug guard).
    error CapacityAccountingViolated(uint32 nodeId, Resource resource);
    /// @notice Uptime reports are rate-limited: the next one is accepted from `nextAllowedAt`.
    error UptimeReportTooSoon(uint32 nodeId, uint64 nextAllowedAt);

    modifier onlyReservations() {
        if (msg.sender != reservations) revert Unauthorized(msg.sender, reservations);
        _;
    }

    /// @notice One-time setup; the genesis builder calls it in the genesis state (see docs/contracts.md).
    /// @param twinRegistry_ the TwinRegistry address
    /// @param farmRegistry_ the FarmRegistry address (approval and ban calls come from it)
    /// @param reservations_ the Reservations address (the only writer of used capacity)
    /// @param uptimeInterval_ the longest report gap that is not downtime, in seconds
    /// @param minReportInterval_ the shortest allowed gap between two reports, in seconds
    function initialize(
        address twinRegistry_,
        address farmRegistry_,
        address reservations_,
        uint64 uptimeInterval_,
        uint64 minReportInterval_
    ) external {
        if (initialized) revert AlreadyInitialized();
        initialized = true;
        twinRegistry = ITwinRegistry(twinRegistry_);
        farmRegistry = IFarmRegistry(farmRegistry_);
        reservations = reservations_;
        uptimeInterval = uptimeInterval_;
        minReportInterval = minReportInterval_;
        emit NodeRegistryInitialized(twinRegistry_, farmRegistry_, reservations_, uptimeInterval_, minReportInterval_);
    }

    /// @notice Registers the calling account as a node of `farmId`; it needs the farmer's approval before it takes
    ///         contracts. The registration counts as the first uptime report.
    /// @param farmId the farm the node belongs to
    /// @param total the node's total capacity (cru > 0 and mru > 0)
    /// @param x25519Key the node's X25519 public key that deployments are encrypted to
    /// @param location country, city and coordinates
    /// @param serial the machine serial number
    /// @return nodeId the new node id
    function registerNode(
        uint32 farmId,
        Resources calldata total,
        bytes32 x25519Key,
        Location calldata location,
        string calldata serial
    ) external returns (uint32 nodeId) {
        if (!initialized) revert NotInitialized();
        uint32 existing = nodeIds[msg.sender];
        if (existing != 0) revert NodeAlreadyRegistered(msg.sender, existing);
        uint32 twinId = twinRegistry.twinIdOf(msg.sender);
        if (twinId == 0) revert TwinNotFound(msg.sender);
        if (!farmRegistry.farmExists(farmId)) revert FarmNotFound(farmId);
        _checkNodeFields(total, x25519Key, location, serial);

        nodeId = ++lastNodeId;
        Node storage n = nodes[nodeId];
        n.farmId = farmId;
        n.twinId = twinId;
        n.account = msg.sender;
        n.total = total;
        n.x25519Key = x25519Key;
        n.registeredAt = uint64(block.timestamp);
        n.lastUptimeReport = uint64(block.timestamp);
        n.location = location;
        n.serial = serial;
        nodeIds[msg.sender] = nodeId;
        farmNodes[farmId].push(nodeId);
        emit NodeRegistered(nodeId, farmId, twinId, msg.sender, total, x25519Key, location, serial);
    }

    /// @notice Updates the calling node's capacity, key, location and serial; the new total may not be below the
    ///         capacity its contracts use.
    /// @param total the new total capacity
    /// @param x25519Key the new X25519 public key
    /// @param location the new location
    /// @param serial the new serial number
    function updateNode(
        Resources calldata total,
        bytes32 x25519Key,
        Location calldata location,
        string calldata serial
    ) external {
        uint32 nodeId = _ownNode();
        Node storage n = nodes[nodeId];
        _checkNodeFields(total, x25519Key, location, serial);
        Resources memory used = n.used;
        if (total.cru < used.cru) revert CapacityBelowUsed(nodeId, Resource.CRU, used.cru, total.cru);
        if (total.mru < used.mru) revert CapacityBelowUsed(nodeId, Resource.MRU, used.mru, total.mru);
        if (total.sru < used.sru) revert CapacityBelowUsed(nodeId, Resource.SRU, used.sru, total.sru);
        if (total.hru < used.hru) revert CapacityBelowUsed(nodeId, Resource.HRU, used.hru, total.hru);
        n.total = total;
        n.x25519Key = x25519Key;
        n.location = location;
        n.serial = serial;
        emit NodeUpdated(nodeId, total, x25519Key, location, serial);
    }

    /// @notice Uptime report of the calling node (signed by the node's own key, as its transaction), at most one per
    ///         minReportInterval. A gap longer than uptimeInterval since the last report adds its excess to the
    ///         node's cumulative downtime.
    /// @param uptime seconds since the node booted, as the node reports it (recorded in the event)
    function reportUptime(uint64 uptime) external {
        uint32 nodeId = _ownNode();
        Node storage n = nodes[nodeId];
        uint64 last = n.lastUptimeReport;
        uint64 nextAllowed = last + minReportInterval;
        if (block.timestamp < nextAllowed) revert UptimeReportTooSoon(nodeId, nextAllowed);
        uint64 added = _gapDowntime(last, block.timestamp);
        uint64 cumulative = n.cumulativeDowntime + added;
        n.cumulativeDowntime = cumulative;
        n.lastUptimeReport = uint64(block.timestamp);
        emit UptimeReported(nodeId, uint64(block.timestamp), uptime, added, cumulative);
    }

    /// @notice Sets the node's power state (the node itself, or its farmer for standby management). A node that is
    ///         Down takes no new contracts.
    /// @param nodeId the node
    /// @param power the new power state
    function setPowerState(uint32 nodeId, PowerState power) external {
        Node storage n = _node(nodeId);
        if (msg.sender != n.account && msg.sender != farmRegistry.farmOwnerAccount(n.farmId)) {
            revert NotNodeOrFarmer(nodeId, msg.sender);
        }
        n.power = power;
        emit PowerStateChanged(nodeId, power, msg.sender);
    }

    /// @inheritdoc INodeRegistry
    function setStanding(uint32 nodeId, bool approved, bool banned) external {
        if (msg.sender != address(farmRegistry)) revert Unauthorized(msg.sender, address(farmRegistry));
        Node storage n = _node(nodeId);
        n.approved = approved;
        n.banned = banned;
        emit NodeStandingChanged(nodeId, approved, banned);
    }

    /// @inheritdoc INodeRegistry
    function reserve(uint32 nodeId, Resources calldata amount) external onlyReservations {
        Node storage n = _node(nodeId);
        Resources memory used = n.used;
        Resources memory total = n.total;
        used.cru += amount.cru;
        used.mru += amount.mru;
        used.sru += amount.sru;
        used.hru += amount.hru;
        _checkWithin(nodeId, used, total);
        n.used = used;
        uint32 active = n.activeContracts + 1;
        n.activeContracts = active;
        emit NodeCapacityUsed(nodeId, used, active);
    }

    /// @inheritdoc INodeRegistry
    function release(uint32 nodeId, Resources calldata amount) external onlyReservations {
        Node storage n = _node(nodeId);
        Resources memory used = n.used;
        if (used.cru < amount.cru) revert CapacityAccountingViolated(nodeId, Resource.CRU);
        if (used.mru < amount.mru) revert CapacityAccountingViolated(nodeId, Resource.MRU);
        if (used.sru < amount.sru) revert CapacityAccountingViolated(nodeId, Resource.SRU);
        if (used.hru < amount.hru) revert CapacityAccountingViolated(nodeId, Resource.HRU);
        used.cru -= amount.cru;
        used.mru -= amount.mru;
        used.sru -= amount.sru;
        used.hru -= amount.hru;
        n.used = used;
        uint32 active = n.activeContracts - 1;
        n.activeContracts = active;
        emit NodeCapacityUsed(nodeId, used, active);
    }

    /// @inheritdoc INodeRegistry
    function resize(uint32 nodeId, Resources calldata oldAmount, Resources calldata newAmount)
        external
        onlyReservations
    {
        Node storage n = _node(nodeId);
        Resources memory used = n.used;
        if (used.cru < oldAmount.cru) revert CapacityAccountingViolated(nodeId, Resource.CRU);
        if (used.mru < oldAmount.mru) revert CapacityAccountingViolated(nodeId, Resource.MRU);
        if (used.sru < oldAmount.sru) revert CapacityAccountingViolated(nodeId, Resource.SRU);
        if (used.hru < oldAmount.hru) revert CapacityAccountingViolated(nodeId, Resource.HRU);
        used.cru = used.cru - oldAmount.cru + newAmount.cru;
        used.mru = used.mru - oldAmount.mru + newAmount.mru;
        used.sru = used.sru - oldAmount.sru + newAmount.sru;
        used.hru = used.hru - oldAmount.hru + newAmount.hru;
        _checkWithin(nodeId, used, n.total);
        n.used = used;
        emit NodeCapacityUsed(nodeId, used, n.activeContracts);
    }

    /// @inheritdoc INodeRegistry
    function setRentContract(uint32 nodeId, uint64 rentContractId) external onlyReservations {
        _node(nodeId).rentContractId = rentContractId;
        emit NodeRentChanged(nodeId, rentContractId);
    }

    /// @inheritdoc INodeRegistry
    function nodeStatus(uint32 nodeId) external view returns (NodeStatus memory s) {
        Node storage n = nodes[nodeId];
        if (n.account == address(0)) return s;
        s.exists = true;
        s.approved = n.approved;
        s.banned = n.banned;
        s.online = block.timestamp <= uint256(n.lastUptimeReport) + uptimeInterval;
        s.power = n.power;
        s.farmId = n.farmId;
        s.twinId = n.twinId;
        s.account = n.account;
        s.lastUptimeReport = n.lastUptimeReport;
        s.rentContractId = n.rentContractId;
        s.activeContracts = n.activeContracts;
        s.downtime = n.cumulativeDowntime + _gapDowntime(n.lastUptimeReport, block.timestamp);
        s.total = n.total;
        s.used = n.used;
    }

    /// @inheritdoc INodeRegistry
    function downtimeOf(uint32 nodeId) external view returns (uint64) {
        Node storage n = _node(nodeId);
        return n.cumulativeDowntime + _gapDowntime(n.lastUptimeReport, block.timestamp);
    }

    /// @inheritdoc INodeRegistry
    function farmOf(uint32 nodeId) external view returns (uint32) {
        return nodes[nodeId].farmId;
    }

    /// @notice A node by id; reverts with NodeNotFound for an unknown id.
    /// @param nodeId the node id
    /// @return the stored node
    function getNode(uint32 nodeId) external view returns (Node memory) {
        return _node(nodeId);
    }

    /// @notice The node id registered by `account`, 0 if none.
    /// @param account any account
    /// @return the node id or 0
    function nodeIdOf(address account) external view returns (uint32) {
        return nodeIds[account];
    }

    /// @notice How many nodes exist; ids run from 1 to this number.
    /// @return the number of nodes
    function nodeCount() external view returns (uint32) {
        return lastNodeId;
    }

    /// @notice How many nodes a farm has.
    /// @param farmId the farm
    /// @return the number of nodes in the farm
    function farmNodeCount(uint32 farmId) external view returns (uint256) {
        return farmNodes[farmId].length;
    }

    /// @notice A page of nodes in id order: ids offset+1 .. offset+limit.
    /// @param offset how many nodes to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return page the nodes
    function getNodes(uint256 offset, uint256 limit) external view returns (Node[] memory page) {
        (uint256 start, uint256 end) = Pages.window(offset, limit, lastNodeId);
        page = new Node[](end - start);
        for (uint256 i = start; i < end; i++) {
            page[i - start] = nodes[uint32(i + 1)];
        }
    }

    /// @notice A page of a farm's node ids, in registration order.
    /// @param farmId the farm
    /// @param offset how many of the farm's nodes to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return ids the node ids
    function getFarmNodes(uint32 farmId, uint256 offset, uint256 limit) external view returns (uint32[] memory ids) {
        uint256[] storage all = farmNodes[farmId];
        (uint256 start, uint256 end) = Pages.window(offset, limit, all.length);
        ids = new uint32[](end - start);
        for (uint256 i = start; i < end; i++) {
            ids[i - start] = uint32(all[i]);
        }
    }

    /// @notice Search helper: among node ids offset+1 .. offset+limit, those that can take a node contract with
    ///         `required` resources now (approved, not banned, online, powered up, not rented, enough free capacity).
    ///         Callers page through the id space; this is a view and never runs in a transaction.
    /// @param required the resources a deployment needs
    /// @param offset how many node ids to skip
    /// @param limit how many node ids to inspect (at most Pages.MAX_PAGE)
    /// @return ids the matching node ids
    function findNodes(Resources calldata required, uint256 offset, uint256 limit)
        external
        view
        returns (uint32[] memory ids)
    {
        (uint256 start, uint256 end) = Pages.window(offset, limit, lastNodeId);
        ids = new uint32[](end - start);
        uint256 found;
        for (uint256 i = start; i < end; i++) {
            uint32 nodeId = uint32(i + 1);
            if (_fits(nodes[nodeId], required)) {
                ids[found++] = nodeId;
            }
        }
        assembly ("memory-safe") {
            mstore(ids, found)
        }
    }

    function _fits(Node storage n, Resources calldata r) private view returns (bool) {
        if (!n.approved || n.banned || n.power != PowerState.Up || n.rentContractId != 0) return false;
        if (block.timestamp > uint256(n.lastUptimeReport) + uptimeInterval) return false;
        Resources memory t = n.total;
        Resources memory u = n.used;
        return t.cru - u.cru >= r.cru && t.mru - u.mru >= r.mru && t.sru - u.sru >= r.sru && t.hru - u.hru >= r.hru;
    }

    function _gapDowntime(uint64 last, uint256 t) private view returns (uint64) {
        uint256 allowedUntil = uint256(last) + uptimeInterval;
        return t > allowedUntil ? uint64(t - allowedUntil) : 0;
    }

    function _checkWithin(uint32 nodeId, Resources memory used, Resources memory total) private pure {
        if (used.cru > total.cru) revert CapacityAccountingViolated(nodeId, Resource.CRU);
        if (used.mru > total.mru) revert CapacityAccountingViolated(nodeId, Resource.MRU);
        if (used.sru > total.sru) revert CapacityAccountingViolated(nodeId, Resource.SRU);
        if (used.hru > total.hru) revert CapacityAccountingViolated(nodeId, Resource.HRU);
    }

    function _checkNodeFields(
        Resources calldata total,
        bytes32 x25519Key,
        Location calldata location,
        string calldata serial
    ) private pure {
        if (total.cru == 0 || total.mru == 0) revert EmptyCapacity();
        if (x25519Key == bytes32(0)) revert InvalidPublicKey();
        if (
            location.latitudeE6 < -90_000_000 || location.latitudeE6 > 90_000_000
                || location.longitudeE6 < -180_000_000 || location.longitudeE6 > 180_000_000
        ) revert InvalidCoordinates(location.latitudeE6, location.longitudeE6);
        _checkText("country", bytes(location.country).length);
        _checkText("city", bytes(location.city).length);
        _checkText("serial", bytes(serial).length);
    }

    function _checkText(string memory field, uint256 length) private pure {
        if (length > MAX_TEXT_LENGTH) revert FieldTooLong(field, length, MAX_TEXT_LENGTH);
    }

    function _ownNode() private view returns (uint32 nodeId) {
        nodeId = nodeIds[msg.sender];
        if (nodeId == 0) revert NotNodeAccount(0, msg.sender);
    }

    function _node(uint32 nodeId) private view returns (Node storage n) {
        n = nodes[nodeId];
        if (n.account == address(0)) revert NodeNotFound(nodeId);
    }
}
