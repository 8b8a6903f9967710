// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IObjectionBook} from "../interfaces/IObjectionBook.sol";
import {IRecordMigration} from "../interfaces/IRecordMigration.sol";
import {ExchangeRoles} from "../libraries/ExchangeRoles.sol";
import {ExchangeGated} from "./ExchangeGated.sol";
import {Objection, ObjectionStatus} from "../types/DataRightsTypes.sol";

/// @title ObjectionBook
/// @notice The objection procedure shared by the product registry and the certificate registry.
/// The inheriting contract says which units exist and what upholding an objection does.
abstract contract ObjectionBook is IObjectionBook, ExchangeGated {
    mapping(uint256 objectionId => Objection) private _objections;
    uint256 private _objectionCount;

    /// @inheritdoc IObjectionBook
    function lodgeObjection(uint256 targetId, bytes32 claimHash) external whenNotSealed returns (uint256 objectionId) {
        if (!_participants.isAccredited(msg.sender, 0) && !_participants.hasRole(ExchangeRoles.REGULATOR_ROLE, msg.sender)) {
            revert ObjectionClaimantNotAccredited(msg.sender);
        }
        if (claimHash == bytes32(0)) revert ObjectionMissingClaim();
        _requireObjectable(targetId);
        _checkNotAwaitingCarry();

        objectionId = ++_objectionCount;
        _objections[objectionId] = Objection({
            claimant: msg.sender,
            status: ObjectionStatus.Open,
            lodgedAt: _now(),
            resolvedAt: 0,
            targetId: targetId,
            claimHash: claimHash,
            resolutionHash: bytes32(0)
        });
        _adjustOpenObjections(targetId, true);
        emit ObjectionLodged(objectionId, targetId, msg.sender, claimHash);
    }

    /// @inheritdoc IObjectionBook
    function resolveObjection(uint256 objectionId, bool upheld, bytes32 resolutionHash)
        external
        onlyExchangeRole(ExchangeRoles.REGISTRAR_ROLE)
        whenNotSealed
    {
        Objection storage record = _objections[objectionId];
        if (record.status == ObjectionStatus.None) revert ObjectionUnknown(objectionId);
        if (record.status != ObjectionStatus.Open) revert ObjectionAlreadyResolved(objectionId);

        uint256 targetId = record.targetId;
        record.status = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
        record.resolvedAt = _now();
        record.resolutionHash = resolutionHash;
        _adjustOpenObjections(targetId, false);
        emit ObjectionResolved(objectionId, targetId, upheld, resolutionHash);

        if (upheld) _revokeOnUpheldObjection(targetId, resolutionHash);
    }

    /// @inheritdoc IObjectionBook
    function objection(uint256 objectionId) external view returns (Objection memory) {
        return _objections[objectionId];
    }

    /// @inheritdoc IObjectionBook
    function objectionCount() external view returns (uint256) {
        return _objectionCount;
    }

    /// @dev A successor deployment's objection ids continue after its predecessor's (migration).
    function _continueObjectionIds(uint256 carried) internal {
        _objectionCount = carried;
    }

    function _objectionsCounted() internal view returns (uint256) {
        return _objectionCount;
    }

    /// @dev Objection `objectionId`, encoded for the successor; empty ones are not carried.
    function _exportObjection(uint256 objectionId) internal view returns (bytes memory) {
        Objection storage record = _objections[objectionId];
        if (record.status == ObjectionStatus.None) revert IRecordMigration.RecordMigrationNothingToCarry(1, objectionId);
        return abi.encode(record);
    }

    /// @dev Writes the predecessor's objection `objectionId`, one of the `carried` ids, once.
    function _importObjection(uint256 objectionId, uint256 carried, bytes memory data) internal {
        if (objectionId > carried) revert IRecordMigration.RecordMigrationNothingToCarry(1, objectionId);
        if (_objections[objectionId].status != ObjectionStatus.None) {
            revert IRecordMigration.RecordMigrationAlreadyCarried(1, objectionId);
        }
        _objections[objectionId] = abi.decode(data, (Objection));
    }

    /// @dev Reverts unless `targetId` is a unit that can still be objected to.
    function _requireObjectable(uint256 targetId) internal view virtual;

    /// @dev Adds (`opened`) or removes one open objection of `targetId`.
    function _adjustOpenObjections(uint256 targetId, bool opened) internal virtual;

    /// @dev Revokes `targetId` after an objection against it was upheld, unless already revoked.
    function _revokeOnUpheldObjection(uint256 targetId, bytes32 reasonHash) internal virtual;
}
