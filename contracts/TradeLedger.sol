// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ITradeLedger} from "./interfaces/ITradeLedger.sol";
import {ILicenceTerms} from "./interfaces/ILicenceTerms.sol";
import {IDataProductRegistry} from "./interfaces/IDataProductRegistry.sol";
import {IRightsCertificate} from "./interfaces/IRightsCertificate.sol";
import {IAssessmentRegistry} from "./interfaces/IAssessmentRegistry.sol";
import {IListingBook} from "./interfaces/IListingBook.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {ParticipantKinds} from "./libraries/ParticipantKinds.sol";
import {ExchangeGated} from "./utils/ExchangeGated.sol";
import {
    ProductId,
    ProductStatus,
    ParticipantStatus,
    Deal,
    Trade,
    TradeStatus,
    RightCategory,
    CertificateValidity,
    AssessmentKind
} from "./types/DataRightsTypes.sol";

/// @title TradeLedger
/// @notice Signed, confirmed, delivered and received trades of data products.
contract TradeLedger is ITradeLedger, ExchangeGated, EIP712 {
    bytes32 public constant DEAL_TYPEHASH = keccak256(
        "Deal(uint64 productId,bytes32 contentHash,address seller,address buyer,address broker,uint256 sellerCertificateId,"
        "uint8 rightGranted,uint128 priceAmount,bytes3 currency,bytes32 priceCommitment,bytes32 termsHash,"
        "bytes32 purposeHash,uint40 licenceExpiresAt,bool crossBorder,uint256 nonce,uint256 deadline)"
    );

    /// @notice Largest page the paginated views return.
    uint256 public constant MAX_PAGE = 100;

    uint8 private constant _CROSS_BORDER = 1;
    uint8 private constant _SELLER_CANCELLED = 2;
    uint8 private constant _BUYER_CANCELLED = 4;

    /// @dev A trade, unpacked. Stored as two packed words plus the deal digest (see `_store`):
    /// the product and the seller follow from the seller's soulbound certificate.
    struct Record {
        address buyer;
        TradeStatus status;
        TradeStatus statusBeforeDispute;
        RightCategory rightGranted;
        uint8 flags;
        uint40 licenceExpiresAt;
        uint48 sellerCertificateId;
        uint48 buyerCertificateId;
        uint48 previousOfProduct;
        uint48 previousOfSeller;
        uint48 previousOfBuyer;
    }

    /// @dev What the checks of `confirm` learn about the parties and the product.
    struct Checked {
        ProductId productId;
        address seller;
        address buyer;
        bytes2 buyerJurisdiction;
        bytes2 productJurisdiction;
        RightCategory sellerCategory;
        uint40 sellerExpiresAt;
    }

    IDataProductRegistry private immutable _products;
    IRightsCertificate private immutable _certificates;
    IAssessmentRegistry private immutable _assessments;
    IListingBook private immutable _listings;

    mapping(uint256 tradeId => uint256 packedCore) private _cores;
    mapping(uint256 tradeId => uint256 packedLinks) private _links;
    mapping(uint256 tradeId => bytes32) private _dealDigests;
    mapping(uint256 tradeId => bytes32) private _deliveryHashes;
    mapping(uint256 tradeId => bytes32) private _paymentReferences;
    mapping(ProductId productId => uint48 tradeId) private _latestOfProduct;
    mapping(address party => uint48 tradeId) private _latestOfParty;
    mapping(address party => mapping(uint256 word => uint256 bits)) private _usedNonces;
    uint48 private _tradeCount;

    constructor(
        IParticipantRegistry participants_,
        IDataProductRegistry products_,
        IRightsCertificate certificates_,
        IAssessmentRegistry assessments_,
        IListingBook listings_
    ) ExchangeGated(participants_) EIP712("datarights TradeLedger", "1") {
        _products = products_;
        _certificates = certificates_;
        _assessments = assessments_;
        _listings = listings_;
    }

    /// @inheritdoc ITradeLedger
    function confirm(Deal calldata deal, bytes calldata sellerSignature, bytes calldata buyerSignature)
        external
        onlyExchangeRole(ExchangeRoles.REGISTRAR_ROLE)
        returns (uint256 tradeId)
    {
        if (block.timestamp > deal.deadline) revert TradeLedgerExpiredDeal(deal.deadline);
        if (deal.seller == deal.buyer) revert TradeLedgerSelfDeal(deal.seller);
        _checkPrice(deal);
        bytes32 digest = dealDigest(deal);
        _checkSignature(digest, deal.seller, sellerSignature);
        _checkSignature(digest, deal.buyer, buyerSignature);
        _useNonce(deal.seller, deal.nonce);
        Checked memory checked = _checkProductAndRight(deal);
        _checkBuyerAndTerms(deal, checked);

        uint48 id = ++_tradeCount;
        tradeId = id;
        Record memory record = Record({
                buyer: deal.buyer,
                status: TradeStatus.Confirmed,
                statusBeforeDispute: TradeStatus.None,
                rightGranted: deal.rightGranted,
                flags: deal.crossBorder ? _CROSS_BORDER : 0,
                licenceExpiresAt: deal.licenceExpiresAt,
                sellerCertificateId: uint48(deal.sellerCertificateId),
                buyerCertificateId: 0,
                previousOfProduct: _latestOfProduct[deal.productId],
                previousOfSeller: _latestOfParty[deal.seller],
                previousOfBuyer: _latestOfParty[deal.buyer]
            });
        _storeCore(id, record);
        _storeLinks(id, record);
        _dealDigests[id] = digest;
        _latestOfProduct[deal.productId] = id;
        _latestOfParty[deal.seller] = id;
        _latestOfParty[deal.buyer] = id;
        emit TradeConfirmed(tradeId, deal.productId, deal.buyer, digest, deal);
    }

    /// @inheritdoc ITradeLedger
    function deliver(uint256 tradeId, bytes32 deliveryHash) external {
        Record memory record = _existing(tradeId);
        if (msg.sender != _sellerOf(record)) revert TradeLedgerNotParty(tradeId, msg.sender);
        if (record.status != TradeStatus.Confirmed) revert TradeLedgerInvalidStatus(tradeId, record.status);
        if (deliveryHash == bytes32(0)) revert TradeLedgerMissingHash();
        _deliveryHashes[tradeId] = deliveryHash;
        record.status = TradeStatus.Delivered;
        _storeCore(tradeId, record);
        emit TradeDelivered(tradeId, deliveryHash);
    }

    /// @inheritdoc ITradeLedger
    function confirmReceipt(uint256 tradeId) external returns (uint256 certificateId) {
        Record memory record = _existing(tradeId);
        if (msg.sender != record.buyer) revert TradeLedgerNotParty(tradeId, msg.sender);
        if (record.status != TradeStatus.Delivered) revert TradeLedgerInvalidStatus(tradeId, record.status);
        return _complete(tradeId, record, bytes32(0));
    }

    /// @inheritdoc ITradeLedger
    function dispute(uint256 tradeId, bytes32 reasonHash) external {
        Record memory record = _existing(tradeId);
        if (msg.sender != record.buyer && msg.sender != _sellerOf(record)) {
            revert TradeLedgerNotParty(tradeId, msg.sender);
        }
        if (record.status != TradeStatus.Confirmed && record.status != TradeStatus.Delivered) {
            revert TradeLedgerInvalidStatus(tradeId, record.status);
        }
        if (reasonHash == bytes32(0)) revert TradeLedgerMissingHash();
        record.statusBeforeDispute = record.status;
        _setStatus(tradeId, record, TradeStatus.Disputed, reasonHash);
    }

    /// @inheritdoc ITradeLedger
    function resolveDispute(uint256 tradeId, bool upheld, bytes32 resolutionHash)
        external
        onlyExchangeRole(ExchangeRoles.ARBITER_ROLE)
    {
        Record memory record = _existing(tradeId);
        if (record.status != TradeStatus.Disputed) revert TradeLedgerInvalidStatus(tradeId, record.status);
        if (upheld) _setStatus(tradeId, record, TradeStatus.Annulled, resolutionHash);
        else _complete(tradeId, record, resolutionHash);
    }

    /// @inheritdoc ITradeLedger
    function cancel(uint256 tradeId) external {
        Record memory record = _existing(tradeId);
        uint8 flag;
        if (msg.sender == record.buyer) flag = _BUYER_CANCELLED;
        else if (msg.sender == _sellerOf(record)) flag = _SELLER_CANCELLED;
        else revert TradeLedgerNotParty(tradeId, msg.sender);
        if (record.status != TradeStatus.Confirmed) revert TradeLedgerInvalidStatus(tradeId, record.status);
        record.flags |= flag;
        emit TradeCancellationRequested(tradeId, msg.sender);
        if (record.flags & (_BUYER_CANCELLED | _SELLER_CANCELLED) == (_BUYER_CANCELLED | _SELLER_CANCELLED)) {
            _setStatus(tradeId, record, TradeStatus.Cancelled, bytes32(0));
        } else {
            _storeCore(tradeId, record);
        }
    }

    /// @inheritdoc ITradeLedger
    function attachPaymentReference(uint256 tradeId, bytes32 paymentReference) external {
        Record memory record = _existing(tradeId);
        if (msg.sender != record.buyer && msg.sender != _sellerOf(record) && !_isRegistrar(msg.sender)) {
            revert TradeLedgerNotParty(tradeId, msg.sender);
        }
        if (paymentReference == bytes32(0)) revert TradeLedgerMissingHash();
        _paymentReferences[tradeId] = paymentReference;
        emit TradePaymentReferenceAttached(tradeId, msg.sender, paymentReference);
    }

    /// @inheritdoc ITradeLedger
    function trade(uint256 tradeId) external view returns (Trade memory) {
        Record memory record = _existing(tradeId);
        (address seller, ProductId productId,,,) = _certificates.rightOf(record.sellerCertificateId);
        return Trade({
            productId: productId,
            seller: seller,
            buyer: record.buyer,
            rightGranted: record.rightGranted,
            status: record.status,
            statusBeforeDispute: record.statusBeforeDispute,
            crossBorder: record.flags & _CROSS_BORDER != 0,
            sellerCancelled: record.flags & _SELLER_CANCELLED != 0,
            buyerCancelled: record.flags & _BUYER_CANCELLED != 0,
            licenceExpiresAt: record.licenceExpiresAt,
            sellerCertificateId: record.sellerCertificateId,
            buyerCertificateId: record.buyerCertificateId,
            dealDigest: _dealDigests[tradeId],
            deliveryHash: _deliveryHashes[tradeId],
            paymentReference: _paymentReferences[tradeId]
        });
    }

    /// @inheritdoc ITradeLedger
    function tradeCount() external view returns (uint256) {
        return _tradeCount;
    }

    /// @inheritdoc ITradeLedger
    function tradesOfProduct(ProductId productId, uint256 before, uint256 limit)
        external
        view
        returns (uint256[] memory tradeIds, uint256 next)
    {
        return _page(before == 0 ? _latestOfProduct[productId] : _loadLinks(before).previousOfProduct, limit, address(0));
    }

    /// @inheritdoc ITradeLedger
    function tradesOfParty(address party, uint256 before, uint256 limit)
        external
        view
        returns (uint256[] memory tradeIds, uint256 next)
    {
        return _page(before == 0 ? _latestOfParty[party] : _previousOfParty(before, party), limit, party);
    }

    /// @inheritdoc ITradeLedger
    function checkPriceCommitment(uint256 tradeId, uint128 amount, bytes3 currency, bytes32 salt, Deal calldata deal)
        external
        view
        returns (bool)
    {
        _existing(tradeId);
        return dealDigest(deal) == _dealDigests[tradeId] && deal.priceCommitment != bytes32(0)
            && keccak256(abi.encode(amount, currency, salt)) == deal.priceCommitment;
    }

    /// @inheritdoc ITradeLedger
    function dealDigest(Deal calldata deal) public view returns (bytes32) {
        bytes memory head = abi.encode(
            DEAL_TYPEHASH,
            deal.productId,
            deal.contentHash,
            deal.seller,
            deal.buyer,
            deal.broker,
            deal.sellerCertificateId,
            deal.rightGranted,
            deal.priceAmount
        );
        bytes memory tail = abi.encode(
            deal.currency,
            deal.priceCommitment,
            deal.termsHash,
            deal.purposeHash,
            deal.licenceExpiresAt,
            deal.crossBorder,
            deal.nonce,
            deal.deadline
        );
        return _hashTypedDataV4(keccak256(bytes.concat(head, tail)));
    }

    /// @inheritdoc ITradeLedger
    function voidDeal(Deal calldata deal) external {
        if (msg.sender != deal.seller && msg.sender != deal.buyer) revert TradeLedgerNotDealParty(msg.sender);
        _useNonce(deal.seller, deal.nonce);
        emit DealVoided(dealDigest(deal), deal.seller, deal.nonce, msg.sender);
    }

    /// @inheritdoc ILicenceTerms
    function licenceTerms(uint256 tradeId) public view returns (bytes32 scopeHash, bytes32 evidenceHash) {
        // The scope is the signed deal (its digest commits to the terms, purpose, price and
        // expiry); the evidence is what was delivered, or the deal itself when an Arbiter
        // completed an undelivered trade.
        scopeHash = _dealDigests[tradeId];
        evidenceHash = _deliveryHashes[tradeId];
        if (evidenceHash == bytes32(0)) evidenceHash = scopeHash;
    }

    /// @inheritdoc ITradeLedger
    function nonceUsed(address seller, uint256 nonce) external view returns (bool) {
        return _usedNonces[seller][nonce >> 8] & (uint256(1) << (nonce & 0xff)) != 0;
    }

    function _complete(uint256 tradeId, Record memory record, bytes32 reasonHash) private returns (uint256 certificateId) {
        (bytes32 digest, bytes32 evidence) = licenceTerms(tradeId);
        certificateId = _certificates.licenseForTrade(
            record.sellerCertificateId, record.buyer, record.rightGranted, record.licenceExpiresAt, tradeId, digest, evidence
        );
        record.buyerCertificateId = uint48(certificateId);
        record.status = TradeStatus.Completed;
        _storeCore(tradeId, record);
        _storeLinks(tradeId, record);
        emit TradeCompleted(tradeId, certificateId, msg.sender, reasonHash);
    }

    function _checkPrice(Deal calldata deal) private pure {
        bool isPublic = deal.priceCommitment == bytes32(0);
        bool valid = isPublic
            ? deal.priceAmount != 0 && _isUpper(deal.currency[0]) && _isUpper(deal.currency[1]) && _isUpper(deal.currency[2])
            : deal.priceAmount == 0 && deal.currency == bytes3(0);
        if (!valid) revert TradeLedgerInvalidPrice();
    }

    function _checkSignature(bytes32 digest, address party, bytes calldata signature) private pure {
        (address signer, ECDSA.RecoverError error_,) = ECDSA.tryRecover(digest, signature);
        if (error_ != ECDSA.RecoverError.NoError || signer != party) revert TradeLedgerInvalidSignature(party, signer);
    }

    function _useNonce(address party, uint256 nonce) private {
        uint256 bit = uint256(1) << (nonce & 0xff);
        uint256 bits = _usedNonces[party][nonce >> 8];
        if (bits & bit != 0) revert TradeLedgerNonceUsed(party, nonce);
        _usedNonces[party][nonce >> 8] = bits | bit;
    }

    function _checkProductAndRight(Deal calldata deal) private view returns (Checked memory checked) {
        ProductId productId = deal.productId;
        (ProductStatus status, bool frozen, bytes2 productJurisdiction, bytes32 contentHash) =
            _products.marketState(productId);
        if (status != ProductStatus.Listed) revert TradeLedgerProductNotListed(productId, status);
        if (frozen) revert TradeLedgerProductFrozen(productId);
        if (contentHash != deal.contentHash) revert TradeLedgerContentMismatch(productId, deal.contentHash);

        uint256 certificateId = deal.sellerCertificateId;
        (
            address holder,
            ProductId rightProduct,
            RightCategory category,
            uint40 expiresAt,
            CertificateValidity validity,
            address pledgee,
            uint256 objections
        ) = _certificates.tradableRight(certificateId);
        if (
            holder != deal.seller || ProductId.unwrap(rightProduct) != ProductId.unwrap(productId)
                || category == RightCategory.ProcessingUse || validity != CertificateValidity.Valid || objections != 0
        ) revert TradeLedgerMissingRight(productId, deal.seller, certificateId);
        if (pledgee != address(0)) revert TradeLedgerRightPledged(certificateId, pledgee);

        checked.productId = productId;
        checked.seller = deal.seller;
        checked.buyer = deal.buyer;
        checked.productJurisdiction = productJurisdiction;
        checked.sellerCategory = category;
        checked.sellerExpiresAt = expiresAt;
    }

    function _checkBuyerAndTerms(Deal calldata deal, Checked memory checked) private view {
        (ParticipantStatus buyerStatus, uint8 buyerKinds, bytes2 buyerJurisdiction, uint40 buyerUntil) =
            _participants.accreditation(deal.buyer);
        if (
            buyerStatus != ParticipantStatus.Active || buyerKinds & ParticipantKinds.BUYER == 0 || buyerUntil <= _now()
        ) revert TradeLedgerBuyerNotAccredited(deal.buyer);
        if (deal.broker != address(0) && !_participants.isAccredited(deal.broker, ParticipantKinds.BROKER)) {
            revert TradeLedgerBrokerNotAccredited(deal.broker);
        }
        checked.buyerJurisdiction = buyerJurisdiction;
        (RightCategory offered, uint40 duration, bool permitted) =
            _listings.tradeTerms(checked.productId, checked.buyerJurisdiction);
        if (
            deal.rightGranted != offered
                || (checked.sellerCategory == RightCategory.ProductOperation && offered != RightCategory.ProcessingUse)
        ) revert TradeLedgerRightNotOffered(deal.rightGranted, offered);
        if (!permitted) revert TradeLedgerJurisdictionNotPermitted(deal.buyer, checked.buyerJurisdiction);

        bool crossBorder = checked.buyerJurisdiction != checked.productJurisdiction;
        if (deal.crossBorder != crossBorder) revert TradeLedgerCrossBorderMismatch(deal.crossBorder, crossBorder);
        if (crossBorder && !_assessments.isKindSatisfied(checked.productId, AssessmentKind.CrossBorderSecurity)) {
            revert TradeLedgerCrossBorderNotAssessed(checked.productId);
        }

        uint40 limit = _now() + duration;
        if (checked.sellerExpiresAt < limit) limit = checked.sellerExpiresAt;
        if (deal.licenceExpiresAt <= _now() || deal.licenceExpiresAt > limit) {
            revert TradeLedgerInvalidLicenceExpiry(deal.licenceExpiresAt, limit);
        }
    }

    function _setStatus(uint256 tradeId, Record memory record, TradeStatus status, bytes32 reasonHash) private {
        TradeStatus previousStatus = record.status;
        record.status = status;
        _storeCore(tradeId, record);
        emit TradeStatusChanged(tradeId, previousStatus, status, msg.sender, reasonHash);
    }

    function _sellerOf(Record memory record) private view returns (address) {
        return IERC721(address(_certificates)).ownerOf(record.sellerCertificateId);
    }

    function _previousOfParty(uint256 tradeId, address party) private view returns (uint48) {
        Record memory record = _loadLinks(tradeId);
        return _loadCore(tradeId).buyer == party ? record.previousOfBuyer : record.previousOfSeller;
    }

    /// @dev Walks a chain of trades from `first`: the product chain when `party` is zero, else
    /// that party's chain.
    function _page(uint256 first, uint256 limit, address party)
        private
        view
        returns (uint256[] memory tradeIds, uint256 next)
    {
        if (limit == 0 || limit > MAX_PAGE) revert TradeLedgerInvalidPage(limit);
        uint256[] memory found = new uint256[](limit);
        uint256 count;
        uint256 cursor = first;
        while (cursor != 0 && count < limit) {
            found[count++] = cursor;
            cursor = party == address(0) ? _loadLinks(cursor).previousOfProduct : _previousOfParty(cursor, party);
        }
        tradeIds = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) tradeIds[i] = found[i];
        next = cursor == 0 ? 0 : found[count - 1];
    }

    function _existing(uint256 tradeId) private view returns (Record memory record) {
        record = _loadCore(tradeId);
        if (record.status == TradeStatus.None) revert TradeLedgerUnknownTrade(tradeId);
        Record memory links = _loadLinks(tradeId);
        record.sellerCertificateId = links.sellerCertificateId;
        record.buyerCertificateId = links.buyerCertificateId;
        record.previousOfProduct = links.previousOfProduct;
        record.previousOfSeller = links.previousOfSeller;
        record.previousOfBuyer = links.previousOfBuyer;
    }

    function _storeCore(uint256 tradeId, Record memory record) private {
        _cores[tradeId] = uint256(uint160(record.buyer)) | (uint256(record.status) << 160)
            | (uint256(record.statusBeforeDispute) << 168) | (uint256(record.rightGranted) << 176)
            | (uint256(record.flags) << 184) | (uint256(record.licenceExpiresAt) << 192);
    }

    function _storeLinks(uint256 tradeId, Record memory record) private {
        _links[tradeId] = uint256(record.sellerCertificateId) | (uint256(record.buyerCertificateId) << 48)
            | (uint256(record.previousOfProduct) << 96) | (uint256(record.previousOfSeller) << 144)
            | (uint256(record.previousOfBuyer) << 192);
    }

    function _loadCore(uint256 tradeId) private view returns (Record memory record) {
        uint256 word = _cores[tradeId];
        record.buyer = address(uint160(word));
        record.status = TradeStatus(uint8(word >> 160));
        record.statusBeforeDispute = TradeStatus(uint8(word >> 168));
        record.rightGranted = RightCategory(uint8(word >> 176));
        record.flags = uint8(word >> 184);
        record.licenceExpiresAt = uint40(word >> 192);
    }

    function _loadLinks(uint256 tradeId) private view returns (Record memory record) {
        uint256 word = _links[tradeId];
        record.sellerCertificateId = uint48(word);
        record.buyerCertificateId = uint48(word >> 48);
        record.previousOfProduct = uint48(word >> 96);
        record.previousOfSeller = uint48(word >> 144);
        record.previousOfBuyer = uint48(word >> 192);
    }

    function _isUpper(bytes1 char) private pure returns (bool) {
        return char >= "A" && char <= "Z";
    }
}
