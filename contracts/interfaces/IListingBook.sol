// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ProductId, Listing, PricingMethod, RightCategory} from "../types/DataRightsTypes.sol";

/// @title IListingBook
/// @notice The exchange's listings: the terms a Certified product is offered on (the right
/// offered, licence duration, permitted buyer jurisdictions) and its reference price, proposed by
/// the Registrar or a pricing agency and confirmed by the provider, or Negotiable. Whether a
/// product is listed is its status in the product registry, which this contract drives.
interface IListingBook {
    /// @notice The Registrar listed (or relisted with new terms) `productId`.
    event ListingTermsSet(
        ProductId indexed productId, RightCategory rightOffered, uint40 licenceDuration, bytes2[] permittedJurisdictions
    );

    /// @notice `proposer` proposed a reference price for `productId`, awaiting the provider.
    event PriceProposed(
        ProductId indexed productId, address indexed proposer, uint128 amount, bytes3 currency, PricingMethod method
    );

    /// @notice The reference price of `productId` changed: a proposal the provider confirmed, or
    /// `Negotiable` (amount and currency zero). Together these events are the price history.
    event ReferencePriceChanged(
        ProductId indexed productId, address indexed proposedBy, uint128 amount, bytes3 currency, PricingMethod method
    );

    /// @notice `productId` has no listing terms.
    error ListingBookNotListed(ProductId productId);
    /// @notice The right offered must be ProcessingUse or ProductOperation.
    error ListingBookInvalidRight(RightCategory right);
    /// @notice The licence duration is zero.
    error ListingBookInvalidDuration();
    /// @notice The jurisdiction list is empty, too long, repeats a code or has one that is not two upper-case letters.
    error ListingBookInvalidJurisdictions();
    /// @notice `account` is neither the Registrar nor an assessor accredited for PriceEvaluation, or provides the product.
    error ListingBookNotPricer(address account);
    /// @notice A priced method needs an amount and a three-letter ISO 4217 code; Negotiable is set with `setNegotiable`.
    error ListingBookInvalidPrice(uint128 amount, bytes3 currency, PricingMethod method);
    /// @notice There is no price proposal awaiting confirmation.
    error ListingBookNoProposal(ProductId productId);
    /// @notice `account` is not the provider of `productId`.
    error ListingBookNotProvider(ProductId productId, address account);

    /// @notice Lists, as the Registrar, a Certified (or Delisted) product on these terms; the
    /// product registry's rules apply (policy met, lineage standing, not Core, frozen or superseded).
    function list(
        ProductId productId,
        RightCategory rightOffered,
        uint40 licenceDuration,
        bytes2[] calldata permittedJurisdictions
    ) external;

    /// @notice Relists, as the Registrar, a Delisted product on its last terms.
    function relist(ProductId productId) external;

    /// @notice Delists a Listed product, as the Registrar or its provider. The terms are kept.
    function delist(ProductId productId) external;

    /// @notice Proposes, as the Registrar or an assessor accredited for PriceEvaluation, a
    /// reference price by the Cost, Income or Market method. It shows once the provider confirms it.
    function proposePrice(ProductId productId, uint128 amount, bytes3 currency, PricingMethod method) external;

    /// @notice Confirms, as the provider, the pending price proposal.
    function confirmPrice(ProductId productId) external;

    /// @notice Makes, as the provider, the price Negotiable (Shenzhen style).
    function setNegotiable(ProductId productId) external;

    /// @notice The listing of `productId`; reverts if it was never listed.
    function listing(ProductId productId) external view returns (Listing memory);

    /// @notice What a trade checks: the right offered, the licence duration, and whether a buyer
    /// in `jurisdiction` may buy.
    function tradeTerms(ProductId productId, bytes2 jurisdiction)
        external
        view
        returns (RightCategory rightOffered, uint40 licenceDuration, bool jurisdictionPermitted);
}
