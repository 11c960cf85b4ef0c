// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Types shared by the Gridledger contracts for IT.
/// @notice Capacity is counted in TFGrid resource units: cru in logical cores, mru/sru/hru in bytes.

/// @notice An amount of capacity: cores, memory bytes, SSD bytes, HDD bytes.
struct Resources {
    uint64 cru;
    uint64 mru;
    uint64 sru;
    uint64 hru;
}

/// @notice The resource named in a capacity error.
enum Resource {
    CRU,
    MRU,
    SRU,
    HRU,
    PUBLIC_IP
}

/// @notice Where a node stands; coordinates are degrees times 10^6.
struct Location {
    string country;
    string city;
    int32 latitudeE6;
    int32 longitudeE6;
}

/// @notice Power state reported by a node or its farmer (standby nodes take no new contracts).
enum PowerState {
    Up,
    Down
}

/// @notice `initialize` was called a second time.
error AlreadyInitialized();
/// @notice A function that needs `initialize` was called before it.
error NotInitialized();
/// @notice Only `expected` may call this function.
error Unauthorized(address caller, address expected);
/// @notice The account has no twin in the TwinRegistry.
error TwinNotFound(address account);
/// @notice A text field is longer than allowed.
error FieldTooLong(string field, uint256 length, uint256 max);
/// @notice A name is shorter or longer than its rules allow.
error InvalidNameLength(uint256 length, uint256 min, uint256 max);
/// @notice A name has a character its rules forbid at `position` (0-based).
error InvalidNameCharacter(uint256 position, bytes1 character);
/// @notice A public key is all zero.
error InvalidPublicKey();
/// @notice A view was asked for more than `max` entries at once.
error PageTooLarge(uint256 limit, uint256 max);

/// @notice Bounds shared by every paginated view.
library Pages {
    /// @notice The largest page a view returns.
    uint256 internal constant MAX_PAGE = 500;

    /// @notice Clamps [offset, offset + limit) to [0, total) and checks the page size.
    function window(uint256 offset, uint256 limit, uint256 total) internal pure returns (uint256 start, uint256 end) {
        if (limit > MAX_PAGE) revert PageTooLarge(limit, MAX_PAGE);
        start = offset < total ? offset : total;
        end = total - start < limit ? total : start + limit;
    }
}

/// @notice Transient-storage reentrancy lock (EIP-1153, Cancun): costs no persistent storage slot and is cleared
///         when the guarded call returns.
abstract contract ReentrancyLock {
    /// @notice A guarded function was entered again before it returned.
    error Reentrancy();

    bool private transient locked;

    modifier nonReentrant() {
        if (locked) revert Reentrancy();
        locked = true;
        _;
        locked = false;
    }
}
