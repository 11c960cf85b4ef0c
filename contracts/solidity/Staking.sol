// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./GridTypes.sol";
import "./Interfaces.sol";

/// @title Staking: validator candidates, delegation, epoch validator sets, unbonding, slashing and rewards.
/// @notice A candidate registers a consensus signer (the address of its secp256k1 vote key) and a self-stake; anyone
///         may delegate to it. Stakes are held as shares of a candidate's bonded pool and of its unbonding pool, so a
///         slash reduces every delegator and every pending unbonding of that candidate in O(1). Rewards arrive from
///         the Reservations fee pool and are spread over all bonded, unjailed stake with O(1) accumulators; the
///         operator takes its commission first. The number of candidates is capped (maxCandidates), so the only
///         loops (validator election, a view) are bounded by that constant, never by nodes or contracts.
contract Staking is IStakingRewards, ReentrancyLock {
    /// @notice A validator candidate.
    struct Candidate {
        address operator;
        address signer;
        uint16 commissionBps;
        bool jailed;
        bool listed;
        uint64 registeredAt;
        uint256 bondedStake;
        uint256 bondedShares;
        uint256 unbondingStake;
        uint256 unbondingShares;
        uint256 accAtLastTouch; // accRewardPerStake when this candidate's rewards were last collected
        uint256 rewardPerShare; // delegator rewards per bonded share, scaled by PRECISION
    }

    /// @notice One account's stake with one candidate.
    struct Delegation {
        uint256 shares;
        uint256 rewardDebt;
        uint256 unbondingShares;
        uint64 releaseAt;
    }

    /// @notice A signed consensus vote, as submitted in double-sign evidence.
    struct Vote {
        uint64 height;
        uint32 round;
        uint8 voteType;
        bytes32 blockHash;
        bytes signature; // 65 bytes r || s || v, over voteDigest(height, round, voteType, blockHash)
    }

    /// @notice Staking parameters, fixed at initialisation.
    struct Params {
        uint256 minSelfStake;
        uint32 maxCandidates;
        uint32 validatorCount;
        uint64 epochLength; // blocks
        uint64 unbondingPeriod; // seconds
        uint16 slashBps;
        uint16 reporterRewardBps;
    }

    /// @notice Fixed-point scale of the reward accumulators.
    uint256 public constant PRECISION = 1e18;
    /// @notice The hard cap on maxCandidates.
    uint32 public constant CANDIDATE_LIMIT = 256;
    /// @notice Domain tag of every vote digest.
    bytes32 public constant VOTE_DOMAIN = keccak256("Gridledger consensus vote v1");
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    bool private initialized;
    Params private params;

    mapping(uint32 => Candidate) private candidates;
    mapping(address => uint32) private operatorCandidate;
    mapping(address => uint32) private signerCandidate;
    mapping(uint32 => mapping(address => Delegation)) private delegations;
    uint32[] private listedIds; // candidates with bonded shares, at most maxCandidates
    mapping(uint32 => uint256) private listedSlot; // position in listedIds + 1
    uint32 private lastCandidateId;

    /// @notice Reward per unit of active stake, scaled by PRECISION.
    uint256 public accRewardPerStake;
    /// @notice Bonded stake of all unjailed candidates: what rewards are spread over.
    uint256 public totalActiveStake;
    /// @notice Rewards received while no stake was active, spread at the next deposit.
    uint256 public undistributedRewards;
    /// @notice Credited and not yet withdrawn, per account (rewards, unbonded stake, reporter rewards).
    mapping(address => uint256) public withdrawable;

    mapping(bytes32 => bool) private evidenceUsed;
    mapping(uint64 => uint32[]) private electedIds;
    mapping(uint64 => bool) private elected;

    /// @notice The contract was set up.
    event StakingInitialized(Params params);
    /// @notice A candidate registered with its self-stake.
    event CandidateRegistered(
        uint32 indexed candidateId, address indexed operator, address signer, uint16 commissionBps, uint256 stake
    );
    /// @notice Stake was added to a candidate.
    event Delegated(uint32 indexed candidateId, address indexed delegator, uint256 amount, uint256 shares);
    /// @notice Stake started unbonding; it can be withdrawn from `releaseAt`.
    event Undelegated(uint32 indexed candidateId, address indexed delegator, uint256 amount, uint64 releaseAt);
    /// @notice Unbonded stake was credited for withdrawal.
    event UnbondingCompleted(uint32 indexed candidateId, address indexed delegator, uint256 amount);
    /// @notice A candidate left the candidate list (no bonded stake left).
    event CandidateUnlisted(uint32 indexed candidateId);
    /// @notice Rewards entered the pool.
    event RewardsDeposited(address indexed from, uint256 amount, uint256 accRewardPerStake);
    /// @notice Rewards were credited to a delegator.
    event RewardsCredited(uint32 indexed candidateId, address indexed delegator, uint256 amount);
    /// @notice Commission was credited to an operator.
    event CommissionCredited(uint32 indexed candidateId, address indexed operator, uint256 amount);
    /// @notice A candidate double-signed: it is jailed and `amount` was slashed.
    event Slashed(
        uint32 indexed candidateId, address signer, uint64 height, uint32 round, uint256 amount, address reporter, uint256 reporterReward
    );
    /// @notice The validator set of `epoch`, in order.
    event ValidatorSetElected(uint64 indexed epoch, uint32[] candidateIds, address[] signers);
    /// @notice An account withdrew its credit.
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice Parameters out of range.
    error InvalidParams();
    /// @notice The self-stake is below the minimum.
    error InsufficientSelfStake(uint256 minimum, uint256 provided);
    /// @notice The operator already runs candidate `candidateId`.
    error CandidateExists(address operator, uint32 candidateId);
    /// @notice The signer is used by candidate `candidateId` (or is zero).
    error SignerInUse(address signer, uint32 candidateId);
    /// @notice The candidate list is full.
    error CandidateLimitReached(uint32 max);
    /// @notice A commission above 100%.
    error BpsTooHigh(uint256 value, uint256 max);
    /// @notice No listed candidate has this id.
    error CandidateNotFound(uint32 candidateId);
    /// @notice The candidate was slashed and is jailed.
    error CandidateJailed(uint32 candidateId);
    /// @notice A zero amount (or one too small to buy a share).
    error ZeroAmount();
    /// @notice The delegation holds `available`, `requested` was asked for.
    error InsufficientStake(uint256 available, uint256 requested);
    /// @notice Nothing is unbonding for this delegator and candidate.
    error NothingUnbonding(uint32 candidateId, address delegator);
    /// @notice Unbonding stake is released at `releaseAt`.
    error StillUnbonding(uint64 releaseAt);
    /// @notice The two votes do not conflict (different height, round or type, or the same block).
    error EvidenceNotConflicting();
    /// @notice Vote `index` (0 or 1) has a malformed or non-canonical signature.
    error InvalidSignature(uint256 index);
    /// @notice The votes were signed by different keys.
    error SignersDiffer(address first, address second);
    /// @notice No candidate uses this signer.
    error UnknownSigner(address signer);
    /// @notice This double sign was already punished.
    error EvidenceAlreadyUsed(uint32 candidateId, uint64 height, uint32 round);
    /// @notice Validators are elected in the last block of an epoch only.
    error NotEpochEnd(uint256 blockNumber, uint256 epochEndBlock);
    /// @notice The set for this epoch was already elected.
    error AlreadyElected(uint64 epoch);
    /// @notice The account has no credit.
    error NothingToWithdraw(address account);
    /// @notice Sending `amount` to `account` failed; the credit stays.
    error TransferFailed(address account, uint256 amount);

    /// @notice One-time setup; the genesis builder calls it in the genesis state (see docs/contracts.md).
    /// @param p the staking parameters
    function initialize(Params calldata p) external {
        if (initialized) revert AlreadyInitialized();
        if (
            p.maxCandidates == 0 || p.maxCandidates > CANDIDATE_LIMIT || p.validatorCount == 0
                || p.validatorCount > p.maxCandidates || p.epochLength == 0 || p.slashBps == 0 || p.slashBps >= 10_000
                || p.reporterRewardBps > 10_000
        ) revert InvalidParams();
        initialized = true;
        params = p;
        emit StakingInitialized(p);
    }

    /// @notice Registers the caller as a validator candidate with msg.value as self-stake.
    /// @param signer the address of the candidate's consensus vote key
    /// @param commissionBps the operator's share of the candidate's rewards
    /// @return candidateId the new candidate id
    function registerCandidate(address signer, uint16 commissionBps) external payable returns (uint32 candidateId) {
        if (!initialized) revert NotInitialized();
        if (msg.value < params.minSelfStake || msg.value == 0) {
            revert InsufficientSelfStake(params.minSelfStake, msg.value);
        }
        uint32 existing = operatorCandidate[msg.sender];
        if (existing != 0) revert CandidateExists(msg.sender, existing);
        if (signer == address(0) || signerCandidate[signer] != 0) revert SignerInUse(signer, signerCandidate[signer]);
        if (commissionBps > 10_000) revert BpsTooHigh(commissionBps, 10_000);
        if (listedIds.length >= params.maxCandidates) revert CandidateLimitReached(params.maxCandidates);

        candidateId = ++lastCandidateId;
        Candidate storage c = candidates[candidateId];
        c.operator = msg.sender;
        c.signer = signer;
        c.commissionBps = commissionBps;
        c.registeredAt = uint64(block.timestamp);
        c.accAtLastTouch = accRewardPerStake;
        operatorCandidate[msg.sender] = candidateId;
        signerCandidate[signer] = candidateId;
        listedIds.push(candidateId);
        listedSlot[candidateId] = listedIds.length;
        c.listed = true;
        emit CandidateRegistered(candidateId, msg.sender, signer, commissionBps, msg.value);
        _bond(candidateId, c, msg.sender, msg.value);
    }

    /// @notice Delegates msg.value to a listed, unjailed candidate.
    /// @param candidateId the candidate
    function delegate(uint32 candidateId) external payable {
        Candidate storage c = _listed(candidateId);
        if (c.jailed) revert CandidateJailed(candidateId);
        if (msg.value == 0) revert ZeroAmount();
        _bond(candidateId, c, msg.sender, msg.value);
    }

    /// @notice Starts unbonding `amount` of the caller's stake with a candidate; it stays slashable until released
    ///         after the unbonding period. A later undelegation pushes the release time of the whole pending amount.
    /// @param candidateId the candidate
    /// @param amount the stake to unbond
    function undelegate(uint32 candidateId, uint256 amount) external {
        Candidate storage c = _candidate(candidateId);
        if (amount == 0) revert ZeroAmount();
        Delegation storage d = delegations[candidateId][msg.sender];
        uint256 available = c.bondedShares == 0 ? 0 : d.shares * c.bondedStake / c.bondedShares;
        if (amount > available) revert InsufficientStake(available, amount);
        _touch(candidateId, c);
        _collect(candidateId, c, d, msg.sender);

        uint256 burn = (amount * c.bondedShares + c.bondedStake - 1) / c.bondedStake; // round up: never favour the leaver
        if (burn > d.shares) burn = d.shares;
        d.shares -= burn;
        c.bondedShares -= burn;
        c.bondedStake -= amount;
        if (!c.jailed) totalActiveStake -= amount;
        d.rewardDebt = d.shares * c.rewardPerShare / PRECISION;

        uint256 uShares = c.unbondingShares == 0 || c.unbondingStake == 0
            ? amount
            : amount * c.unbondingShares / c.unbondingStake;
        c.unbondingStake += amount;
        c.unbondingShares += uShares;
        d.unbondingShares += uShares;
        uint64 releaseAt = uint64(block.timestamp) + params.unbondingPeriod;
        d.releaseAt = releaseAt;
        emit Undelegated(candidateId, msg.sender, amount, releaseAt);

        if (c.bondedShares == 0 && c.listed) _unlist(candidateId, c);
    }

    /// @notice Credits the caller's released unbonding stake with a candidate for withdrawal.
    /// @param candidateId the candidate
    function completeUnbonding(uint32 candidateId) external {
        Candidate storage c = _candidate(candidateId);
        Delegation storage d = delegations[candidateId][msg.sender];
        uint256 uShares = d.unbondingShares;
        if (uShares == 0) revert NothingUnbonding(candidateId, msg.sender);
        if (block.timestamp < d.releaseAt) revert StillUnbonding(d.releaseAt);
        uint256 amount = uShares * c.unbondingStake / c.unbondingShares;
        d.unbondingShares = 0;
        c.unbondingShares -= uShares;
        c.unbondingStake -= amount;
        withdrawable[msg.sender] += amount;
        emit UnbondingCompleted(candidateId, msg.sender, amount);
    }

    /// @notice Credits the caller's rewards with a candidate for withdrawal.
    /// @param candidateId the candidate
    function claimRewards(uint32 candidateId) external {
        Candidate storage c = _candidate(candidateId);
        Delegation storage d = delegations[candidateId][msg.sender];
        _touch(candidateId, c);
        _collect(candidateId, c, d, msg.sender);
        d.rewardDebt = d.shares * c.rewardPerShare / PRECISION;
    }

    /// @notice Sends the caller all its credit: the pull side of rewards, unbonded stake and reporter rewards.
    function withdraw() external nonReentrant {
        uint256 amount = withdrawable[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        withdrawable[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    /// @inheritdoc IStakingRewards
    function depositRewards() external payable {
        _distribute(msg.value);
    }

    /// @notice Punishes a double sign: two votes for the same height, round and type but different blocks, signed by
    ///         the same candidate's consensus key (checked with ecrecover). The candidate is jailed, slashBps of its
    ///         bonded and unbonding stake is taken; reporterRewardBps of that goes to the caller, the rest to the
    ///         reward pool.
    /// @param first one vote
    /// @param second the conflicting vote
    function submitDoubleSignEvidence(Vote calldata first, Vote calldata second) external {
        if (
            first.height != second.height || first.round != second.round || first.voteType != second.voteType
                || first.blockHash == second.blockHash
        ) revert EvidenceNotConflicting();
        address a = _recover(voteDigest(first.height, first.round, first.voteType, first.blockHash), first.signature, 0);
        address b =
            _recover(voteDigest(second.height, second.round, second.voteType, second.blockHash), second.signature, 1);
        if (a != b) revert SignersDiffer(a, b);
        uint32 candidateId = signerCandidate[a];
        if (candidateId == 0) revert UnknownSigner(a);
        bytes32 key = keccak256(abi.encode(candidateId, first.height, first.round, first.voteType));
        if (evidenceUsed[key]) revert EvidenceAlreadyUsed(candidateId, first.height, first.round);
        evidenceUsed[key] = true;

        Candidate storage c = candidates[candidateId];
        _touch(candidateId, c);
        uint256 fromBonded = c.bondedStake * params.slashBps / 10_000;
        uint256 fromUnbonding = c.unbondingStake * params.slashBps / 10_000;
        if (!c.jailed) {
            totalActiveStake -= c.bondedStake;
            c.jailed = true;
        }
        c.bondedStake -= fromBonded;
        c.unbondingStake -= fromUnbonding;
        uint256 slashed = fromBonded + fromUnbonding;
        uint256 reporterReward = slashed * params.reporterRewardBps / 10_000;
        withdrawable[msg.sender] += reporterReward;
        emit Slashed(candidateId, a, first.height, first.round, slashed, msg.sender, reporterReward);
        _distribute(slashed - reporterReward);
    }

    /// @notice Stores the validator set of the next epoch: the top validatorCount eligible candidates by bonded stake
    ///         at the end of this epoch. Callable by anyone, once, in the last block of an epoch.
    function electValidators() external {
        uint64 epochLength = params.epochLength;
        uint256 epochEnd = (block.number / epochLength + 1) * epochLength - 1;
        if (block.number != epochEnd) revert NotEpochEnd(block.number, epochEnd);
        uint64 next = uint64(block.number / epochLength + 1);
        if (elected[next]) revert AlreadyElected(next);
        uint32[] memory ids = topValidators();
        elected[next] = true;
        electedIds[next] = ids;
        emit ValidatorSetElected(next, ids, _signers(ids));
    }

    // ---------------------------------------------------------------- views

    /// @notice The digest a validator signs for a vote (raw secp256k1 signature, no message prefix).
    /// @param height the block height
    /// @param round the consensus round
    /// @param voteType the vote kind (for example prepare or commit)
    /// @param blockHash the block voted for
    /// @return keccak256(abi.encode(VOTE_DOMAIN, chainid, height, round, voteType, blockHash))
    function voteDigest(uint64 height, uint32 round, uint8 voteType, bytes32 blockHash) public view returns (bytes32) {
        return keccak256(abi.encode(VOTE_DOMAIN, block.chainid, height, round, voteType, blockHash));
    }

    /// @notice The current top validatorCount eligible candidates (listed, unjailed, operator self-stake at least
    ///         minSelfStake) by bonded stake, ties broken by the lower id. Bounded by maxCandidates.
    /// @return ids candidate ids, highest stake first
    function topValidators() public view returns (uint32[] memory ids) {
        uint256 n = listedIds.length;
        uint32[] memory pool = new uint32[](n);
        uint256[] memory stake = new uint256[](n);
        uint256 eligible;
        for (uint256 i = 0; i < n; i++) {
            uint32 id = listedIds[i];
            Candidate storage c = candidates[id];
            if (c.jailed || _selfStake(id, c) < params.minSelfStake || c.bondedStake == 0) continue;
            pool[eligible] = id;
            stake[eligible] = c.bondedStake;
            eligible++;
        }
        uint256 count = eligible < params.validatorCount ? eligible : params.validatorCount;
        ids = new uint32[](count);
        for (uint256 k = 0; k < count; k++) {
            uint256 best = k;
            for (uint256 j = k + 1; j < eligible; j++) {
                if (stake[j] > stake[best] || (stake[j] == stake[best] && pool[j] < pool[best])) best = j;
            }
            (pool[k], pool[best]) = (pool[best], pool[k]);
            (stake[k], stake[best]) = (stake[best], stake[k]);
            ids[k] = pool[k];
        }
    }

    /// @notice The stored validator set of an epoch (empty if not elected).
    /// @param epoch the epoch
    /// @return ids candidate ids in order
    /// @return signers their consensus signers
    function validatorSetOf(uint64 epoch) external view returns (uint32[] memory ids, address[] memory signers) {
        ids = electedIds[epoch];
        signers = _signers(ids);
    }

    /// @notice The epoch of the current block.
    /// @return block.number / epochLength
    function currentEpoch() external view returns (uint64) {
        return uint64(block.number / params.epochLength);
    }

    /// @notice The staking parameters.
    /// @return the parameters
    function getParams() external view returns (Params memory) {
        return params;
    }

    /// @notice A candidate by id.
    /// @param candidateId the candidate
    /// @return the stored candidate
    function getCandidate(uint32 candidateId) external view returns (Candidate memory) {
        return _candidate(candidateId);
    }

    /// @notice The candidate run by `operator`, 0 if none.
    /// @param operator an account
    /// @return the candidate id or 0
    function candidateOf(address operator) external view returns (uint32) {
        return operatorCandidate[operator];
    }

    /// @notice The listed candidate ids (bounded by maxCandidates), in no particular order.
    /// @return the ids
    function listedCandidates() external view returns (uint32[] memory) {
        return listedIds;
    }

    /// @notice A delegation and its current value.
    /// @param candidateId the candidate
    /// @param delegator the account
    /// @return d the stored delegation
    /// @return bonded the bonded stake the shares are worth now
    /// @return unbonding the unbonding stake the unbonding shares are worth now
    function getDelegation(uint32 candidateId, address delegator)
        external
        view
        returns (Delegation memory d, uint256 bonded, uint256 unbonding)
    {
        Candidate storage c = candidates[candidateId];
        d = delegations[candidateId][delegator];
        bonded = c.bondedShares == 0 ? 0 : d.shares * c.bondedStake / c.bondedShares;
        unbonding = c.unbondingShares == 0 ? 0 : d.unbondingShares * c.unbondingStake / c.unbondingShares;
    }

    /// @notice Rewards a delegator could claim now.
    /// @param candidateId the candidate
    /// @param delegator the account
    /// @return the amount
    function pendingRewards(uint32 candidateId, address delegator) external view returns (uint256) {
        Candidate storage c = candidates[candidateId];
        Delegation storage d = delegations[candidateId][delegator];
        uint256 rps = c.rewardPerShare;
        if (!c.jailed && c.bondedShares > 0) {
            uint256 fresh = c.bondedStake * (accRewardPerStake - c.accAtLastTouch) / PRECISION;
            rps += (fresh - fresh * c.commissionBps / 10_000) * PRECISION / c.bondedShares;
        }
        return d.shares * rps / PRECISION - d.rewardDebt;
    }

    // ---------------------------------------------------------------- internals

    function _bond(uint32 candidateId, Candidate storage c, address who, uint256 amount) private {
        Delegation storage d = delegations[candidateId][who];
        _touch(candidateId, c);
        _collect(candidateId, c, d, who);
        uint256 shares = c.bondedShares == 0 ? amount : amount * c.bondedShares / c.bondedStake;
        if (shares == 0) revert ZeroAmount();
        d.shares += shares;
        c.bondedShares += shares;
        c.bondedStake += amount;
        totalActiveStake += amount;
        d.rewardDebt = d.shares * c.rewardPerShare / PRECISION;
        emit Delegated(candidateId, who, amount, shares);
    }

    /// @dev Moves the candidate's share of rewards since its last touch into its per-share accumulator.
    function _touch(uint32 candidateId, Candidate storage c) private {
        uint256 acc = accRewardPerStake;
        if (!c.jailed && c.bondedStake > 0) {
            uint256 fresh = c.bondedStake * (acc - c.accAtLastTouch) / PRECISION;
            if (fresh > 0) {
                uint256 commission = fresh * c.commissionBps / 10_000;
                if (commission > 0) {
                    withdrawable[c.operator] += commission;
                    emit CommissionCredited(candidateId, c.operator, commission);
                }
                c.rewardPerShare += (fresh - commission) * PRECISION / c.bondedShares;
            }
        }
        c.accAtLastTouch = acc;
    }

    function _collect(uint32 candidateId, Candidate storage c, Delegation storage d, address who) private {
        uint256 owed = d.shares * c.rewardPerShare / PRECISION - d.rewardDebt;
        if (owed > 0) {
            withdrawable[who] += owed;
            emit RewardsCredited(candidateId, who, owed);
        }
    }

    function _distribute(uint256 amount) private {
        uint256 total = amount + undistributedRewards;
        if (totalActiveStake == 0) {
            undistributedRewards = total;
        } else {
            undistributedRewards = 0;
            accRewardPerStake += total * PRECISION / totalActiveStake;
        }
        emit RewardsDeposited(msg.sender, amount, accRewardPerStake);
    }

    function _unlist(uint32 candidateId, Candidate storage c) private {
        uint256 slot = listedSlot[candidateId] - 1;
        uint32 moved = listedIds[listedIds.length - 1];
        listedIds[slot] = moved;
        listedSlot[moved] = slot + 1;
        listedIds.pop();
        delete listedSlot[candidateId];
        c.listed = false;
        emit CandidateUnlisted(candidateId);
    }

    function _selfStake(uint32 candidateId, Candidate storage c) private view returns (uint256) {
        if (c.bondedShares == 0) return 0;
        return delegations[candidateId][c.operator].shares * c.bondedStake / c.bondedShares;
    }

    function _signers(uint32[] memory ids) private view returns (address[] memory signers) {
        signers = new address[](ids.length);
        for (uint256 i = 0; i < ids.length; i++) {
            signers[i] = candidates[ids[i]].signer;
        }
    }

    function _recover(bytes32 digest, bytes calldata signature, uint256 index) private pure returns (address signer) {
        if (signature.length != 65) revert InvalidSignature(index);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        // Reject the high-s twin of every signature (EIP-2) so one vote has one encoding.
        if (uint256(s) > HALF_CURVE_ORDER || (v != 27 && v != 28)) revert InvalidSignature(index);
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature(index);
    }

    function _listed(uint32 candidateId) private view returns (Candidate storage c) {
        c = candidates[candidateId];
        if (!c.listed) revert CandidateNotFound(candidateId);
    }

    function _candidate(uint32 candidateId) private view returns (Candidate storage c) {
        c = candidates[candidateId];
        if (c.operator == address(0)) revert CandidateNotFound(candidateId);
    }
}
