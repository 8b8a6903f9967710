// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ExchangeRoles} from "../libraries/ExchangeRoles.sol";
import {ExchangeGated} from "./ExchangeGated.sol";

/// @title EmergencyPause
/// @notice The emergency stop of new records: holders of PAUSER_ROLE pause, and the Admin unpauses,
/// the acts a contract marks `whenNotPaused` (new registrations; certificate issues, licences,
/// transfers and changes; trade confirmations).
/// Reads, verification and the later acts of trades already confirmed never stop.
/// @dev OpenZeppelin's Pausable, with its events and errors, but the flag is kept by the inheriting
/// contract in a slot its paused acts read anyway (next to a counter), so the check adds no cold
/// storage read to a trade.
abstract contract EmergencyPause is ExchangeGated {
    /// @notice `account` paused this contract's new records.
    event Paused(address account);
    /// @notice `account` lifted the pause.
    event Unpaused(address account);

    /// @notice The act is stopped while the contract is paused.
    error EnforcedPause();
    /// @notice The contract is not paused.
    error ExpectedPause();

    modifier whenNotPaused() {
        if (_paused()) revert EnforcedPause();
        _;
    }

    /// @notice True while new records are paused.
    function paused() external view returns (bool) {
        return _paused();
    }

    /// @notice Pauses new records. PAUSER_ROLE only.
    function pause() external onlyExchangeRole(ExchangeRoles.PAUSER_ROLE) {
        if (_paused()) revert EnforcedPause();
        _setPaused(true);
        emit Paused(msg.sender);
    }

    /// @notice Lifts the pause. The Admin only: stopping is quick, resuming is governance's decision
    /// (a Pauser's key cannot undo the pause it was used to set).
    function unpause() external onlyExchangeRole(ExchangeRoles.DEFAULT_ADMIN_ROLE) {
        if (!_paused()) revert ExpectedPause();
        _setPaused(false);
        emit Unpaused(msg.sender);
    }

    function _paused() internal view virtual returns (bool);

    function _setPaused(bool paused_) internal virtual;
}
