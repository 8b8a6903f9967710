// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

// JSON is easier to audit with its own double quotes left unescaped.
// solhint-disable quotes

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ProductId, Certificate, CertificateStatus, CertificateValidity, RightCategory} from "./types/DataRightsTypes.sol";

/// @title CertificateRenderer
/// @notice Renders a rights certificate as an ERC-721 metadata JSON data URI, entirely on-chain,
/// so the certificate is self-describing evidence for financing, accounting and disputes.
/// @dev A separate stateless contract, so its code lives outside the certificate's 24 KiB.
contract CertificateRenderer {
    using Strings for uint256;
    using Strings for address;

    /// @notice Everything the rendered document shows besides the stored certificate.
    struct Context {
        string registrationNumber;
        string productRegistrationNumber;
        string parentRegistrationNumber;
        CertificateValidity validity;
    }

    /// @notice The metadata document of `cert`, as `data:application/json;base64,...`.
    function render(uint256 tokenId, Certificate memory cert, Context memory context)
        external
        pure
        returns (string memory)
    {
        string memory json = string.concat(
            "{",
            _header(tokenId, cert, context),
            _parties(cert),
            _dates(cert),
            _links(cert, context),
            _hashes(cert),
            _attributes(cert, context),
            "}"
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
    }

    /// @notice A Unix time as an ISO 8601 calendar date, "YYYY-MM-DD" (UTC).
    /// @dev Howard Hinnant's days-to-civil algorithm.
    function isoDate(uint256 timestamp) public pure returns (string memory) {
        uint256 z = timestamp / 86400 + 719468;
        uint256 era = z / 146097;
        uint256 dayOfEra = z - era * 146097;
        uint256 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        uint256 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        uint256 mp = (5 * dayOfYear + 2) / 153;
        uint256 day = dayOfYear - (153 * mp + 2) / 5 + 1;
        uint256 month = mp < 10 ? mp + 3 : mp - 9;
        uint256 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return string.concat(_padded(year, 4), "-", _padded(month, 2), "-", _padded(day, 2));
    }

    function _header(uint256 tokenId, Certificate memory cert, Context memory context)
        private
        pure
        returns (string memory)
    {
        string memory category = _categoryName(cert.category);
        return string.concat(
            '"name":"',
            context.registrationNumber,
            '","description":"Soulbound data rights certificate: ',
            category,
            " right to data product ",
            context.productRegistrationNumber,
            '. Non-transferable (ERC-5192).","tokenId":"',
            tokenId.toString(),
            '","registrationNumber":"',
            context.registrationNumber,
            '","category":"',
            category,
            '","product":{"id":"',
            uint256(ProductId.unwrap(cert.productId)).toString(),
            '","registrationNumber":"',
            context.productRegistrationNumber,
            '"},'
        );
    }

    function _parties(Certificate memory cert) private pure returns (string memory) {
        return string.concat(
            '"holder":"',
            cert.holder.toChecksumHexString(),
            '","issuer":"',
            cert.issuer.toChecksumHexString(),
            '","pledgee":',
            cert.pledgee == address(0) ? "null" : string.concat('"', cert.pledgee.toChecksumHexString(), '"'),
            ","
        );
    }

    function _dates(Certificate memory cert) private pure returns (string memory) {
        bool perpetual = cert.expiresAt == type(uint40).max;
        return string.concat(
            '"issuedAt":',
            uint256(cert.issuedAt).toString(),
            ',"issuedOn":"',
            isoDate(cert.issuedAt),
            '","expiresAt":',
            perpetual ? "null" : uint256(cert.expiresAt).toString(),
            ',"expiresOn":',
            perpetual ? "null" : string.concat('"', isoDate(cert.expiresAt), '"'),
            ","
        );
    }

    function _links(Certificate memory cert, Context memory context) private pure returns (string memory) {
        return string.concat(
            '"status":"',
            _statusName(cert.status),
            '","validity":"',
            _validityName(context.validity),
            '","openObjections":',
            uint256(cert.openObjections).toString(),
            ',"parent":',
            cert.parentId == 0
                ? "null"
                : string.concat(
                    '{"id":"', cert.parentId.toString(), '","registrationNumber":"', context.parentRegistrationNumber, '"}'
                ),
            ',"predecessor":',
            _optionalId(cert.predecessorId),
            ',"successor":',
            _optionalId(cert.successorId),
            ","
        );
    }

    function _hashes(Certificate memory cert) private pure returns (string memory) {
        return string.concat(
            '"scopeHash":"',
            uint256(cert.scopeHash).toHexString(32),
            '","evidenceHash":"',
            uint256(cert.evidenceHash).toHexString(32),
            '",'
        );
    }

    function _attributes(Certificate memory cert, Context memory context) private pure returns (string memory) {
        return string.concat(
            '"attributes":[{"trait_type":"Category","value":"',
            _categoryName(cert.category),
            '"},{"trait_type":"Status","value":"',
            _statusName(cert.status),
            '"},{"trait_type":"Validity","value":"',
            _validityName(context.validity),
            '"},{"trait_type":"Derived","value":"',
            cert.parentId == 0 ? "No" : "Yes",
            '"},{"trait_type":"Pledged","value":"',
            cert.pledgee == address(0) ? "No" : "Yes",
            '"},{"display_type":"date","trait_type":"Issued","value":',
            uint256(cert.issuedAt).toString(),
            "}]"
        );
    }

    function _optionalId(uint256 id) private pure returns (string memory) {
        return id == 0 ? "null" : string.concat('"', id.toString(), '"');
    }

    function _categoryName(RightCategory category) private pure returns (string memory) {
        if (category == RightCategory.ResourceHolding) return "ResourceHolding";
        if (category == RightCategory.ProcessingUse) return "ProcessingUse";
        return "ProductOperation";
    }

    function _statusName(CertificateStatus status) private pure returns (string memory) {
        if (status == CertificateStatus.Active) return "Active";
        if (status == CertificateStatus.Suspended) return "Suspended";
        if (status == CertificateStatus.Revoked) return "Revoked";
        if (status == CertificateStatus.Surrendered) return "Surrendered";
        return "Superseded";
    }

    function _validityName(CertificateValidity validity) private pure returns (string memory) {
        string[9] memory names = [
            "Valid",
            "Nonexistent",
            "Suspended",
            "Revoked",
            "Surrendered",
            "Superseded",
            "Expired",
            "AncestorInvalid",
            "ProductRevoked"
        ];
        return names[uint8(validity)];
    }

    function _padded(uint256 value, uint256 width) private pure returns (string memory digits) {
        digits = value.toString();
        while (bytes(digits).length < width) digits = string.concat("0", digits);
    }
}
