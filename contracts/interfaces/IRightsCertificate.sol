// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IObjectionBook} from "./IObjectionBook.sol";
import {
    ProductId, Certificate, CertificateStatus, CertificateValidity, RightCategory
} from "../types/DataRightsTypes.sol";

/// @title IRightsCertificate
/// @notice Soulbound certificates (ERC-721 + ERC-5192) of the three categories of data rights,
/// issued by the exchange's Registrar through the registration acts of the data property
/// registration measures: initial, licence, transfer, change, cancellation, renewal, objection.
/// @dev A right never moves as a token: every transfer and approval path reverts, and a change
/// of holder is a new certificate linked to the old one, so history is never overwritten.
interface IRightsCertificate is IObjectionBook {
    /// @notice Certificate `tokenId` was issued to `holder` by `issuer`.
    /// @param parentId Certificate it was licensed out of; 0 for an initial registration.
    event CertificateIssued(
        uint256 indexed tokenId,
        ProductId indexed productId,
        address indexed holder,
        RightCategory category,
        uint256 parentId,
        address issuer,
        uint40 expiresAt,
        bytes32 scopeHash,
        bytes32 evidenceHash
    );

    /// @notice Certificate `successorId` replaced `predecessorId` by transfer (new holder) or
    /// change (new scope or evidence); `predecessorId` is now Superseded.
    event CertificateReplaced(uint256 indexed predecessorId, uint256 indexed successorId);

    /// @notice The stored status of `tokenId` changed; `reasonHash` is zero when none was given.
    event CertificateStatusChanged(
        uint256 indexed tokenId, CertificateStatus previousStatus, CertificateStatus status, bytes32 reasonHash
    );

    /// @notice Certificate `tokenId` was renewed until `expiresAt`.
    event CertificateRenewed(uint256 indexed tokenId, uint40 previousExpiresAt, uint40 expiresAt);

    /// @notice The holder pledged `tokenId` to `pledgee`, an accredited Financier.
    event CertificatePledged(uint256 indexed tokenId, address indexed pledgee, bytes32 agreementHash);

    /// @notice `pledgee` released its pledge on `tokenId`.
    event CertificateReleased(uint256 indexed tokenId, address indexed pledgee);

    /// @notice Tokens are soulbound: `tokenId` can never be transferred or approved.
    error RightsCertificateLocked(uint256 tokenId);
    /// @notice No certificate has id `tokenId`.
    error RightsCertificateUnknown(uint256 tokenId);
    /// @notice Approvals are disabled: no operator can ever move a soulbound certificate.
    error RightsCertificateApprovalsDisabled(address operator);
    /// @notice `account` is not an active accredited participant and cannot hold a right.
    error RightsCertificateHolderNotAccredited(address account);
    /// @notice Initial registrations are of ResourceHolding or ProductOperation only;
    /// a licence must be narrower than its parent (`parentCategory`).
    error RightsCertificateInvalidCategory(RightCategory category, RightCategory parentCategory);
    /// @notice `productId` does not exist, or cannot receive a right: it is Core, suspended,
    /// revoked or frozen.
    error RightsCertificateProductUnavailable(ProductId productId);
    /// @notice `expiresAt` is in the past, or after the parent's (`limit`).
    error RightsCertificateInvalidExpiry(uint40 expiresAt, uint40 limit);
    /// @notice A scope or evidence hash is zero.
    error RightsCertificateMissingHash();
    /// @notice The act needs `tokenId` valid now; it is `validity`.
    error RightsCertificateNotValid(uint256 tokenId, CertificateValidity validity);
    /// @notice The act is not allowed while `tokenId` has stored status `status`.
    error RightsCertificateInvalidStatus(uint256 tokenId, CertificateStatus status);
    /// @notice `tokenId` is frozen by an open objection.
    error RightsCertificateFrozen(uint256 tokenId);
    /// @notice `tokenId` is pledged to `pledgee` and cannot be surrendered, reissued or amended.
    error RightsCertificatePledged(uint256 tokenId, address pledgee);
    /// @notice `tokenId` is not pledged.
    error RightsCertificateNotPledged(uint256 tokenId);
    /// @notice `account` is not an accredited Financier.
    error RightsCertificateFinancierNotAccredited(address account);
    /// @notice `account` is not the holder of `tokenId`.
    error RightsCertificateNotHolder(uint256 tokenId, address account);
    /// @notice `account` is not the pledgee of `tokenId`.
    error RightsCertificateNotPledgee(uint256 tokenId, address account);
    /// @notice A transfer's new holder is the current holder.
    error RightsCertificateSameHolder(uint256 tokenId, address holder);
    /// @notice A trade id does not fit the certificate's 40-bit field.
    error RightsCertificateInvalidTrade(uint256 tradeId);
    /// @notice The roster of issuing accounts is full (65,535).
    error RightsCertificateTooManyIssuers();
    /// @notice `tokenId` has `openTrades` confirmed trades whose licences it must still grant:
    /// it cannot be surrendered, reissued or amended until they close.
    error RightsCertificateReserved(uint256 tokenId, uint256 openTrades);
    /// @notice `tokenId` has no trade reservation to release.
    error RightsCertificateNotReserved(uint256 tokenId);

    /// @notice Initial registration (首次), as the Registrar: a ResourceHolding or
    /// ProductOperation certificate of `productId` for `holder`.
    /// @param expiresAt Unix time the right ends; type(uint40).max for no end.
    /// @param scopeHash Hash of the right's scope: use purposes, territory, terms.
    /// @param evidenceHash Hash of the registration evidence.
    function issue(
        address holder,
        ProductId productId,
        RightCategory category,
        uint40 expiresAt,
        bytes32 scopeHash,
        bytes32 evidenceHash
    ) external returns (uint256 tokenId);

    /// @notice Licence (许可), as the Registrar (a trade's licence comes from `licenseForTrade`): a
    /// certificate derived out of `parentId`, on the same product, of a narrower category
    /// (ResourceHolding → ProcessingUse or ProductOperation, ProductOperation → ProcessingUse),
    /// expiring no later than its parent. Narrowing bounds every lineage to three levels, so the
    /// validity walk stays cheap. The parent must be valid, and neither it nor any ancestor
    /// pledged or frozen by an objection; its product neither suspended nor frozen.
    function license(
        uint256 parentId,
        address holder,
        RightCategory category,
        uint40 expiresAt,
        bytes32 scopeHash,
        bytes32 evidenceHash
    ) external returns (uint256 tokenId);

    /// @notice Licence granted by trade `tradeId` of the calling trade ledger (MARKET_ROLE only),
    /// under the same rules as `license` but one: the licence was reserved out of `parentId` when
    /// the trade was confirmed (`reserveForTrade`), so neither a pledge nor an objection on the
    /// chain since then stops it (an upheld objection revokes the right, and the licence's
    /// validity follows). The reservation is released. Its scope (the signed deal's digest) and evidence
    /// (the delivery hash) are not stored twice: `certificate` reads them back from the ledger.
    /// @param tradeId The trade, below 2^40; the certificate records it.
    /// @param dealDigest EIP-712 digest of the signed deal, for the event.
    /// @param deliveryHash Hash of what the seller delivered, for the event.
    function licenseForTrade(
        uint256 parentId,
        address holder,
        RightCategory category,
        uint40 expiresAt,
        uint256 tradeId,
        bytes32 dealDigest,
        bytes32 deliveryHash
    ) external returns (uint256 tokenId);

    /// @notice Transfer (转移), as the Registrar: reissues `tokenId` to `newHolder` with a link to
    /// it; the old certificate becomes Superseded and licences out of it follow the new one.
    /// Refused while the certificate is pledged, reserved by an open trade or frozen by an
    /// objection, or its product is suspended or frozen.
    function reissue(uint256 tokenId, address newHolder, bytes32 evidenceHash) external returns (uint256 newTokenId);

    /// @notice Change (变更), as the Registrar: issues a successor of `tokenId` to the same holder
    /// with a new scope and evidence; the old certificate becomes Superseded. Refused as `reissue` is.
    function amend(uint256 tokenId, bytes32 scopeHash, bytes32 evidenceHash) external returns (uint256 newTokenId);

    /// @notice Cancellation (注销), as the holder: surrenders for good a certificate that is
    /// neither pledged, frozen by an open objection, nor reserved by an open trade.
    function surrender(uint256 tokenId) external;

    /// @notice Renewal (续展), as the Registrar: extends the expiry of a certificate that is still
    /// valid (a lapsed right is registered anew), never beyond its parent's, while its product is
    /// neither suspended nor frozen.
    function renew(uint256 tokenId, uint40 expiresAt) external;

    /// @notice Suspends, as the Registrar, an active certificate; its licences stop being valid.
    function suspend(uint256 tokenId, bytes32 reasonHash) external;

    /// @notice Lifts, as the Registrar, a certificate's suspension.
    function reinstate(uint256 tokenId, bytes32 reasonHash) external;

    /// @notice Revokes, as the Registrar, a certificate for good; its licences stop being valid.
    function revoke(uint256 tokenId, bytes32 reasonHash) external;

    /// @notice Pledges, as the holder, a valid certificate to `financier`, an accredited Financier,
    /// while neither the certificate nor its product is frozen and the product is not suspended.
    function pledge(uint256 tokenId, address financier, bytes32 agreementHash) external;

    /// @notice Releases, as the pledgee, its pledge on `tokenId`.
    function release(uint256 tokenId) external;

    /// @notice The full record of `tokenId`.
    function certificate(uint256 tokenId) external view returns (Certificate memory);

    /// @notice Whether `tokenId` is valid now: it exists, is Active and unexpired, its product is
    /// not Revoked, and every ancestor is Active and unexpired (a superseded ancestor is stood in
    /// for by its successor). A valid certificate can still be blocked (see `encumbrance`).
    function validity(uint256 tokenId) external view returns (CertificateValidity);

    /// @notice The fields another contract checks before relying on a right, in one call.
    function rightOf(uint256 tokenId)
        external
        view
        returns (address holder, ProductId productId, RightCategory category, uint40 expiresAt, CertificateValidity validity);

    /// @notice Everything a trade checks about the seller's right, in one call: `rightOf`, plus
    /// what blocks selling from it: the first certificate of its chain (itself, then each
    /// ancestor's stand-in) frozen by an objection or pledged, with that certificate's pledgee
    /// (zero when only frozen); `encumberedId` is zero when the chain is clear. The product's
    /// standing (suspended, frozen) is the product registry's to tell.
    function tradableRight(uint256 tokenId)
        external
        view
        returns (
            address holder,
            ProductId productId,
            RightCategory category,
            uint40 expiresAt,
            CertificateValidity validity,
            uint256 encumberedId,
            address pledgee
        );

    /// @notice As the trade ledger (MARKET_ROLE), having checked the right with `tradableRight`:
    /// reserves the licence of a confirmed trade out of `tokenId`. Released by `licenseForTrade`
    /// or `releaseReservation`; the ledger's TradeConfirmed, TradeCompleted and
    /// TradeStatusChanged events record every change of the count.
    function reserveForTrade(uint256 tokenId) external;

    /// @notice As the trade ledger (MARKET_ROLE): releases the reservation of a trade on
    /// `tokenId` that closed without a licence (cancelled or annulled).
    function releaseReservation(uint256 tokenId) external;

    /// @notice Number of certificates ever issued; ids run from 1 to this.
    function certificateCount() external view returns (uint256);

    /// @notice The registration number of `tokenId`, e.g. "SZDE-RH-00000007".
    function registrationNumber(uint256 tokenId) external view returns (string memory);
}
