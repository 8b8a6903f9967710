// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title IRecordMigration
/// @notice How a successor deployment carries the records of its predecessor over (immutable
/// versions, as EAS and Uniswap chose, instead of upgradeable proxies). Each contract of a
/// deployment that has a predecessor starts its ids after the predecessor's, so every carried
/// record keeps its id, and therefore its registration number, and new records never collide with
/// them. The successor pulls each record from the predecessor contract itself (`exportRecord`):
/// whoever starts an import chooses only which records, never what they say.
/// The predecessor is sealed before its records are carried: once its registry names a successor
/// (which seals the registry), anyone may `seal` each of its other contracts (the trade ledger seals
/// the certificates with itself), after which every act there reverts and only reads go on, so a
/// carried record cannot change on the old deployment, nor a right be used on both.
/// @dev Tables: 0 is the contract's own unit (participants by account, products, certificates,
/// assessments, listings by product, trades); 1 is its objections (products, certificates) or
/// its issuer or assessor roster (certificates: issuers by 1-based index; assessments: assessors).
interface IRecordMigration {
    /// @notice Record `id` of `table` was carried over from the predecessor contract, unchanged.
    event RecordImported(uint8 indexed table, uint256 indexed id);
    /// @notice This contract's records moved to the deployment of `successorRegistry`: from now on
    /// every act here reverts, and reads go on.
    event Sealed(address indexed successorRegistry);

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
    /// @notice The deployment is sealed: its records moved to the deployment of `successorRegistry`,
    /// where the act belongs.
    error RecordMigrationSealed(address successorRegistry);
    /// @notice A successor's contract makes no new records until its first import has settled its
    /// counts on the sealed `predecessor`'s, so no new record can take an id a carried one needs.
    error RecordMigrationAwaitingCarry(address predecessor);
    /// @notice Only a deployment whose registry names a successor can be sealed.
    error RecordMigrationNoSuccessor();
    /// @notice `predecessor` is not sealed yet: its records could still change after being carried.
    error RecordMigrationNotSealed(address predecessor);
    /// @notice The predecessor made records after this contract was built (it counted `carried`,
    /// it now counts `count`), and this contract has made records of its own since, under their
    /// ids: they cannot be carried.
    error RecordMigrationLateRecords(address predecessor, uint256 carried, uint256 count);

    /// @notice Record `id` of `table` as this contract stores it, for its successor to import.
    /// Reverts with RecordMigrationNothingToCarry for an unknown table or an empty record.
    function exportRecord(uint8 table, uint256 id) external view returns (bytes memory);

    /// @notice Carries records `ids` of `table` over from the predecessor. Admin only, and only
    /// once the predecessor's registry names this deployment's registry its successor and the
    /// predecessor contract is sealed with the records this contract counted when it was built.
    function importRecords(uint8 table, uint256[] calldata ids) external;

    /// @notice True once this contract's deployment has a successor and the contract is sealed:
    /// every act reverts with RecordMigrationSealed, and reads go on.
    function isSealed() external view returns (bool);
}
