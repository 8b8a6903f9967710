// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Plain OpenZeppelin ERC-721 with an open mint: the yardstick the gas bench compares
/// certificate issuance against. Never deployed outside the bench.
contract BenchERC721 is ERC721 {
    constructor() ERC721("Bench", "BENCH") {}

    /// @notice Mints `tokenId` to `to`.
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
