// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title ExchangeRoles
/// @notice Role identifiers of the exchange's staff, held in the ParticipantRegistry's
/// AccessControl table and checked by every datarights contract. The Admin is AccessControl's
/// DEFAULT_ADMIN_ROLE (0x00).
library ExchangeRoles {
    /// @dev Governance: grants roles, sets the assessment policy. Equal to AccessControl's default admin role.
    bytes32 internal constant DEFAULT_ADMIN_ROLE = 0x00;
    /// @dev Accredits participants, registers rights, issues and revokes certificates, confirms trades.
    bytes32 internal constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @dev Resolves trade disputes.
    bytes32 internal constant ARBITER_ROLE = keccak256("ARBITER_ROLE");
    /// @dev Held by the ListingBook and TradeLedger contracts only: list and delist products,
    /// and license the right a completed trade grants.
    bytes32 internal constant MARKET_ROLE = keccak256("MARKET_ROLE");
}
