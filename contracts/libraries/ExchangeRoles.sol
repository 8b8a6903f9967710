// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title ExchangeRoles
/// @notice Role identifiers of the exchange's staff, held in the ParticipantRegistry's
/// AccessControl table and checked by every datarights contract. The Admin is AccessControl's
/// DEFAULT_ADMIN_ROLE (0x00).
library ExchangeRoles {
    /// @dev Governance: grants roles, sets the assessment policy and the successor. Equal to
    /// AccessControl's default admin role; one holder, handed over in two steps with a delay.
    bytes32 internal constant DEFAULT_ADMIN_ROLE = 0x00;
    /// @dev Accredits participants, registers rights, issues and revokes certificates, confirms trades.
    bytes32 internal constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @dev Resolves trade disputes.
    bytes32 internal constant ARBITER_ROLE = keccak256("ARBITER_ROLE");
    /// @dev Held by the ListingBook and TradeLedger contracts only: list and delist products,
    /// and license the right a completed trade grants.
    bytes32 internal constant MARKET_ROLE = keccak256("MARKET_ROLE");
    /// @dev Pauses and unpauses new registrations, certificate issues and trades in an emergency;
    /// never reads, verification or the acts of trades already confirmed.
    bytes32 internal constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @dev The supervising regulator, distinct from the exchange: lodges objections without an
    /// accreditation of its own (every record is public to read).
    bytes32 internal constant REGULATOR_ROLE = keccak256("REGULATOR_ROLE");
}
