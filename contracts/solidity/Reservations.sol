// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./GridTypes.sol";
import "./Interfaces.sol";

/// @title Reservations: node, rent and name contracts with escrow and lazy O(1) billing.
/// @notice Every contract holds its own escrow. `settle(id)`, callable by anyone, bills the time since the last
///         settlement at the contract's fixed hourly rate, minus the node's downtime over that time, plus reported
///         network traffic; the farm's share and the protocol fee are credited for withdrawal (pull payments). When
///         the escrow cannot cover the next billing period the contract enters GracePeriod (the node pauses the
///         workload and no time is billed); a top-up resumes it; once the grace window has passed, anyone's
///         `settle` deletes it, releasing capacity, public IPs or the name, and refunding what is left.
///         Contract ids start at 1. See docs/contracts.md for the lifecycle and the billing formula.
contract Reservations is ReentrancyLock {
    /// @notice What a contract reserves.
    enum ContractKind {
        Node,
        Rent,
        Name
    }

    /// @notice Lifecycle: Created -> GracePeriod -> (Created | Deleted); Created -> Deleted.
    enum ContractState {
        None,
        Created,
        GracePeriod,
        Deleted
    }

    /// @notice Why a contract was deleted.
    enum DeleteReason {
        Cancelled,
        GraceExpired,
        RentEnded
    }

    /// @notice A contract as stored.
    struct Contract {
        ContractKind kind;
        ContractState state;
        bool billing; // node contracts bill from a fulfilment until a failure report; rent and name contracts from creation
        uint8 publicIpCount;
        uint32 twinId;
        uint32 nodeId;
        uint32 farmId;
        uint32 policyId;
        uint64 createdAt;
        address owner;
        uint64 lastSettledAt;
        uint64 graceStartedAt;
        uint64 downtimeSnapshot;
        uint64 rentContractId;
        uint64 pendingNetworkBytes;
        uint128 escrow;
        uint128 ratePerHour;
        uint256 carry; // remainder of the last division, in units of 1 / BILLING_DENOMINATOR
        bytes32 deploymentHash; // node contracts: keccak256 of the encrypted deployment; name contracts: of the name
        Resources resources;
    }

    /// @notice What a settlement now would bill (a view for agents and wallets).
    struct Accrual {
        uint256 billableSeconds;
        uint256 downtimeSeconds;
        uint256 networkBytes;
        uint16 discountBps;
        uint256 amount;
    }

    /// @notice Gateway names are 3..63 characters of [a-z0-9-], starting with a letter, not ending with '-'.
    uint256 public constant MIN_NAME_LENGTH = 3;
    uint256 public constant MAX_NAME_LENGTH = 63;
    /// @notice The most public IPs one node contract may reserve.
    uint256 public constant MAX_PUBLIC_IPS = 16;
    uint256 private constant GIB = 1 << 30;
    /// @notice amount = (carry + rate * seconds * (10^4 - discount) * GiB + bytes * nuPrice * 3600 * (10^4 - discount))
    ///         / BILLING_DENOMINATOR; the remainder is carried to the next settlement so no rounding is lost.
    uint256 public constant BILLING_DENOMINATOR = 3600 * 10_000 * GIB;

    bool private initialized;
    ITwinRegistry private twinRegistry;
    IFarmRegistry private farmRegistry;
    INodeRegistry private nodeRegistry;
    IPricingPolicy private pricingPolicy;
    IStakingRewards private staking;
    /// @notice The escrow must cover this many seconds ahead, else the contract enters GracePeriod.
    uint64 public billingPeriod;
    /// @notice How long a contract stays in GracePeriod before settle deletes it, in seconds.
    uint64 public gracePeriod;
    /// @notice The largest encrypted deployment accepted, in bytes.
    uint32 public maxDeploymentBytes;

    mapping(uint64 => Contract) private contracts;
    mapping(uint64 => uint32[]) private contractIps;
    mapping(uint64 => string) private contractNames;
    mapping(bytes32 => uint64) private nameContracts;
    // Unpacked (one slot per id) so that appending costs the same gas at any length.
    mapping(uint32 => uint256[]) private nodeContractIds;
    mapping(uint32 => uint256[]) private twinContractIds;
    uint64 private lastContractId;

    /// @notice Credited and not yet withdrawn, per account (farm earnings and refunds).
    mapping(address => uint256) public withdrawable;
    /// @notice Protocol fees not yet forwarded to the staking reward pool.
    uint256 public feePool;

    /// @notice Audit totals: deposited == escrowed + paidToFarms + fees + refunded at all times.
    uint256 public totalDeposited;
    uint256 public totalEscrowed;
    uint256 public totalPaidToFarms;
    uint256 public totalFees;
    uint256 public totalRefunded;
    /// @notice Billed amounts the escrow could not cover (settle came too late); not part of the value invariant.
    uint256 public totalUnpaid;
    uint256 public totalWithdrawn;
    uint256 public totalForwarded;

    /// @notice The contract was set up.
    event ReservationsInitialized(
        address twinRegistry,
        address farmRegistry,
        address nodeRegistry,
        address pricingPolicy,
        address staking,
        uint64 billingPeriod,
        uint64 gracePeriod,
        uint32 maxDeploymentBytes
    );
    /// @notice A node contract reserved capacity on a node.
    event NodeContractCreated(
        uint64 indexed contractId,
        uint32 indexed twinId,
        uint32 indexed nodeId,
        Resources resources,
        bytes32 deploymentHash,
        uint8 publicIpCount,
        uint256 ratePerHour,
        uint256 deposit
    );
    /// @notice The encrypted deployment for a node (only its hash is stored).
    event DeploymentPublished(
        uint64 indexed contractId, uint32 indexed nodeId, bytes32 deploymentHash, bytes encryptedDeployment
    );
    /// @notice Public IPs (farm IP ids) assigned to a node contract.
    event ContractPublicIps(uint64 indexed contractId, uint32 indexed farmId, uint32[] ipIds);
    /// @notice A node contract was resized or given a new deployment.
    event NodeContractUpdated(
        uint64 indexed contractId, uint32 indexed nodeId, Resources resources, bytes32 deploymentHash, uint256 ratePerHour
    );
    /// @notice A whole node was rented.
    event RentContractCreated(
        uint64 indexed contractId, uint32 indexed twinId, uint32 indexed nodeId, uint256 ratePerHour, uint256 deposit
    );
    /// @notice A gateway name was reserved.
    event NameContractCreated(
        uint64 indexed contractId, uint32 indexed twinId, string name, uint256 ratePerHour, uint256 deposit
    );
    /// @notice The node deployed (or redeployed) the workload; the result is encrypted to the owner's twin key.
    event ContractFulfilled(uint64 indexed contractId, uint32 indexed nodeId, bool billingStarted, bytes encryptedResult);
    /// @notice The node could not deploy or keep running the workload (refused spec, image, resources, OOM kill);
    ///         the reason is encrypted to the owner's twin key. Billing is stopped until the next fulfilment.
    event ContractFailed(uint64 indexed contractId, uint32 indexed nodeId, bytes encryptedResult);
    /// @notice The node reported network traffic, billed as NU at the next settlement.
    event ConsumptionReported(uint64 indexed contractId, uint32 indexed nodeId, uint64 networkBytes, uint64 pendingBytes);
    /// @notice A settlement moved `amount` out of escrow: `farmShare` to the farm, `fee` to the protocol fee pool.
    event ContractSettled(
        uint64 indexed contractId,
        uint256 billableSeconds,
        uint256 downtimeSeconds,
        uint256 networkBytes,
        uint16 discountBps,
        uint256 amount,
        uint256 farmShare,
        uint256 fee,
        uint256 unpaid,
        uint256 escrowLeft
    );
    /// @notice Escrow was added.
    event ContractToppedUp(uint64 indexed contractId, address indexed from, uint256 amount, uint256 escrow);
    /// @notice The escrow cannot cover the next period: the node pauses the workload until a top-up.
    event GracePeriodStarted(uint64 indexed contractId, uint64 expiresAt, uint256 escrow, uint256 requiredForPeriod);
    /// @notice A top-up ended the grace period; billing resumes.
    event GracePeriodEnded(uint64 indexed contractId, uint256 escrow);
    /// @notice The contract is gone; capacity, IPs or name are free again and `refund` was credited to the owner.
    event ContractDeleted(uint64 indexed contractId, uint32 indexed nodeId, DeleteReason reason, uint256 refund);
    /// @notice An account withdrew its credit.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice Protocol fees went to the staking reward pool.
    event FeesForwarded(uint256 amount);

    /// @notice No node has this id.
    error NodeNotFound(uint32 nodeId);
    /// @notice The farmer has not approved this node.
    error NodeNotApproved(uint32 nodeId, uint32 farmId);
    /// @notice The farmer banned this node.
    error NodeBanned(uint32 nodeId, uint32 farmId);
    /// @notice The node's last uptime report is older than the allowed interval.
    error NodeOffline(uint32 nodeId, uint64 lastUptimeReport, uint64 now_);
    /// @notice The node is powered down (standby).
    error NodePoweredDown(uint32 nodeId);
    /// @notice Another twin rents this node.
    error NodeRentedByOther(uint32 nodeId, uint64 rentContractId, uint32 renterTwinId);
    /// @notice The node is already rented.
    error NodeAlreadyRented(uint32 nodeId, uint64 rentContractId);
    /// @notice A rent needs an empty node; this one has `count` node contracts.
    error NodeHasActiveContracts(uint32 nodeId, uint32 count);
    /// @notice "node 12 has 2 free CRU, 4 requested".
    error InsufficientCapacity(uint32 nodeId, Resource resource, uint64 free, uint64 requested);
    /// @notice The farm has `free` public IPs, `requested` were asked for.
    error InsufficientPublicIps(uint32 farmId, uint256 free, uint256 requested);
    /// @notice At most MAX_PUBLIC_IPS per contract.
    error TooManyPublicIps(uint256 requested, uint256 max);
    /// @notice A node contract must reserve some capacity or a public IP.
    error EmptyReservation();
    /// @notice deploymentHash must be keccak256(encryptedDeployment).
    error DeploymentHashMismatch(bytes32 declared, bytes32 computed);
    /// @notice The encrypted deployment is larger than maxDeploymentBytes.
    error DeploymentTooLarge(uint256 size, uint256 max);
    /// @notice The escrow must cover one billing period: `required`, `provided`.
    error InsufficientDeposit(uint256 required, uint256 provided);
    /// @notice No contract has this id.
    error ContractNotFound(uint64 contractId);
    /// @notice Only the contract's owner may do this.
    error NotContractOwner(uint64 contractId, address caller);
    /// @notice Only the node's own account may report for this contract.
    error NotNodeAccount(uint64 contractId, uint32 nodeId, address caller);
    /// @notice The operation does not apply to this kind of contract.
    error WrongContractKind(uint64 contractId, ContractKind kind);
    /// @notice The contract is deleted.
    error ContractIsDeleted(uint64 contractId);
    /// @notice The contract is in its grace period until `expiresAt`; top it up first.
    error ContractInGracePeriod(uint64 contractId, uint64 expiresAt);
    /// @notice The grace period ended at `expiredAt`; settle deletes the contract, a top-up cannot save it.
    error GraceExpired(uint64 contractId, uint64 expiredAt);
    /// @notice Cancel the node contracts on a rented node before its rent contract.
    error RentHasActiveContracts(uint64 rentContractId, uint32 count);
    /// @notice The gateway name is held by contract `contractId`.
    error NameTaken(string name, uint64 contractId);
    /// @notice A top-up of zero.
    error ZeroTopUp(uint64 contractId);
    /// @notice The account has no credit.
    error NothingToWithdraw(address account);
    /// @notice Sending `amount` to `account` failed; the credit stays.
    error TransferFailed(address account, uint256 amount);
    /// @notice The fee pool is empty.
    error NothingToForward();

    /// @notice One-time setup; the genesis builder calls it in the genesis state (see docs/contracts.md).
    /// @param twinRegistry_ the TwinRegistry address
    /// @param farmRegistry_ the FarmRegistry address
    /// @param nodeRegistry_ the NodeRegistry address
    /// @param pricingPolicy_ the PricingPolicy address
    /// @param staking_ the Staking address (receives protocol fees)
    /// @param billingPeriod_ seconds the escrow must cover ahead
    /// @param gracePeriod_ seconds in GracePeriod before deletion
    /// @param maxDeploymentBytes_ the largest encrypted deployment
    function initialize(
        address twinRegistry_,
        address farmRegistry_,
        address nodeRegistry_,
        address pricingPolicy_,
        address staking_,
        uint64 billingPeriod_,
        uint64 gracePeriod_,
        uint32 maxDeploymentBytes_
    ) external {
        if (initialized) revert AlreadyInitialized();
        initialized = true;
        twinRegistry = ITwinRegistry(twinRegistry_);
        farmRegistry = IFarmRegistry(farmRegistry_);
        nodeRegistry = INodeRegistry(nodeRegistry_);
        pricingPolicy = IPricingPolicy(pricingPolicy_);
        staking = IStakingRewards(staking_);
        billingPeriod = billingPeriod_;
        gracePeriod = gracePeriod_;
        maxDeploymentBytes = maxDeploymentBytes_;
        emit ReservationsInitialized(
            twinRegistry_,
            farmRegistry_,
            nodeRegistry_,
            pricingPolicy_,
            staking_,
            billingPeriod_,
            gracePeriod_,
            maxDeploymentBytes_
        );
    }

    // ---------------------------------------------------------------- node contracts

    /// @notice Reserves `resources` and `publicIpCount` public IPs on a node, with msg.value as escrow. The encrypted
    ///         deployment goes out in DeploymentPublished; only its hash is stored. Billing starts at the node's
    ///         first reportFulfilment.
    /// @param nodeId the node
    /// @param resources the capacity to reserve
    /// @param deploymentHash keccak256(encryptedDeployment)
    /// @param publicIpCount how many public IPv4 addresses of the node's farm to reserve
    /// @param encryptedDeployment the deployment spec encrypted to the node's X25519 key
    /// @return contractId the new contract id
    function createNodeContract(
        uint32 nodeId,
        Resources calldata resources,
        bytes32 deploymentHash,
        uint8 publicIpCount,
        bytes calldata encryptedDeployment
    ) external payable returns (uint64 contractId) {
        if (!initialized) revert NotInitialized();
        uint32 twinId = _twinOf(msg.sender);
        _checkDeployment(deploymentHash, encryptedDeployment);
        if (publicIpCount > MAX_PUBLIC_IPS) revert TooManyPublicIps(publicIpCount, MAX_PUBLIC_IPS);
        if (
            resources.cru == 0 && resources.mru == 0 && resources.sru == 0 && resources.hru == 0 && publicIpCount == 0
        ) revert EmptyReservation();

        NodeStatus memory node = nodeRegistry.nodeStatus(nodeId);
        _checkNodeUsable(nodeId, node);
        uint64 rentId = node.rentContractId;
        if (rentId != 0) {
            Contract storage rent = contracts[rentId];
            if (rent.twinId != twinId) revert NodeRentedByOther(nodeId, rentId, rent.twinId);
            if (rent.state == ContractState.GracePeriod) revert ContractInGracePeriod(rentId, _graceEnd(rent));
        }
        _checkCapacity(nodeId, node, resources, Resources(0, 0, 0, 0));
        if (publicIpCount > 0) {
            uint32 free = farmRegistry.freePublicIpCount(node.farmId);
            if (free < publicIpCount) revert InsufficientPublicIps(node.farmId, free, publicIpCount);
        }
        (, uint32 policyId) = farmRegistry.farmBilling(node.farmId);
        uint256 rate = rentId != 0
            ? pricingPolicy.quotePublicIps(policyId, publicIpCount)
            : pricingPolicy.quoteNodeContract(policyId, resources, publicIpCount);
        _checkDeposit(rate, msg.value);

        contractId = ++lastContractId;
        Contract storage c = contracts[contractId];
        c.kind = ContractKind.Node;
        c.state = ContractState.Created;
        c.publicIpCount = publicIpCount;
        c.twinId = twinId;
        c.nodeId = nodeId;
        c.farmId = node.farmId;
        c.policyId = policyId;
        c.createdAt = uint64(block.timestamp);
        c.owner = msg.sender;
        c.rentContractId = rentId;
        c.escrow = uint128(msg.value);
        c.ratePerHour = uint128(rate);
        c.deploymentHash = deploymentHash;
        c.resources = resources;
        nodeContractIds[nodeId].push(contractId);
        twinContractIds[twinId].push(contractId);
        _deposit(msg.value);

        emit NodeContractCreated(
            contractId, twinId, nodeId, resources, deploymentHash, publicIpCount, rate, msg.value
        );
        emit DeploymentPublished(contractId, nodeId, deploymentHash, encryptedDeployment);

        // Interactions with our own registries last (checks-effects-interactions).
        nodeRegistry.reserve(nodeId, resources);
        if (publicIpCount > 0) {
            uint32[] memory ipIds = farmRegistry.allocatePublicIps(node.farmId, publicIpCount, contractId);
            contractIps[contractId] = ipIds;
            emit ContractPublicIps(contractId, node.farmId, ipIds);
        }
    }

    /// @notice Resizes a node contract and/or gives it a new deployment, with the same checks as creation. The time
    ///         so far is settled at the old rate first; msg.value is added to the escrow.
    /// @param contractId the node contract (caller must own it)
    /// @param resources the new capacity
    /// @param deploymentHash keccak256(encryptedDeployment)
    /// @param encryptedDeployment the new deployment spec encrypted to the node's key
    function updateNodeContract(
        uint64 contractId,
        Resources calldata resources,
        bytes32 deploymentHash,
        bytes calldata encryptedDeployment
    ) external payable {
        Contract storage c = _ownedContract(contractId);
        if (c.kind != ContractKind.Node) revert WrongContractKind(contractId, c.kind);
        _requireCreated(contractId, c);
        _checkDeployment(deploymentHash, encryptedDeployment);
        if (
            resources.cru == 0 && resources.mru == 0 && resources.sru == 0 && resources.hru == 0
                && c.publicIpCount == 0
        ) revert EmptyReservation();
        _settle(contractId, c);
        _requireCreated(contractId, c); // the settlement may have moved it to GracePeriod or Deleted

        uint32 nodeId = c.nodeId;
        NodeStatus memory node = nodeRegistry.nodeStatus(nodeId);
        _checkNodeUsable(nodeId, node);
        Resources memory old = c.resources;
        _checkCapacity(nodeId, node, resources, old);
        uint256 rate = c.rentContractId != 0
            ? pricingPolicy.quotePublicIps(c.policyId, c.publicIpCount)
            : pricingPolicy.quoteNodeContract(c.policyId, resources, c.publicIpCount);
        if (msg.value > 0) {
            c.escrow += uint128(msg.value);
            _deposit(msg.value);
            emit ContractToppedUp(contractId, msg.sender, msg.value, c.escrow);
        }
        _checkDeposit(rate, c.escrow);
        c.ratePerHour = uint128(rate);
        c.deploymentHash = deploymentHash;
        c.resources = resources;
        emit NodeContractUpdated(contractId, nodeId, resources, deploymentHash, rate);
        emit DeploymentPublished(contractId, nodeId, deploymentHash, encryptedDeployment);
        nodeRegistry.resize(nodeId, old, resources);
    }

    /// @notice The node reports that it deployed the contract's workload; the first report starts billing, and so
    ///         does the first report after a reportFailure.
    /// @param contractId a node contract on the caller's node
    /// @param encryptedResult the result (endpoints, status) encrypted to the owner's twin key
    function reportFulfilment(uint64 contractId, bytes calldata encryptedResult) external {
        Contract storage c = _contract(contractId);
        if (c.kind != ContractKind.Node) revert WrongContractKind(contractId, c.kind);
        _requireNodeAccount(contractId, c);
        _requireCreated(contractId, c);
        bool starts = !c.billing;
        if (starts) {
            c.billing = true;
            c.lastSettledAt = uint64(block.timestamp);
            c.downtimeSnapshot = nodeRegistry.downtimeOf(c.nodeId);
        }
        emit ContractFulfilled(contractId, c.nodeId, starts, encryptedResult);
    }

    /// @notice The node reports that it could not deploy the contract's workload, or that the workload stopped and
    ///         will not be restarted: the time so far is settled (if billing had started) and billing stops, so a
    ///         workload that does not run costs nothing. The reservation (capacity, public IPs) stays held, so the
    ///         owner can fix the deployment with updateNodeContract; the next reportFulfilment starts billing again
    ///         from that moment. Allowed in Created and GracePeriod (a failed contract never enters grace, since
    ///         nothing accrues; one already in grace still expires unless topped up). O(1).
    /// @param contractId a node contract on the caller's node, not Deleted
    /// @param encryptedResult the failure (status, reason) encrypted to the owner's twin key
    function reportFailure(uint64 contractId, bytes calldata encryptedResult) external {
        Contract storage c = _contract(contractId);
        if (c.kind != ContractKind.Node) revert WrongContractKind(contractId, c.kind);
        _requireNodeAccount(contractId, c);
        if (c.state == ContractState.Deleted) revert ContractIsDeleted(contractId);
        if (c.state == ContractState.Created && c.billing) {
            _settle(contractId, c);
            // A node contract whose rent ended is deleted by the settlement: nothing is left to fail.
            if (c.state == ContractState.Deleted) return;
        }
        c.billing = false;
        emit ContractFailed(contractId, c.nodeId, encryptedResult);
    }

    /// @notice The node reports network traffic of a node or rent contract; it is billed as NU at the next settle.
    /// @param contractId a node or rent contract on the caller's node
    /// @param networkBytes bytes sent and received since the last report
    function reportConsumption(uint64 contractId, uint64 networkBytes) external {
        Contract storage c = _contract(contractId);
        if (c.kind == ContractKind.Name) revert WrongContractKind(contractId, c.kind);
        _requireNodeAccount(contractId, c);
        if (c.state == ContractState.Deleted) revert ContractIsDeleted(contractId);
        uint64 pending = c.pendingNetworkBytes + networkBytes;
        c.pendingNetworkBytes = pending;
        emit ConsumptionReported(contractId, c.nodeId, networkBytes, pending);
    }

    // ---------------------------------------------------------------- rent and name contracts

    /// @notice Rents a whole node exclusively: afterwards only the caller's twin can create node contracts on it
    ///         (billed for public IPs only). The node must have no contracts. msg.value is the escrow.
    /// @param nodeId the node
    /// @return contractId the new contract id
    function createRentContract(uint32 nodeId) external payable returns (uint64 contractId) {
        if (!initialized) revert NotInitialized();
        uint32 twinId = _twinOf(msg.sender);
        NodeStatus memory node = nodeRegistry.nodeStatus(nodeId);
        _checkNodeUsable(nodeId, node);
        if (node.rentContractId != 0) revert NodeAlreadyRented(nodeId, node.rentContractId);
        if (node.activeContracts != 0) revert NodeHasActiveContracts(nodeId, node.activeContracts);
        (, uint32 policyId) = farmRegistry.farmBilling(node.farmId);
        uint256 rate = pricingPolicy.quoteRentContract(policyId, node.total);
        _checkDeposit(rate, msg.value);

        contractId = ++lastContractId;
        Contract storage c = contracts[contractId];
        c.kind = ContractKind.Rent;
        c.state = ContractState.Created;
        c.billing = true;
        c.twinId = twinId;
        c.nodeId = nodeId;
        c.farmId = node.farmId;
        c.policyId = policyId;
        c.createdAt = uint64(block.timestamp);
        c.owner = msg.sender;
        c.lastSettledAt = uint64(block.timestamp);
        c.downtimeSnapshot = node.downtime;
        c.escrow = uint128(msg.value);
        c.ratePerHour = uint128(rate);
        c.resources = node.total;
        nodeContractIds[nodeId].push(contractId);
        twinContractIds[twinId].push(contractId);
        _deposit(msg.value);
        emit RentContractCreated(contractId, twinId, nodeId, rate, msg.value);
        nodeRegistry.setRentContract(nodeId, contractId);
    }

    /// @notice Reserves a unique gateway name; msg.value is the escrow. Payments for names go to the fee pool.
    /// @param name 3..63 characters of [a-z0-9-], starting with a letter, not ending with '-'
    /// @return contractId the new contract id
    function createNameContract(string calldata name) external payable returns (uint64 contractId) {
        if (!initialized) revert NotInitialized();
        uint32 twinId = _twinOf(msg.sender);
        _checkGatewayName(name);
        bytes32 key = keccak256(bytes(name));
        uint64 holder = nameContracts[key];
        if (holder != 0) revert NameTaken(name, holder);
        uint32 policyId = pricingPolicy.defaultPolicyId();
        uint256 rate = pricingPolicy.quoteNameContract(policyId);
        _checkDeposit(rate, msg.value);

        contractId = ++lastContractId;
        Contract storage c = contracts[contractId];
        c.kind = ContractKind.Name;
        c.state = ContractState.Created;
        c.billing = true;
        c.twinId = twinId;
        c.policyId = policyId;
        c.createdAt = uint64(block.timestamp);
        c.owner = msg.sender;
        c.lastSettledAt = uint64(block.timestamp);
        c.escrow = uint128(msg.value);
        c.ratePerHour = uint128(rate);
        c.deploymentHash = key;
        contractNames[contractId] = name;
        nameContracts[key] = contractId;
        twinContractIds[twinId].push(contractId);
        _deposit(msg.value);
        emit NameContractCreated(contractId, twinId, name, rate, msg.value);
    }

    // ---------------------------------------------------------------- lifecycle and billing

    /// @notice Bills a contract up to now (anyone may call). A Created contract pays its accrued amount from escrow
    ///         and enters GracePeriod if the escrow cannot cover the next billing period; a contract whose grace
    ///         window has passed (or a node contract whose rent ended) is deleted. Otherwise nothing changes.
    /// @param contractId the contract
    function settle(uint64 contractId) external {
        Contract storage c = _contract(contractId);
        if (c.state == ContractState.Deleted) revert ContractIsDeleted(contractId);
        _settle(contractId, c);
    }

    /// @notice Adds msg.value to a contract's escrow (anyone may pay). A contract in GracePeriod whose escrow now
    ///         covers a billing period returns to Created and billing resumes from now.
    /// @param contractId the contract
    function topUp(uint64 contractId) external payable {
        Contract storage c = _contract(contractId);
        if (msg.value == 0) revert ZeroTopUp(contractId);
        if (c.state == ContractState.Deleted) revert ContractIsDeleted(contractId);
        if (c.state == ContractState.GracePeriod && block.timestamp >= _graceEnd(c)) {
            revert GraceExpired(contractId, _graceEnd(c));
        }
        uint128 escrow = c.escrow + uint128(msg.value);
        c.escrow = escrow;
        _deposit(msg.value);
        emit ContractToppedUp(contractId, msg.sender, msg.value, escrow);
        if (c.state == ContractState.GracePeriod && escrow >= _periodCost(c.ratePerHour)) {
            c.state = ContractState.Created;
            c.lastSettledAt = uint64(block.timestamp);
            if (c.nodeId != 0) c.downtimeSnapshot = nodeRegistry.downtimeOf(c.nodeId);
            emit GracePeriodEnded(contractId, escrow);
        }
    }

    /// @notice The owner cancels a contract in any live state: time so far is settled, capacity, IPs or the name are
    ///         released at once, and the rest of the escrow is credited back to the owner.
    /// @param contractId the contract (caller must own it)
    function cancel(uint64 contractId) external {
        Contract storage c = _ownedContract(contractId);
        if (c.state == ContractState.Deleted) revert ContractIsDeleted(contractId);
        if (c.kind == ContractKind.Rent) {
            uint32 active = nodeRegistry.nodeStatus(c.nodeId).activeContracts;
            if (active != 0) revert RentHasActiveContracts(contractId, active);
        }
        if (c.state == ContractState.Created) _settle(contractId, c);
        if (c.state != ContractState.Deleted) _delete(contractId, c, DeleteReason.Cancelled);
    }

    /// @notice Sends the caller all its credit (farm earnings, refunds): the pull side of every payment.
    function withdraw() external nonReentrant {
        uint256 amount = withdrawable[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        withdrawable[msg.sender] = 0;
        totalWithdrawn += amount;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    /// @notice Sends the accumulated protocol fees to the staking reward pool (anyone may call).
    function forwardFees() external nonReentrant {
        uint256 amount = feePool;
        if (amount == 0) revert NothingToForward();
        feePool = 0;
        totalForwarded += amount;
        emit FeesForwarded(amount);
        staking.depositRewards{value: amount}();
    }

    // ---------------------------------------------------------------- views

    /// @notice A contract by id.
    /// @param contractId the contract
    /// @return the stored contract
    function getContract(uint64 contractId) external view returns (Contract memory) {
        return _contract(contractId);
    }

    /// @notice How many contracts exist; ids run from 1 to this number.
    /// @return the number of contracts
    function contractCount() external view returns (uint64) {
        return lastContractId;
    }

    /// @notice A page of contracts in id order: ids offset+1 .. offset+limit.
    /// @param offset how many contracts to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return page the contracts
    function getContracts(uint256 offset, uint256 limit) external view returns (Contract[] memory page) {
        (uint256 start, uint256 end) = Pages.window(offset, limit, lastContractId);
        page = new Contract[](end - start);
        for (uint256 i = start; i < end; i++) {
            page[i - start] = contracts[uint64(i + 1)];
        }
    }

    /// @notice A page of the ids of all node and rent contracts ever made on a node (the agent's desired state).
    /// @param nodeId the node
    /// @param offset how many ids to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return ids contract ids in creation order
    function getNodeContracts(uint32 nodeId, uint256 offset, uint256 limit) external view returns (uint64[] memory) {
        return _page(nodeContractIds[nodeId], offset, limit);
    }

    /// @notice A page of the ids of all contracts a twin made.
    /// @param twinId the twin
    /// @param offset how many ids to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return ids contract ids in creation order
    function getTwinContracts(uint32 twinId, uint256 offset, uint256 limit) external view returns (uint64[] memory) {
        return _page(twinContractIds[twinId], offset, limit);
    }

    /// @notice The farm IP ids a node contract holds.
    /// @param contractId the contract
    /// @return the IP ids within the contract's farm
    function getContractPublicIps(uint64 contractId) external view returns (uint32[] memory) {
        return contractIps[contractId];
    }

    /// @notice The gateway name of a name contract.
    /// @param contractId the contract
    /// @return the name
    function nameOf(uint64 contractId) external view returns (string memory) {
        return contractNames[contractId];
    }

    /// @notice The live name contract holding `name`, 0 if the name is free.
    /// @param name a gateway name
    /// @return the contract id or 0
    function nameContractOf(string calldata name) external view returns (uint64) {
        return nameContracts[keccak256(bytes(name))];
    }

    /// @notice What settle would bill now for a Created contract (zero for other states).
    /// @param contractId the contract
    /// @return a the accrual
    function accrued(uint64 contractId) external view returns (Accrual memory a) {
        Contract storage c = _contract(contractId);
        if (c.state != ContractState.Created || !c.billing) return a;
        (a,,) = _accrue(c);
    }

    /// @notice The escrow a contract needs to cover one billing period at its rate.
    /// @param contractId the contract
    /// @return the amount
    function periodCost(uint64 contractId) external view returns (uint256) {
        return _periodCost(_contract(contractId).ratePerHour);
    }

    /// @notice When a contract's grace period ends (0 if not in GracePeriod).
    /// @param contractId the contract
    /// @return the timestamp
    function graceEndsAt(uint64 contractId) external view returns (uint64) {
        Contract storage c = _contract(contractId);
        return c.state == ContractState.GracePeriod ? _graceEnd(c) : 0;
    }

    // ---------------------------------------------------------------- internals

    function _settle(uint64 contractId, Contract storage c) private {
        if (c.kind == ContractKind.Node && c.rentContractId != 0) {
            if (contracts[c.rentContractId].state == ContractState.Deleted) {
                _delete(contractId, c, DeleteReason.RentEnded);
                return;
            }
        }
        if (c.state == ContractState.GracePeriod) {
            if (block.timestamp >= _graceEnd(c)) _delete(contractId, c, DeleteReason.GraceExpired);
            return;
        }
        if (!c.billing) return;

        (Accrual memory a, uint256 carry, uint64 downtimeNow) = _accrue(c);
        c.carry = carry;
        c.pendingNetworkBytes = 0;
        c.lastSettledAt = uint64(block.timestamp);
        c.downtimeSnapshot = downtimeNow;

        uint256 escrow = c.escrow;
        uint256 paid = a.amount < escrow ? a.amount : escrow;
        uint256 unpaid = a.amount - paid;
        escrow -= paid;
        c.escrow = uint128(escrow);
        totalEscrowed -= paid;

        uint256 fee;
        uint256 farmShare;
        if (c.kind == ContractKind.Name) {
            fee = paid;
        } else {
            fee = paid * pricingPolicy.protocolFeeBps() / 10_000;
            farmShare = paid - fee;
        }
        if (farmShare > 0) {
            (address payout,) = farmRegistry.farmBilling(c.farmId);
            withdrawable[payout] += farmShare;
            totalPaidToFarms += farmShare;
        }
        feePool += fee;
        totalFees += fee;
        totalUnpaid += unpaid;
        emit ContractSettled(
            contractId,
            a.billableSeconds,
            a.downtimeSeconds,
            a.networkBytes,
            a.discountBps,
            a.amount,
            farmShare,
            fee,
            unpaid,
            escrow
        );

        uint256 needed = _periodCost(c.ratePerHour);
        if (unpaid > 0 || escrow < needed) {
            c.state = ContractState.GracePeriod;
            c.graceStartedAt = uint64(block.timestamp);
            emit GracePeriodStarted(contractId, _graceEnd(c), escrow, needed);
        }
    }

    /// @dev The node's downtime D(t) grows at most one second per second (docs/contracts.md), so D(now) - D(last)
    ///      never exceeds the elapsed time; the clamp only guards that argument.
    function _accrue(Contract storage c) private view returns (Accrual memory a, uint256 carry, uint64 downtimeNow) {
        uint256 elapsed = block.timestamp - c.lastSettledAt;
        uint256 down;
        if (c.nodeId != 0) {
            downtimeNow = nodeRegistry.downtimeOf(c.nodeId);
            down = downtimeNow - c.downtimeSnapshot;
            if (down > elapsed) down = elapsed;
        }
        a.billableSeconds = elapsed - down;
        a.downtimeSeconds = down;
        a.networkBytes = c.pendingNetworkBytes;
        uint256 escrow = c.escrow;
        a.discountBps = pricingPolicy.discountBps(c.ratePerHour, escrow);
        uint256 net = 10_000 - a.discountBps;
        uint256 numerator = c.carry + uint256(c.ratePerHour) * a.billableSeconds * net * GIB;
        if (a.networkBytes > 0) {
            numerator += a.networkBytes * pricingPolicy.networkPricePerGiB(c.policyId) * 3600 * net;
        }
        a.amount = numerator / BILLING_DENOMINATOR;
        carry = numerator % BILLING_DENOMINATOR;
    }

    function _delete(uint64 contractId, Contract storage c, DeleteReason reason) private {
        c.state = ContractState.Deleted;
        uint256 refund = c.escrow;
        c.escrow = 0;
        totalEscrowed -= refund;
        totalRefunded += refund;
        withdrawable[c.owner] += refund;
        emit ContractDeleted(contractId, c.nodeId, reason, refund);
        if (c.kind == ContractKind.Node) {
            nodeRegistry.release(c.nodeId, c.resources);
            if (c.publicIpCount > 0) {
                farmRegistry.releasePublicIps(c.farmId, contractIps[contractId]);
                delete contractIps[contractId];
            }
        } else if (c.kind == ContractKind.Rent) {
            nodeRegistry.setRentContract(c.nodeId, 0);
        } else {
            delete nameContracts[c.deploymentHash];
        }
    }

    function _deposit(uint256 amount) private {
        totalDeposited += amount;
        totalEscrowed += amount;
    }

    function _checkNodeUsable(uint32 nodeId, NodeStatus memory node) private view {
        if (!node.exists) revert NodeNotFound(nodeId);
        if (node.banned) revert NodeBanned(nodeId, node.farmId);
        if (!node.approved) revert NodeNotApproved(nodeId, node.farmId);
        if (node.power != PowerState.Up) revert NodePoweredDown(nodeId);
        if (!node.online) revert NodeOffline(nodeId, node.lastUptimeReport, uint64(block.timestamp));
    }

    /// @dev Free capacity counts what `current` (the contract's own reservation, when resizing) already holds.
    function _checkCapacity(uint32 nodeId, NodeStatus memory node, Resources calldata want, Resources memory current)
        private
        pure
    {
        uint64 free = node.total.cru - node.used.cru + current.cru;
        if (want.cru > free) revert InsufficientCapacity(nodeId, Resource.CRU, free, want.cru);
        free = node.total.mru - node.used.mru + current.mru;
        if (want.mru > free) revert InsufficientCapacity(nodeId, Resource.MRU, free, want.mru);
        free = node.total.sru - node.used.sru + current.sru;
        if (want.sru > free) revert InsufficientCapacity(nodeId, Resource.SRU, free, want.sru);
        free = node.total.hru - node.used.hru + current.hru;
        if (want.hru > free) revert InsufficientCapacity(nodeId, Resource.HRU, free, want.hru);
    }

    function _checkDeployment(bytes32 deploymentHash, bytes calldata encryptedDeployment) private view {
        if (encryptedDeployment.length > maxDeploymentBytes) {
            revert DeploymentTooLarge(encryptedDeployment.length, maxDeploymentBytes);
        }
        bytes32 computed = keccak256(encryptedDeployment);
        if (computed != deploymentHash) revert DeploymentHashMismatch(deploymentHash, computed);
    }

    function _checkDeposit(uint256 rate, uint256 provided) private view {
        uint256 required = _periodCost(rate);
        if (provided < required) revert InsufficientDeposit(required, provided);
    }

    function _periodCost(uint256 ratePerHour) private view returns (uint256) {
        return (ratePerHour * billingPeriod + 3599) / 3600;
    }

    function _graceEnd(Contract storage c) private view returns (uint64) {
        return c.graceStartedAt + gracePeriod;
    }

    function _requireCreated(uint64 contractId, Contract storage c) private view {
        if (c.state == ContractState.Deleted) revert ContractIsDeleted(contractId);
        if (c.state == ContractState.GracePeriod) revert ContractInGracePeriod(contractId, _graceEnd(c));
    }

    function _requireNodeAccount(uint64 contractId, Contract storage c) private view {
        if (nodeRegistry.nodeStatus(c.nodeId).account != msg.sender) {
            revert NotNodeAccount(contractId, c.nodeId, msg.sender);
        }
    }

    function _twinOf(address account) private view returns (uint32 twinId) {
        twinId = twinRegistry.twinIdOf(account);
        if (twinId == 0) revert TwinNotFound(account);
    }

    function _contract(uint64 contractId) private view returns (Contract storage c) {
        c = contracts[contractId];
        if (c.state == ContractState.None) revert ContractNotFound(contractId);
    }

    function _ownedContract(uint64 contractId) private view returns (Contract storage c) {
        c = _contract(contractId);
        if (c.owner != msg.sender) revert NotContractOwner(contractId, msg.sender);
    }

    function _page(uint256[] storage all, uint256 offset, uint256 limit) private view returns (uint64[] memory ids) {
        (uint256 start, uint256 end) = Pages.window(offset, limit, all.length);
        ids = new uint64[](end - start);
        for (uint256 i = start; i < end; i++) {
            ids[i - start] = uint64(all[i]);
        }
    }

    function _checkGatewayName(string calldata name) private pure {
        bytes calldata b = bytes(name);
        if (b.length < MIN_NAME_LENGTH || b.length > MAX_NAME_LENGTH) {
            revert InvalidNameLength(b.length, MIN_NAME_LENGTH, MAX_NAME_LENGTH);
        }
        for (uint256 i = 0; i < b.length; i++) {
            bytes1 ch = b[i];
            bool letter = ch >= "a" && ch <= "z";
            bool ok = letter || (i > 0 && ((ch >= "0" && ch <= "9") || (ch == "-" && i < b.length - 1)));
            if (!ok) revert InvalidNameCharacter(i, ch);
        }
    }
}
