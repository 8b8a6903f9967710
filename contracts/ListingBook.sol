// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IListingBook} from "./interfaces/IListingBook.sol";
import {IDataProductRegistry} from "./interfaces/IDataProductRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {ExchangeGated} from "./utils/ExchangeGated.sol";
import {RecordMigration} from "./utils/RecordMigration.sol";
import {
    ProductId, Listing, ReferencePrice, PricingMethod, RightCategory, AssessmentKind
} from "./types/DataRightsTypes.sol";

/// @title ListingBook
/// @notice Listing terms and reference prices of the exchange's products.
contract ListingBook is IListingBook, ExchangeGated, RecordMigration {
    /// @notice Most jurisdictions one listing may name.
    uint256 public constant MAX_JURISDICTIONS = 32;

    IDataProductRegistry private immutable _products;
    mapping(ProductId productId => Listing) private _listings;
    /// @dev The permitted jurisdictions again, as a set: a trade checks its buyer's in one read.
    mapping(ProductId productId => mapping(bytes2 jurisdiction => bool)) private _permitted;
    /// @dev The seal (see RecordMigration). No trade reads it: listing terms change off the trade path.
    bool private _sealedFlag;

    modifier onlyRegistrar() {
        _checkExchangeRole(ExchangeRoles.REGISTRAR_ROLE, msg.sender);
        _;
    }

    /// @param predecessor_ The predecessor deployment's listing book, zero for the first one.
    constructor(IParticipantRegistry participants_, IDataProductRegistry products_, address predecessor_)
        ExchangeGated(participants_)
        RecordMigration(predecessor_)
    {
        _products = products_;
        // A listing book answers this; no other contract of a deployment does (a kind check).
        if (predecessor_ != address(0)) _predecessorCount(this.MAX_JURISDICTIONS.selector);
    }

    /// @inheritdoc IListingBook
    function list(
        ProductId productId,
        RightCategory rightOffered,
        uint40 licenceDuration,
        bytes2[] calldata permittedJurisdictions
    ) external onlyRegistrar whenNotSealed {
        if (rightOffered == RightCategory.ResourceHolding) revert ListingBookInvalidRight(rightOffered);
        if (licenceDuration == 0) revert ListingBookInvalidDuration();
        _checkJurisdictions(permittedJurisdictions);

        Listing storage entry = _listings[productId];
        bytes2[] storage previous = entry.permittedJurisdictions;
        for (uint256 i = 0; i < previous.length; ++i) delete _permitted[productId][previous[i]];
        for (uint256 i = 0; i < permittedJurisdictions.length; ++i) _permitted[productId][permittedJurisdictions[i]] = true;
        entry.rightOffered = rightOffered;
        entry.licenceDuration = licenceDuration;
        entry.listedAt = _now();
        entry.permittedJurisdictions = permittedJurisdictions;
        // The registry checks the product (certified, policy met, lineage standing, not Core,
        // frozen or superseded) and lists it; the terms are announced only once it has.
        _products.list(productId);
        emit ListingTermsSet(productId, rightOffered, licenceDuration, permittedJurisdictions);
    }

    /// @inheritdoc IListingBook
    function relist(ProductId productId) external onlyRegistrar whenNotSealed {
        Listing storage entry = _existing(productId);
        entry.listedAt = _now();
        _products.list(productId);
    }

    /// @inheritdoc IListingBook
    function delist(ProductId productId) external whenNotSealed {
        _existing(productId);
        (address provider,,,) = _products.productState(productId);
        if (!_callerIs(provider)) _checkExchangeRole(ExchangeRoles.REGISTRAR_ROLE, msg.sender);
        _products.delist(productId);
    }

    /// @inheritdoc IListingBook
    function proposePrice(ProductId productId, uint128 amount, bytes3 currency, PricingMethod method)
        external
        whenNotSealed
    {
        Listing storage entry = _existing(productId);
        (address provider,,,) = _products.productState(productId);
        bool pricer = _isRegistrar(msg.sender)
            || (msg.sender != provider && _participants.isAccreditedAssessor(msg.sender, AssessmentKind.PriceEvaluation)
                && _participants.currentAccount(provider) != msg.sender);
        if (!pricer) revert ListingBookNotPricer(msg.sender);
        if (method == PricingMethod.Negotiable || amount == 0 || !_isCurrencyCode(currency)) {
            revert ListingBookInvalidPrice(amount, currency, method);
        }
        entry.proposedPrice = ReferencePrice(amount, currency, method, _now(), msg.sender);
        emit PriceProposed(productId, msg.sender, amount, currency, method);
    }

    /// @inheritdoc IListingBook
    function confirmPrice(ProductId productId) external whenNotSealed {
        Listing storage entry = _existing(productId);
        _checkProvider(productId);
        ReferencePrice memory proposal = entry.proposedPrice;
        if (proposal.setAt == 0) revert ListingBookNoProposal(productId);
        proposal.setAt = _now();
        entry.price = proposal;
        delete entry.proposedPrice;
        emit ReferencePriceChanged(productId, proposal.proposedBy, proposal.amount, proposal.currency, proposal.method);
    }

    /// @inheritdoc IListingBook
    function setNegotiable(ProductId productId) external whenNotSealed {
        Listing storage entry = _existing(productId);
        _checkProvider(productId);
        entry.price = ReferencePrice(0, bytes3(0), PricingMethod.Negotiable, _now(), msg.sender);
        emit ReferencePriceChanged(productId, msg.sender, 0, bytes3(0), PricingMethod.Negotiable);
    }

    /// @inheritdoc IListingBook
    function listing(ProductId productId) external view returns (Listing memory) {
        return _existing(productId);
    }

    /// @inheritdoc IListingBook
    function tradeTerms(ProductId productId, bytes2 jurisdiction)
        external
        view
        returns (RightCategory rightOffered, uint40 licenceDuration, bool jurisdictionPermitted)
    {
        Listing storage entry = _existing(productId);
        return (entry.rightOffered, entry.licenceDuration, _permitted[productId][jurisdiction]);
    }

    /// @dev Table 0: the listing of product `id` (carried products keep their ids).
    function _exportRecord(uint8 table, uint256 id) internal view override returns (bytes memory) {
        if (table != 0 || id > type(uint64).max || _listings[ProductId.wrap(uint64(id))].listedAt == 0) {
            revert RecordMigrationNothingToCarry(table, id);
        }
        return abi.encode(_listings[ProductId.wrap(uint64(id))]);
    }

    function _importRecord(uint8 table, uint256 id, bytes memory data) internal override {
        if (table != 0) revert RecordMigrationNothingToCarry(table, id);
        ProductId productId = ProductId.wrap(uint64(id));
        if (_listings[productId].listedAt != 0) revert RecordMigrationAlreadyCarried(table, id);
        Listing memory entry = abi.decode(data, (Listing));
        _listings[productId] = entry;
        for (uint256 i = 0; i < entry.permittedJurisdictions.length; ++i) {
            _permitted[productId][entry.permittedJurisdictions[i]] = true;
        }
    }

    /// @dev Listings are keyed by product, not counted: the products' own count bounds them.
    function _settleCarriedCounts() internal override {}

    function _sealed() internal view override returns (bool) {
        return _sealedFlag;
    }

    /// @dev Listings take their products' ids: there is nothing to wait for.
    function _awaitingCarry() internal pure override returns (bool) {
        return false;
    }

    function _setAwaitingCarry(bool) internal override {}

    function _setSealed() internal override {
        _sealedFlag = true;
    }

    function _checkProvider(ProductId productId) private view {
        (address provider,,,) = _products.productState(productId);
        if (!_callerIs(provider)) revert ListingBookNotProvider(productId, msg.sender);
    }

    function _existing(ProductId productId) private view returns (Listing storage entry) {
        entry = _listings[productId];
        if (entry.listedAt == 0) revert ListingBookNotListed(productId);
    }

    function _checkJurisdictions(bytes2[] calldata codes) private pure {
        if (codes.length == 0 || codes.length > MAX_JURISDICTIONS) revert ListingBookInvalidJurisdictions();
        for (uint256 i = 0; i < codes.length; ++i) {
            if (!_isUpper(codes[i][0]) || !_isUpper(codes[i][1])) revert ListingBookInvalidJurisdictions();
            for (uint256 j = 0; j < i; ++j) {
                if (codes[j] == codes[i]) revert ListingBookInvalidJurisdictions();
            }
        }
    }

    function _isCurrencyCode(bytes3 code) private pure returns (bool) {
        return _isUpper(code[0]) && _isUpper(code[1]) && _isUpper(code[2]);
    }

    function _isUpper(bytes1 char) private pure returns (bool) {
        return char >= "A" && char <= "Z";
    }
}
