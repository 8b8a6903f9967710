// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Objection} from "../types/DataRightsTypes.sol";

/// @title IObjectionBook
/// @notice Objections (异议) of the data property registration measures: any accredited
/// participant lodges a claim against a registered unit (a product, or a certificate), which
/// freezes it until the Registrar resolves the claim. Upholding revokes the unit.
interface IObjectionBook {
    /// @notice `claimant` lodged objection `objectionId` against unit `targetId`; it is now frozen.
    /// @param claimHash Hash of the claim document.
    event ObjectionLodged(
        uint256 indexed objectionId, uint256 indexed targetId, address indexed claimant, bytes32 claimHash
    );

    /// @notice The Registrar resolved objection `objectionId`; `upheld` revokes the unit.
    /// @param resolutionHash Hash of the decision.
    event ObjectionResolved(
        uint256 indexed objectionId, uint256 indexed targetId, bool upheld, bytes32 resolutionHash
    );

    /// @notice No objection has id `objectionId`.
    error ObjectionUnknown(uint256 objectionId);
    /// @notice Objection `objectionId` was already resolved.
    error ObjectionAlreadyResolved(uint256 objectionId);
    /// @notice The claim hash is zero.
    error ObjectionMissingClaim();
    /// @notice `account` is neither an active accredited participant nor the regulator, and may not
    /// lodge objections.
    error ObjectionClaimantNotAccredited(address account);

    /// @notice Lodges, as an active accredited participant or the regulator (REGULATOR_ROLE), an
    /// objection against unit `targetId`.
    /// The unit is frozen while any objection against it is open.
    /// @return objectionId Sequential id of the new objection, from 1.
    function lodgeObjection(uint256 targetId, bytes32 claimHash) external returns (uint256 objectionId);

    /// @notice Resolves, as the Registrar, an open objection. Upholding it revokes the unit;
    /// dismissing it only lifts this objection's freeze.
    function resolveObjection(uint256 objectionId, bool upheld, bytes32 resolutionHash) external;

    /// @notice The objection with id `objectionId`.
    function objection(uint256 objectionId) external view returns (Objection memory);

    /// @notice Number of objections ever lodged with this contract.
    function objectionCount() external view returns (uint256);

    /// @notice Number of open objections against unit `targetId`; non-zero means frozen.
    function openObjections(uint256 targetId) external view returns (uint256);
}
