// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title ILicenceTerms
/// @notice What a trade ledger tells the certificate contract about a licence its trade granted,
/// so the certificate need not store the ledger's hashes a second time.
interface ILicenceTerms {
    /// @notice Scope and evidence of the licence granted by `tradeId`: the signed deal's EIP-712
    /// digest, and the delivery hash (the digest again when the Arbiter completed an undelivered trade).
    function licenceTerms(uint256 tradeId) external view returns (bytes32 scopeHash, bytes32 evidenceHash);
}
