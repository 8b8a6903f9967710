// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IRecordMigration} from "../interfaces/IRecordMigration.sol";
import {ExchangeRoles} from "../libraries/ExchangeRoles.sol";
import {ExchangeGated} from "./ExchangeGated.sol";

/// @title RecordMigration
/// @notice Both sides of a migration for every contract but the participant registry. As a
/// predecessor: the seal, after which every act reverts, and the export of each record. As a
/// successor: the contract of the same kind in the predecessor deployment, and the import that
/// pulls its records once that contract is sealed.
abstract contract RecordMigration is IRecordMigration, ExchangeGated {
    /// @notice The first import settled this successor's counts on its sealed predecessor's: new
    /// records may be made from now on, after the carried ones' ids.
    event CarriedCountsSettled();

    address private immutable _predecessorContract;

    /// @param predecessor_ The same contract of the deployment the registry succeeds; zero exactly
    /// when the registry has no predecessor.
    constructor(address predecessor_) {
        address previousRegistry = address(_participants.predecessor());
        if (
            (previousRegistry == address(0)) != (predecessor_ == address(0))
                || (predecessor_ != address(0)
                    && address(ExchangeGated(predecessor_).participantRegistry()) != previousRegistry)
        ) revert RecordMigrationInvalidPredecessor(predecessor_);
        _predecessorContract = predecessor_;
    }

    /// @notice The same contract of the predecessor deployment, whose records this one carries on;
    /// zero in an exchange's first deployment.
    function predecessor() public view returns (address) {
        return _predecessorContract;
    }

    /// @notice Seals this contract, once its registry names a successor deployment (an Admin's
    /// decision, `ParticipantRegistry.setSuccessor`): from then on every act reverts with
    /// RecordMigrationSealed, and reads go on. Anyone may seal, as the decision is already taken
    /// (the certificates excepted: the trade ledger seals them with itself, see `_afterSeal`).
    function seal() external {
        _checkSealer();
        address successorRegistry = address(_participants.successor());
        if (successorRegistry == address(0)) revert RecordMigrationNoSuccessor();
        if (_sealed()) revert RecordMigrationSealed(successorRegistry);
        _setSealed();
        emit Sealed(successorRegistry);
        _afterSeal();
    }

    /// @notice True while this successor's contract waits for its first import, which settles its
    /// counts on the sealed predecessor's: until then it makes no new records.
    function awaitingCarry() external view returns (bool) {
        return _awaitingCarry();
    }

    /// @inheritdoc IRecordMigration
    function isSealed() external view returns (bool) {
        return _sealed();
    }

    /// @inheritdoc IRecordMigration
    function exportRecord(uint8 table, uint256 id) external view returns (bytes memory) {
        return _exportRecord(table, id);
    }

    /// @inheritdoc IRecordMigration
    function importRecords(uint8 table, uint256[] calldata ids)
        external
        onlyExchangeRole(ExchangeRoles.DEFAULT_ADMIN_ROLE)
        whenNotSealed
    {
        IParticipantRegistry previousRegistry = _participants.predecessor();
        if (address(previousRegistry) == address(0) || previousRegistry.successor() != _participants) {
            revert RecordMigrationNotSucceeded(address(previousRegistry));
        }
        IRecordMigration source = IRecordMigration(_predecessorContract);
        if (!source.isSealed()) revert RecordMigrationNotSealed(address(source));
        if (_awaitingCarry()) {
            _settleCarriedCounts();
            _setAwaitingCarry(false);
            emit CarriedCountsSettled();
        }
        for (uint256 i = 0; i < ids.length; ++i) {
            _importRecord(table, ids[i], source.exportRecord(table, ids[i]));
            emit RecordImported(table, ids[i]);
        }
    }

    /// @dev Predecessor's count of a table, read once at construction: ids up to it are carried.
    function _predecessorCount(bytes4 counter) internal view returns (uint256 count) {
        if (_predecessorContract == address(0)) return 0;
        (bool ok, bytes memory answer) = _predecessorContract.staticcall(abi.encodeWithSelector(counter));
        if (!ok || answer.length != 32) revert RecordMigrationInvalidPredecessor(_predecessorContract);
        count = abi.decode(answer, (uint256));
    }

    /// @dev The ids to carry of a table whose predecessor's `counter` is final (sealed): `carried`,
    /// the count this contract continued its ids after (`ownCount`), or more if the predecessor made
    /// records after this contract was built (a receipt or an objection during the move, which the
    /// pause does not stop): their ids are still free here as long as nothing new was made here,
    /// and the caller then moves its own count on to them. Else RecordMigrationLateRecords.
    function _carriedAfterSeal(bytes4 counter, uint256 carried, uint256 ownCount) internal view returns (uint256 count) {
        count = _predecessorCount(counter);
        if (count != carried && (count < carried || ownCount != carried)) {
            revert RecordMigrationLateRecords(_predecessorContract, carried, count);
        }
    }

    function _checkNotSealed() internal view override {
        if (_sealed()) revert RecordMigrationSealed(address(_participants.successor()));
    }

    function _checkNotAwaitingCarry() internal view override {
        if (_awaitingCarry()) revert RecordMigrationAwaitingCarry(_predecessorContract);
    }

    /// @dev Who may seal: anyone, unless a contract says otherwise.
    function _checkSealer() internal view virtual {}

    /// @dev What sealing this contract seals with it.
    function _afterSeal() internal virtual {}

    /// @dev Set in a successor's constructor, cleared by its first import; kept by the inheriting
    /// contract beside the counter its new records read anyway.
    function _awaitingCarry() internal view virtual returns (bool);

    function _setAwaitingCarry(bool awaiting) internal virtual;

    /// @dev Settles every count this contract continued its ids after on the sealed predecessor's
    /// (`_carriedAfterSeal` for each).
    function _settleCarriedCounts() internal virtual;

    /// @dev The seal's flag, kept by the inheriting contract in a slot its acts read anyway.
    function _sealed() internal view virtual returns (bool);

    function _setSealed() internal virtual;

    /// @dev Reverts with RecordMigrationNothingToCarry unless record `id` of `table` exists here.
    function _exportRecord(uint8 table, uint256 id) internal view virtual returns (bytes memory);

    /// @dev Writes `data`, as the predecessor's `_exportRecord` encoded it, as record `id` of
    /// `table`; reverts unless `id` is a carried id not yet written.
    function _importRecord(uint8 table, uint256 id, bytes memory data) internal virtual;
}
