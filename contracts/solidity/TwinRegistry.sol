// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./GridTypes.sol";

/// @title TwinRegistry: one digital twin per account.
/// @notice A twin carries the X25519 public key that deployments and results are encrypted to, and an optional
///         relay URL where the twin can be reached. Twin ids start at 1; 0 means "no twin".
contract TwinRegistry {
    /// @notice A twin as stored.
    struct Twin {
        address account;
        uint64 createdAt;
        bytes32 x25519Key;
        string relay;
    }

    /// @notice The longest relay URL accepted, in bytes.
    uint256 public constant MAX_RELAY_LENGTH = 256;

    mapping(uint32 => Twin) private twins;
    mapping(address => uint32) private twinIds;
    uint32 private lastTwinId;

    /// @notice A twin was created for `account`.
    event TwinCreated(uint32 indexed twinId, address indexed account, bytes32 x25519Key, string relay);
    /// @notice The twin's encryption key was replaced.
    event TwinKeyRotated(uint32 indexed twinId, bytes32 oldKey, bytes32 newKey);
    /// @notice The twin's relay URL was replaced (empty: none).
    event TwinRelayUpdated(uint32 indexed twinId, string relay);

    /// @notice The account already owns twin `twinId`.
    error TwinAlreadyExists(address account, uint32 twinId);
    /// @notice No twin has this id.
    error UnknownTwin(uint32 twinId);

    /// @notice Creates the caller's twin.
    /// @param x25519Key the X25519 public key that data for this twin is encrypted to (not zero)
    /// @param relay an optional relay URL (at most MAX_RELAY_LENGTH bytes)
    /// @return twinId the new twin's id
    function createTwin(bytes32 x25519Key, string calldata relay) external returns (uint32 twinId) {
        uint32 existing = twinIds[msg.sender];
        if (existing != 0) revert TwinAlreadyExists(msg.sender, existing);
        if (x25519Key == bytes32(0)) revert InvalidPublicKey();
        _checkRelay(relay);
        twinId = ++lastTwinId;
        twins[twinId] = Twin({account: msg.sender, createdAt: uint64(block.timestamp), x25519Key: x25519Key, relay: relay});
        twinIds[msg.sender] = twinId;
        emit TwinCreated(twinId, msg.sender, x25519Key, relay);
    }

    /// @notice Replaces the caller's twin encryption key (key rotation).
    /// @param newKey the new X25519 public key (not zero)
    function rotateKey(bytes32 newKey) external {
        uint32 twinId = _ownTwin();
        if (newKey == bytes32(0)) revert InvalidPublicKey();
        bytes32 oldKey = twins[twinId].x25519Key;
        twins[twinId].x25519Key = newKey;
        emit TwinKeyRotated(twinId, oldKey, newKey);
    }

    /// @notice Replaces the caller's relay URL; an empty string removes it.
    /// @param relay the new relay URL (at most MAX_RELAY_LENGTH bytes)
    function updateRelay(string calldata relay) external {
        uint32 twinId = _ownTwin();
        _checkRelay(relay);
        twins[twinId].relay = relay;
        emit TwinRelayUpdated(twinId, relay);
    }

    /// @notice The twin id of `account`, 0 if it has none.
    /// @param account any account
    /// @return the twin id or 0
    function twinIdOf(address account) external view returns (uint32) {
        return twinIds[account];
    }

    /// @notice A twin by id; reverts with UnknownTwin for an id never issued.
    /// @param twinId the twin id
    /// @return the stored twin
    function getTwin(uint32 twinId) external view returns (Twin memory) {
        if (twinId == 0 || twinId > lastTwinId) revert UnknownTwin(twinId);
        return twins[twinId];
    }

    /// @notice The account that owns a twin (address(0) for an unknown id).
    /// @param twinId the twin id
    /// @return the owning account
    function accountOf(uint32 twinId) external view returns (address) {
        return twins[twinId].account;
    }

    /// @notice How many twins exist; ids run from 1 to this number.
    /// @return the number of twins
    function twinCount() external view returns (uint32) {
        return lastTwinId;
    }

    /// @notice A page of twins in id order: ids offset+1 .. offset+limit.
    /// @param offset how many twins to skip
    /// @param limit the page size (at most Pages.MAX_PAGE)
    /// @return page the twins
    function getTwins(uint256 offset, uint256 limit) external view returns (Twin[] memory page) {
        (uint256 start, uint256 end) = Pages.window(offset, limit, lastTwinId);
        page = new Twin[](end - start);
        for (uint256 i = start; i < end; i++) {
            page[i - start] = twins[uint32(i + 1)];
        }
    }

    function _ownTwin() private view returns (uint32 twinId) {
        twinId = twinIds[msg.sender];
        if (twinId == 0) revert TwinNotFound(msg.sender);
    }

    function _checkRelay(string calldata relay) private pure {
        if (bytes(relay).length > MAX_RELAY_LENGTH) {
            revert FieldTooLong("relay", bytes(relay).length, MAX_RELAY_LENGTH);
        }
    }
}
