// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title IRecordMigration
/// @notice How a successor deployment carries the records of its predecessor over (immutable
/// versions, as EAS and Uniswap chose, instead of upgradeable proxies). Each contract of a
/// deployment that has a predecessor starts its ids after the predecessor's, so every carried
/// record keeps its id, and therefore its registration number, and new records never collide with
/// them. The successor pulls each record from the predecessor contract itself (`exportRecord`):
/// whoever starts an import chooses only which records, never what they say.
/// @dev Tables: 0 is the contract's own unit (participants by account, products, certificates,
/// assessments, listings by product, trades); 1 is its objections (products, certificates) or
/// its issuer or assessor roster (certificates: issuers by 1-based index; assessments: assessors).
interface IRecordMigration {
    /// @notice Record `id` of `table` was carried over from the predecessor contract, unchanged.
    event RecordImported(uint8 indexed table, uint256 indexed id);

    /// @notice The deployment has no predecessor, or the predecessor's Admin has not yet named this
    /// deployment its successor (`ParticipantRegistry.setSuccessor`), so its records are not final.
    error RecordMigrationNotSucceeded(address predecessorRegistry);
    /// @notice `predecessor` is not the same contract of the deployment the registry succeeds.
    error RecordMigrationInvalidPredecessor(address predecessor);
    /// @notice `table` has no record `id` to carry: an unknown table, an id the predecessor never
    /// issued, or an empty record.
    error RecordMigrationNothingToCarry(uint8 table, uint256 id);
    /// @notice Record `id` of `table` is here already: a record is carried once.
    error RecordMigrationAlreadyCarried(uint8 table, uint256 id);

    /// @notice Record `id` of `table` as this contract stores it, for its successor to import.
    /// Reverts with RecordMigrationNothingToCarry for an unknown table or an empty record.
    function exportRecord(uint8 table, uint256 id) external view returns (bytes memory);

    /// @notice Carries records `ids` of `table` over from the predecessor. Admin only, and only
    /// once the predecessor's registry names this deployment's registry its successor.
    function importRecords(uint8 table, uint256[] calldata ids) external;
}
