// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {RightCategory} from "../types/DataRightsTypes.sol";

/// @title RegistrationNumbers
/// @notice Human-readable registration numbers (登记编号): `<exchange>-E<epoch>-<unit>-<8 digits>`,
/// e.g. "SZDE-E1-DP-00000042" for product 42 or "SZDE-E1-RH-00000007" for certificate 7. Ids are
/// sequential per contract and the epoch grows with each deployment of an exchange, so the number
/// is unique without storing it.
library RegistrationNumbers {
    uint256 private constant _DIGITS = 8;

    function format(string memory exchangeCode, uint32 epoch, string memory unitCode, uint256 id)
        internal
        pure
        returns (string memory)
    {
        return string.concat(exchangeCode, "-E", zeroPadded(epoch, 1), "-", unitCode, "-", zeroPadded(id, _DIGITS));
    }

    /// @notice The two-letter unit code of a certificate category: "RH", "PU" or "PO".
    function categoryCode(RightCategory category) internal pure returns (string memory) {
        if (category == RightCategory.ResourceHolding) return "RH";
        if (category == RightCategory.ProcessingUse) return "PU";
        return "PO";
    }

    /// @dev Decimal `value`, left-padded with zeros to at least `width` digits.
    function zeroPadded(uint256 value, uint256 width) internal pure returns (string memory) {
        uint256 length = 1;
        for (uint256 rest = value / 10; rest != 0; rest /= 10) ++length;
        if (length < width) length = width;
        bytes memory digits = new bytes(length);
        for (uint256 i = length; i > 0; --i) {
            digits[i - 1] = bytes1(uint8(48 + (value % 10)));
            value /= 10;
        }
        return string(digits);
    }
}
