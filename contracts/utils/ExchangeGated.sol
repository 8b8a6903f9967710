// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {ExchangeRoles} from "../libraries/ExchangeRoles.sol";

/// @title ExchangeGated
/// @notice Base of every datarights contract other than the participant registry: staff roles
/// are read from the registry's single AccessControl table, so one grant or revocation by the
/// Admin takes effect in every contract at once.
abstract contract ExchangeGated {
    IParticipantRegistry internal immutable _participants;

    /// @dev Reverts with AccessControl's own error, so callers decode one error for every contract.
    modifier onlyExchangeRole(bytes32 role) {
        _checkExchangeRole(role, msg.sender);
        _;
    }

    /// @dev Every act of a contract reverts once its deployment is sealed (see RecordMigration).
    modifier whenNotSealed() {
        _checkNotSealed();
        _;
    }

    constructor(IParticipantRegistry participants_) {
        _participants = participants_;
    }

    /// @notice The participant registry that accredits actors and holds the staff roles.
    function participantRegistry() external view returns (IParticipantRegistry) {
        return _participants;
    }

    function _checkExchangeRole(bytes32 role, address account) internal view {
        if (!_participants.hasRole(role, account)) {
            revert IAccessControl.AccessControlUnauthorizedAccount(account, role);
        }
    }

    /// @dev The Registrar acts directly; the listing and trade contracts act through MARKET_ROLE.
    function _checkRegistrarOrMarket() internal view {
        if (!_participants.hasRole(ExchangeRoles.MARKET_ROLE, msg.sender)) {
            _checkExchangeRole(ExchangeRoles.REGISTRAR_ROLE, msg.sender);
        }
    }

    /// @dev The caller is `party` itself, not replaced since, or the account that replaced it (key
    /// rotation): a replaced key loses what its participant holds, and the new one takes it over.
    function _callerIs(address party) internal view returns (bool) {
        if (msg.sender == party) return _participants.currentAccount(party) == party;
        return _participants.currentAccount(party) == msg.sender;
    }

    function _isRegistrar(address account) internal view returns (bool) {
        return _participants.hasRole(ExchangeRoles.REGISTRAR_ROLE, account);
    }

    /// @dev Reverts with RecordMigrationSealed once the contract is sealed; reads never call it.
    function _checkNotSealed() internal view virtual;

    /// @dev Reverts with RecordMigrationAwaitingCarry while a successor's counts are not settled:
    /// every act that makes a new record (and so takes an id) calls it.
    function _checkNotAwaitingCarry() internal view virtual;

    /// @dev The time seam: test contracts override it; uint40 holds timestamps until year 36812.
    function _now() internal view virtual returns (uint40) {
        return uint40(block.timestamp);
    }
}
