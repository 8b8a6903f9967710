// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title ExchangeTimelock
/// @notice OpenZeppelin's TimelockController, unchanged, as the exchange's governance: it may hold
/// the ParticipantRegistry's Admin role, so that every policy change (role grants, the assessment
/// policy, the successor) is scheduled in public (CallScheduled) and waits out `getMinDelay()`
/// before anyone can execute it.
contract ExchangeTimelock is TimelockController {
    /// @param minDelay Seconds a scheduled change waits before it may be executed.
    /// @param proposers Who may schedule and cancel changes (the exchange's governance board).
    /// @param executors Who may execute a change once due; the zero address lets anyone.
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {}
}
