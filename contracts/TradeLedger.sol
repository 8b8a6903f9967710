// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ITradeLedger} from "./interfaces/ITradeLedger.sol";
import {ILicenceTerms} from "./interfaces/ILicenceTerms.sol";
import {IDataProductRegistry} from "./interfaces/IDataProductRegistry.sol";
import {IRightsCertificate} from "./interfaces/IRightsCertificate.sol";
import {IAssessmentRegistry} from "./interfaces/IAssessmentRegistry.sol";
import {IListingBook} from "./interfaces/IListingBook.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {Signatures} from "./libraries/Signatures.sol";
import {ParticipantKinds} from "./libraries/ParticipantKinds.sol";
import {ExchangeGated} from "./utils/ExchangeGated.sol";
import {EmergencyPause} from "./utils/EmergencyPause.sol";
import {RecordMigration} from "./utils/RecordMigration.sol";
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
contract TradeLedger is ITradeLedger, EmergencyPause, EIP712, RecordMigration {
    bytes32 public constant DEAL_TYPEHASH = keccak256(
        "Deal(uint64 productId,bytes32 contentHash,address seller,address buyer,address broker,uint256 sellerCertificateId,"
        "uint8 rightGranted,uint128 priceAmount,bytes3 currency,bytes32 priceCommitment,bytes32 termsHash,"
        "bytes32 purposeHash,uint40 licenceExpiresAt,bool crossBorder,uint256 nonce,uint256 deadline)"
    );

    uint8 private constant _CROSS_BORDER = 1;
    uint8 private constant _SELLER_CANCELLED = 2;
    uint8 private constant _BUYER_CANCELLED = 4;

    /// @dev A trade, unpacked. Stored as one packed word plus the deal digest (see `_storeCore`):
    /// the product and the seller follow from the seller's soulbound certificate, and once the
    /// trade is completed the buyer from the buyer's. Trades are not indexed by product or party
    /// here: the TradeConfirmed events (product and buyer indexed, the seller in the deal) answer
    /// those queries, as the mirror does.
    struct Record {
        address buyer;
        TradeStatus status;
        TradeStatus statusBeforeDispute;
        RightCategory rightGranted;
        uint8 flags;
        uint40 licenceExpiresAt;
        uint40 sellerCertificateId;
        uint48 buyerCertificateId;
    }

    /// @dev A party's accreditation record, as `IParticipantRegistry.accreditation` returns it.
    struct Party {
        ParticipantStatus status;
        uint8 kinds;
        bytes2 jurisdiction;
        uint40 accreditedUntil;
        uint64 nonceFloor;
    }

    /// @dev What the checks of `confirm` learn about the parties and the product.
    struct Checked {
        ProductId productId;
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
    mapping(uint256 tradeId => bytes32) private _dealDigests;
    mapping(uint256 tradeId => bytes32) private _deliveryHashes;
    mapping(uint256 tradeId => bytes32) private _paymentReferences;
    /// @dev Per seller, buyer and product: the least nonce a deal between them may still carry.
    /// Confirming or voiding a deal moves it past that deal's nonce, so every older deal of the
    /// same parties on the same product is dead too.
    mapping(bytes32 dealKey => uint256 nonce) private _dealNonces;
    uint48 private _tradeCount;
    /// @dev Beside the count that `confirm` reads anyway: the pause check costs no cold read.
    bool private _pausedFlag;
    /// @dev The seal (see RecordMigration), in the same slot, and the wait for the first import.
    bool private _sealedFlag;
    bool private _awaitingCarryFlag;
    /// @dev Trades of the predecessor deployment: ids up to this are carried over (settled at the
    /// first import, once the predecessor is sealed).
    uint256 private _carriedTrades;

    constructor(
        IParticipantRegistry participants_,
        IDataProductRegistry products_,
        IRightsCertificate certificates_,
        IAssessmentRegistry assessments_,
        IListingBook listings_,
        address predecessor_
    ) ExchangeGated(participants_) EIP712("datarights TradeLedger", "1") RecordMigration(predecessor_) {
        // Deals signed for the predecessor name its ledger in their EIP-712 domain, so none of
        // them, confirmed or not, can be booked here: the deal nonces need not be carried.
        _carriedTrades = _predecessorCount(ITradeLedger.tradeCount.selector);
        _tradeCount = uint48(_carriedTrades);
        if (predecessor_ != address(0)) {
            _pausedFlag = true;
            _awaitingCarryFlag = true;
            emit Paused(msg.sender);
        }
        _products = products_;
        _certificates = certificates_;
        _assessments = assessments_;
        _listings = listings_;
    }

    /// @inheritdoc ITradeLedger
    function confirm(Deal calldata deal, bytes calldata sellerSignature, bytes calldata buyerSignature)
        external
        whenNotSealed
        onlyExchangeRole(ExchangeRoles.REGISTRAR_ROLE)
        returns (uint256 tradeId)
    {
        bytes32 digest = _checkDeal(deal, sellerSignature, buyerSignature);
        tradeId = _book(deal, digest);
        emit TradeConfirmed(tradeId, deal.productId, deal.buyer, digest, deal);
        // The licence is reserved out of the seller's right, so the seller cannot withdraw it
        // (surrender, transfer, change) before the trade closes.
        _certificates.reserveForTrade(deal.sellerCertificateId);
    }

    /// @inheritdoc ITradeLedger
    function deliver(uint256 tradeId, bytes32 deliveryHash) external whenNotSealed {
        Record memory record = _existing(tradeId);
        address seller = _sellerOf(record);
        // The seller's replacement (key rotation) may also correct a delivery its old key recorded.
        bool replacement = msg.sender != seller;
        if (replacement && _participants.currentAccount(seller) != msg.sender) revert TradeLedgerNotParty(tradeId, msg.sender);
        if (record.status != TradeStatus.Confirmed && !(replacement && record.status == TradeStatus.Delivered)) {
            revert TradeLedgerInvalidStatus(tradeId, record.status);
        }
        if (deliveryHash == bytes32(0)) revert TradeLedgerMissingHash();
        _deliveryHashes[tradeId] = deliveryHash;
        record.status = TradeStatus.Delivered;
        _storeCore(tradeId, record);
        emit TradeDelivered(tradeId, deliveryHash);
    }

    /// @inheritdoc ITradeLedger
    function confirmReceipt(uint256 tradeId) external whenNotSealed returns (uint256 certificateId) {
        Record memory record = _existing(tradeId);
        if (!_acts(record.buyer)) revert TradeLedgerNotParty(tradeId, msg.sender);
        if (record.status != TradeStatus.Delivered) revert TradeLedgerInvalidStatus(tradeId, record.status);
        return _complete(tradeId, record, bytes32(0));
    }

    /// @inheritdoc ITradeLedger
    function dispute(uint256 tradeId, bytes32 reasonHash) external whenNotSealed {
        Record memory record = _existing(tradeId);
        if (_sideOf(record) == 0) revert TradeLedgerNotParty(tradeId, msg.sender);
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
        whenNotSealed
        onlyExchangeRole(ExchangeRoles.ARBITER_ROLE)
    {
        Record memory record = _existing(tradeId);
        if (record.status != TradeStatus.Disputed) revert TradeLedgerInvalidStatus(tradeId, record.status);
        if (upheld) {
            _setStatus(tradeId, record, TradeStatus.Annulled, resolutionHash);
            _certificates.releaseReservation(record.sellerCertificateId);
        } else {
            _complete(tradeId, record, resolutionHash);
        }
    }

    /// @inheritdoc ITradeLedger
    function cancel(uint256 tradeId) external whenNotSealed {
        Record memory record = _existing(tradeId);
        uint8 flag = _sideOf(record);
        if (flag == 0) revert TradeLedgerNotParty(tradeId, msg.sender);
        if (record.status != TradeStatus.Confirmed) revert TradeLedgerInvalidStatus(tradeId, record.status);
        record.flags |= flag;
        emit TradeCancellationRequested(tradeId, msg.sender, flag == _BUYER_CANCELLED);
        if (record.flags & (_BUYER_CANCELLED | _SELLER_CANCELLED) == (_BUYER_CANCELLED | _SELLER_CANCELLED)) {
            _setStatus(tradeId, record, TradeStatus.Cancelled, bytes32(0));
            _certificates.releaseReservation(record.sellerCertificateId);
        } else {
            _storeCore(tradeId, record);
        }
    }

    /// @inheritdoc ITradeLedger
    function attachPaymentReference(uint256 tradeId, bytes32 paymentReference) external whenNotSealed {
        Record memory record = _existing(tradeId);
        if (_sideOf(record) == 0 && !_isRegistrar(msg.sender)) revert TradeLedgerNotParty(tradeId, msg.sender);
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
        // Every field of a Deal is a value type, so its ABI encoding is its fields' words in
        // order: exactly EIP-712's encodeData.
        return _hashTypedDataV4(keccak256(abi.encode(DEAL_TYPEHASH, deal)));
    }

    /// @inheritdoc ITradeLedger
    function voidDeal(Deal calldata deal) external whenNotSealed {
        // A caller can only name itself as a party, and the key includes both parties: a
        // stranger naming itself as buyer voids nothing but deals with itself.
        if (msg.sender != deal.seller && msg.sender != deal.buyer) revert TradeLedgerNotDealParty(msg.sender);
        bytes32 key = _dealKey(deal.seller, deal.buyer, deal.productId);
        _checkNonce(key, deal, _party(deal.seller).nonceFloor, _party(deal.buyer).nonceFloor);
        _dealNonces[key] = deal.nonce + 1;
        emit DealVoided(dealDigest(deal), deal.seller, deal.buyer, deal.nonce, msg.sender);
    }

    /// @inheritdoc ITradeLedger
    function dealNonce(address seller, address buyer, ProductId productId) public view returns (uint256) {
        return _leastNonce(_dealKey(seller, buyer, productId), _party(seller).nonceFloor, _party(buyer).nonceFloor);
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

    /// @dev Completion by receipt or by a rejected dispute: the seller must still be an accredited
    /// provider. The trade is marked Completed before the licence is minted.
    function _complete(uint256 tradeId, Record memory record, bytes32 reasonHash) private returns (uint256 certificateId) {
        address seller = _sellerOf(record);
        Party memory sellerParty = _party(seller);
        // A seller whose account was replaced (key rotation) still holds the reserved right; its record
        // is its new account's.
        if (sellerParty.status == ParticipantStatus.Revoked) sellerParty = _party(_participants.currentAccount(seller));
        _checkAccredited(seller, sellerParty, ParticipantKinds.PROVIDER);
        // The licence goes to the buyer's current account: the buyer itself when it confirms receipt.
        address buyer = msg.sender == record.buyer ? record.buyer : _participants.currentAccount(record.buyer);
        record.status = TradeStatus.Completed;
        _storeCore(tradeId, record);
        (bytes32 digest, bytes32 evidence) = licenceTerms(tradeId);
        certificateId = _certificates.licenseForTrade(
            record.sellerCertificateId, buyer, record.rightGranted, record.licenceExpiresAt, tradeId, digest, evidence
        );
        record.buyerCertificateId = uint48(certificateId);
        _storeCore(tradeId, record);
        emit TradeCompleted(tradeId, certificateId, msg.sender, reasonHash);
    }

    function _checkPrice(Deal calldata deal) private pure {
        bool isPublic = deal.priceCommitment == bytes32(0);
        bool valid = isPublic
            ? deal.priceAmount != 0 && _isUpper(deal.currency[0]) && _isUpper(deal.currency[1]) && _isUpper(deal.currency[2])
            : deal.priceAmount == 0 && deal.currency == bytes3(0);
        if (!valid) revert TradeLedgerInvalidPrice();
    }

    /// @dev Every check of `confirm`; returns the deal's digest.
    function _checkDeal(Deal calldata deal, bytes calldata sellerSignature, bytes calldata buyerSignature)
        private
        view
        returns (bytes32 digest)
    {
        if (block.timestamp > deal.deadline) revert TradeLedgerExpiredDeal(deal.deadline);
        if (deal.seller == deal.buyer) revert TradeLedgerSelfDeal(deal.seller);
        _checkPrice(deal);
        digest = dealDigest(deal);
        _checkSignature(digest, deal.seller, sellerSignature);
        _checkSignature(digest, deal.buyer, buyerSignature);
        // Both parties' records are read once: their nonce floors now, their accreditation below.
        Party memory seller = _party(deal.seller);
        Party memory buyer = _party(deal.buyer);
        _checkNonce(_dealKey(deal.seller, deal.buyer, deal.productId), deal, seller.nonceFloor, buyer.nonceFloor);
        Checked memory checked = _checkProduct(deal);
        _checkAccredited(deal.seller, seller, ParticipantKinds.PROVIDER);
        _checkRight(deal, checked);
        _checkAccredited(deal.buyer, buyer, ParticipantKinds.BUYER);
        _checkBuyerTerms(deal, checked, buyer.jurisdiction);
    }

    /// @dev Writes a checked deal as trade `tradeId`, and moves the parties' deal nonce past it.
    function _book(Deal calldata deal, bytes32 digest) private returns (uint256 tradeId) {
        // The emergency pause is read with the count, from the same slot (see EmergencyPause).
        if (_pausedFlag) revert EnforcedPause();
        if (_awaitingCarryFlag) revert RecordMigrationAwaitingCarry(predecessor());
        uint48 id = ++_tradeCount;
        tradeId = id;
        Record memory record = Record({
            buyer: deal.buyer,
            status: TradeStatus.Confirmed,
            statusBeforeDispute: TradeStatus.None,
            rightGranted: deal.rightGranted,
            flags: deal.crossBorder ? _CROSS_BORDER : 0,
            licenceExpiresAt: deal.licenceExpiresAt,
            sellerCertificateId: uint40(deal.sellerCertificateId),
            buyerCertificateId: 0
        });
        _storeCore(id, record);
        _dealDigests[id] = digest;
        _dealNonces[_dealKey(deal.seller, deal.buyer, deal.productId)] = deal.nonce + 1;
    }

    /// @dev An EOA's signature, or a contract wallet's (ERC-1271): a multisig can sign.
    function _checkSignature(bytes32 digest, address party, bytes calldata signature) private view {
        (bool valid, address signer) = Signatures.check(party, digest, signature);
        if (!valid) revert TradeLedgerInvalidSignature(party, signer);
    }

    function _checkNonce(bytes32 key, Deal calldata deal, uint64 sellerFloor, uint64 buyerFloor) private view {
        uint256 least = _leastNonce(key, sellerFloor, buyerFloor);
        if (deal.nonce < least || deal.nonce == type(uint256).max) {
            revert TradeLedgerStaleNonce(deal.seller, deal.buyer, deal.nonce, least);
        }
    }

    function _leastNonce(bytes32 key, uint64 sellerFloor, uint64 buyerFloor) private view returns (uint256 least) {
        least = _dealNonces[key];
        if (sellerFloor > least) least = sellerFloor;
        if (buyerFloor > least) least = buyerFloor;
    }

    /// @dev The product is live: Listed, unfrozen, at the signed content hash, still meeting its
    /// policy, and every direct source's edge certificate still valid.
    function _checkProduct(Deal calldata deal) private view returns (Checked memory checked) {
        ProductId productId = deal.productId;
        (ProductStatus status, bool frozen, bytes2 productJurisdiction, bytes32 contentHash, uint256 sourceCount) =
            _products.marketState(productId);
        if (status != ProductStatus.Listed) revert TradeLedgerProductNotListed(productId, status);
        if (frozen) revert TradeLedgerProductFrozen(productId);
        if (contentHash != deal.contentHash) revert TradeLedgerContentMismatch(productId, deal.contentHash);
        uint16 missing = _assessments.missingKinds(productId);
        if (missing != 0) revert TradeLedgerPolicyNotMet(productId, missing);
        if (sourceCount != 0) {
            (ProductId source, uint256 edgeCertificate, CertificateValidity edgeValidity) = _products.brokenEdge(productId);
            if (edgeCertificate != 0) revert TradeLedgerLineageBroken(productId, source, edgeCertificate, edgeValidity);
        }
        checked.productId = productId;
        checked.productJurisdiction = productJurisdiction;
    }

    /// @dev The seller's right: held by the seller, on the product, licensable, valid, and with
    /// no freeze or pledge on it or any ancestor.
    function _checkRight(Deal calldata deal, Checked memory checked) private view {
        uint256 certificateId = deal.sellerCertificateId;
        (
            address holder,
            ProductId rightProduct,
            RightCategory category,
            uint40 expiresAt,
            CertificateValidity validity,
            uint256 encumberedId,
            address pledgee
        ) = _certificates.tradableRight(certificateId);
        if (
            holder != deal.seller || ProductId.unwrap(rightProduct) != ProductId.unwrap(checked.productId)
                || category == RightCategory.ProcessingUse || validity != CertificateValidity.Valid
                || certificateId > type(uint40).max
        ) revert TradeLedgerMissingRight(checked.productId, deal.seller, certificateId);
        if (encumberedId != 0) {
            if (pledgee != address(0)) revert TradeLedgerRightPledged(encumberedId, pledgee);
            revert TradeLedgerRightFrozen(encumberedId);
        }
        checked.sellerCategory = category;
        checked.sellerExpiresAt = expiresAt;
    }

    function _party(address account) private view returns (Party memory party) {
        (party.status, party.kinds, party.jurisdiction, party.accreditedUntil, party.nonceFloor) =
            _participants.accreditation(account);
    }

    /// @dev `account` (record `party`) is an Active participant of `kind`, accreditation unexpired.
    function _checkAccredited(address account, Party memory party, uint8 kind) private view {
        if (party.status != ParticipantStatus.Active || party.kinds & kind == 0 || party.accreditedUntil <= _now()) {
            if (kind == ParticipantKinds.BUYER) revert TradeLedgerBuyerNotAccredited(account);
            revert TradeLedgerSellerNotAccredited(account);
        }
    }

    function _checkBuyerTerms(Deal calldata deal, Checked memory checked, bytes2 buyerJurisdiction) private view {
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

    /// @dev The caller is `party`, or the account that replaced it (key rotation): a trade follows its
    /// parties' replacements. The registry is asked only when the caller is not `party` itself.
    function _acts(address party) private view returns (bool) {
        return msg.sender == party || _participants.currentAccount(party) == msg.sender;
    }

    /// @dev Which side of the trade the caller acts for: _BUYER_CANCELLED, _SELLER_CANCELLED, or 0.
    /// Both recorded parties are compared before the registry is asked about replacements.
    function _sideOf(Record memory record) private view returns (uint8) {
        address seller = _sellerOf(record);
        if (msg.sender == record.buyer) return _BUYER_CANCELLED;
        if (msg.sender == seller) return _SELLER_CANCELLED;
        if (_participants.currentAccount(record.buyer) == msg.sender) return _BUYER_CANCELLED;
        if (_participants.currentAccount(seller) == msg.sender) return _SELLER_CANCELLED;
        return 0;
    }

    function _sellerOf(Record memory record) private view returns (address) {
        return IERC721(address(_certificates)).ownerOf(record.sellerCertificateId);
    }

    function _existing(uint256 tradeId) private view returns (Record memory record) {
        record = _loadCore(tradeId);
        if (record.status == TradeStatus.None) revert TradeLedgerUnknownTrade(tradeId);
        if (record.status == TradeStatus.Completed) {
            record.buyer = IERC721(address(_certificates)).ownerOf(record.buyerCertificateId);
        }
    }

    /// @dev Bit layout, low to high: party 160 | status 4 | statusBeforeDispute 4 | rightGranted 4 |
    /// flags 4 | licenceExpiresAt 40 | sellerCertificateId 40. Every enum has fewer than 16
    /// members. The party field holds the buyer until the trade is Completed, then the buyer's
    /// licence: the buyer holds it for good (it is soulbound), and a fresh slot for the licence id
    /// would cost every trade 20k gas.
    function _storeCore(uint256 tradeId, Record memory record) private {
        uint256 party = record.status == TradeStatus.Completed ? record.buyerCertificateId : uint160(record.buyer);
        _cores[tradeId] = party | (uint256(record.status) << 160) | (uint256(record.statusBeforeDispute) << 164)
            | (uint256(record.rightGranted) << 168) | (uint256(record.flags) << 172)
            | (uint256(record.licenceExpiresAt) << 176) | (uint256(record.sellerCertificateId) << 216);
    }

    function _loadCore(uint256 tradeId) private view returns (Record memory record) {
        uint256 word = _cores[tradeId];
        record.status = TradeStatus(uint8(word >> 160) & 0x0f);
        if (record.status == TradeStatus.Completed) record.buyerCertificateId = uint48(word);
        else record.buyer = address(uint160(word));
        record.statusBeforeDispute = TradeStatus(uint8(word >> 164) & 0x0f);
        record.rightGranted = RightCategory(uint8(word >> 168) & 0x0f);
        record.flags = uint8(word >> 172) & 0x0f;
        record.licenceExpiresAt = uint40(word >> 176);
        record.sellerCertificateId = uint40(word >> 216);
    }

    function _isUpper(bytes1 char) private pure returns (bool) {
        return char >= "A" && char <= "Z";
    }

    function _dealKey(address seller, address buyer, ProductId productId) private pure returns (bytes32) {
        return keccak256(abi.encode(seller, buyer, productId));
    }

    /// @dev Table 0: a trade's words, whatever its status (a completed trade's licence is carried
    /// with the certificates).
    function _exportRecord(uint8 table, uint256 id) internal view override returns (bytes memory) {
        if (table != 0 || _cores[id] == 0) revert RecordMigrationNothingToCarry(table, id);
        return abi.encode(_cores[id], _dealDigests[id], _deliveryHashes[id], _paymentReferences[id]);
    }

    function _importRecord(uint8 table, uint256 id, bytes memory data) internal override {
        if (table != 0 || id > _carriedTrades) revert RecordMigrationNothingToCarry(table, id);
        if (_cores[id] != 0) revert RecordMigrationAlreadyCarried(table, id);
        (_cores[id], _dealDigests[id], _deliveryHashes[id], _paymentReferences[id]) =
            abi.decode(data, (uint256, bytes32, bytes32, bytes32));
    }

    function _settleCarriedCounts() internal override {
        uint256 carried = _carriedAfterSeal(ITradeLedger.tradeCount.selector, _carriedTrades, _tradeCount);
        if (carried != _carriedTrades) (_carriedTrades, _tradeCount) = (carried, uint48(carried));
    }

    function _paused() internal view override returns (bool) {
        return _pausedFlag;
    }

    function _sealed() internal view override returns (bool) {
        return _sealedFlag;
    }

    /// @dev The certificates are sealed with the ledger, in one transaction: `reserveForTrade`, which
    /// only the ledger calls, then needs no check of its own on the trade path.
    function _afterSeal() internal override {
        RecordMigration(address(_certificates)).seal();
    }

    function _awaitingCarry() internal view override returns (bool) {
        return _awaitingCarryFlag;
    }

    function _setAwaitingCarry(bool awaiting) internal override {
        _awaitingCarryFlag = awaiting;
    }

    function _setSealed() internal override {
        _sealedFlag = true;
    }

    function _setPaused(bool paused_) internal override {
        _pausedFlag = paused_;
    }
}
