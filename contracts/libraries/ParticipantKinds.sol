// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title ParticipantKinds
/// @notice Bit flags for the kinds of market entity a participant is accredited as. One account
/// may hold several kinds, so a participant's kinds are a bit set of these flags.
library ParticipantKinds {
    uint8 internal constant PROVIDER = 1 << 0;
    uint8 internal constant BUYER = 1 << 1;
    uint8 internal constant ASSESSOR = 1 << 2;
    uint8 internal constant BROKER = 1 << 3;
    uint8 internal constant FINANCIER = 1 << 4;
    uint8 internal constant AUDITOR = 1 << 5;
    /// @dev Every defined flag; anything outside it is rejected.
    uint8 internal constant ALL = (1 << 6) - 1;
}
