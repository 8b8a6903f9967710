// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ILicenceTerms} from "./ILicenceTerms.sol";
import {
    ProductId, Deal, Trade, TradeStatus, RightCategory, ProductStatus, CertificateValidity
} from "../types/DataRightsTypes.sol";

/// @title ITradeLedger
/// @notice The exchange's trade ledger: deals signed by seller and buyer (EIP-712), checked and
/// confirmed by the Registrar, delivered, received — which grants the buyer a certificate
/// derived from the seller's right — disputed and resolved, so every product can be traced to
/// its past transfers and buyers.
interface ITradeLedger is ILicenceTerms {
    /// @notice The Registrar confirmed trade `tradeId`: `deal` is the full signed deal and
    /// `dealDigest` its EIP-712 digest, which becomes the scope of the buyer's certificate.
    event TradeConfirmed(
        uint256 indexed tradeId, ProductId indexed productId, address indexed buyer, bytes32 dealDigest, Deal deal
    );

    /// @notice The status of `tradeId` changed to Disputed, Annulled or Cancelled (`TradeConfirmed`,
    /// `TradeDelivered` and `TradeCompleted` mark the other changes); `reasonHash` may be zero.
    event TradeStatusChanged(
        uint256 indexed tradeId, TradeStatus previousStatus, TradeStatus status, address actor, bytes32 reasonHash
    );

    /// @notice The seller recorded the hash of what it delivered; the trade is Delivered.
    event TradeDelivered(uint256 indexed tradeId, bytes32 deliveryHash);

    /// @notice `tradeId` is Completed — by the buyer's receipt, or by `actor`, the Arbiter,
    /// rejecting a dispute (`reasonHash`) — and the buyer's certificate `certificateId` minted.
    event TradeCompleted(uint256 indexed tradeId, uint256 indexed certificateId, address actor, bytes32 reasonHash);

    /// @notice `actor`, a party to it, voided a signed deal before confirmation: no deal of the
    /// same seller, buyer and product with a nonce up to `nonce` can be confirmed any more.
    event DealVoided(bytes32 indexed dealDigest, address indexed seller, address indexed buyer, uint256 nonce, address actor);


    /// @notice A party asked to cancel `tradeId`; it is cancelled once both have. `byBuyer` says which
    /// side `party` acted for (it may be a party's replacement after a key rotation).
    event TradeCancellationRequested(uint256 indexed tradeId, address indexed party, bool byBuyer);

    /// @notice `actor` attached the hash of the off-chain settlement of `tradeId`.
    event TradePaymentReferenceAttached(uint256 indexed tradeId, address indexed actor, bytes32 paymentReference);

    /// @notice The product is not Listed (or unknown); `status` is its status.
    error TradeLedgerProductNotListed(ProductId productId, ProductStatus status);
    /// @notice The product is frozen by an open objection.
    error TradeLedgerProductFrozen(ProductId productId);
    /// @notice The deal's content hash is not the product's registered one.
    error TradeLedgerContentMismatch(ProductId productId, bytes32 contentHash);
    /// @notice The product no longer meets its assessment policy: `missingKinds` is the bit set
    /// (`1 << AssessmentKind`) of the required kinds not satisfied now.
    error TradeLedgerPolicyNotMet(ProductId productId, uint16 missingKinds);
    /// @notice The product's edge from `source` no longer stands: the provider's certificate
    /// `certificateId` on it is `validity`.
    error TradeLedgerLineageBroken(ProductId productId, ProductId source, uint256 certificateId, CertificateValidity validity);
    /// @notice `seller` does not hold `certificateId` as a valid ResourceHolding or
    /// ProductOperation right on the product.
    error TradeLedgerMissingRight(ProductId productId, address seller, uint256 certificateId);
    /// @notice The seller's right, or its ancestor `certificateId`, is pledged to `pledgee`.
    error TradeLedgerRightPledged(uint256 certificateId, address pledgee);
    /// @notice The seller's right, or its ancestor `certificateId`, is frozen by an open objection.
    error TradeLedgerRightFrozen(uint256 certificateId);
    /// @notice `account` is not an active Provider with an unexpired accreditation.
    error TradeLedgerSellerNotAccredited(address account);
    /// @notice The right granted is not the one the listing offers, or not narrower than the seller's.
    error TradeLedgerRightNotOffered(RightCategory rightGranted, RightCategory rightOffered);
    /// @notice `account` is not an active Buyer with an unexpired accreditation.
    error TradeLedgerBuyerNotAccredited(address account);
    /// @notice `account` is not an active accredited Broker.
    error TradeLedgerBrokerNotAccredited(address account);
    /// @notice The listing does not admit buyers of `jurisdiction`.
    error TradeLedgerJurisdictionNotPermitted(address buyer, bytes2 jurisdiction);
    /// @notice The cross-border flag says `declared` but the buyer's jurisdiction makes it `actual`.
    error TradeLedgerCrossBorderMismatch(bool declared, bool actual);
    /// @notice A cross-border trade needs a passed, unexpired CrossBorderSecurity assessment.
    error TradeLedgerCrossBorderNotAssessed(ProductId productId);
    /// @notice The licence must end after now, within the listing's duration and the seller's right (`limit`).
    error TradeLedgerInvalidLicenceExpiry(uint40 licenceExpiresAt, uint40 limit);
    /// @notice A price is either public (amount and ISO 4217 code, no commitment) or confidential (commitment only).
    error TradeLedgerInvalidPrice();
    /// @notice The deal's deadline `deadline` has passed.
    error TradeLedgerExpiredDeal(uint256 deadline);
    /// @notice `party`'s signature recovers to `signer` instead.
    error TradeLedgerInvalidSignature(address party, address signer);
    /// @notice The deal's `nonce` is below `leastNonce`, the least a deal of these parties on this
    /// product may carry: a newer deal was confirmed or voided, or a party raised its floor.
    error TradeLedgerStaleNonce(address seller, address buyer, uint256 nonce, uint256 leastNonce);
    /// @notice `account` is neither the seller nor the buyer of the deal.
    error TradeLedgerNotDealParty(address account);
    /// @notice Seller and buyer are the same account.
    error TradeLedgerSelfDeal(address account);
    /// @notice No trade has id `tradeId`.
    error TradeLedgerUnknownTrade(uint256 tradeId);
    /// @notice The act is not allowed while `tradeId` is `status`.
    error TradeLedgerInvalidStatus(uint256 tradeId, TradeStatus status);
    /// @notice `account` is not the party this act belongs to.
    error TradeLedgerNotParty(uint256 tradeId, address account);
    /// @notice A delivery, reason or payment hash is zero.
    error TradeLedgerMissingHash();

    /// @notice Confirms, as the Registrar, a deal signed by its seller and buyer, after every
    /// check of docs/domain.md: product Listed and unfrozen at the signed content hash, still meeting
    /// its assessment policy, every direct source's edge certificate valid; seller an active,
    /// unexpired Provider whose right is valid, licensable, with no pledge or freeze on it or an
    /// ancestor; buyer an active, unexpired Buyer of a permitted jurisdiction; a cross-border
    /// deal assessed for CrossBorderSecurity; signatures (EOA or ERC-1271) valid, fresh and
    /// unreplayed. The licence is then reserved out of the seller's right (see
    /// `IRightsCertificate.reserveForTrade`), and every older deal of the same parties on the
    /// same product is dead.
    /// @return tradeId Sequential id, from 1.
    function confirm(Deal calldata deal, bytes calldata sellerSignature, bytes calldata buyerSignature)
        external
        returns (uint256 tradeId);

    /// @notice Records, as the seller, the hash of the delivered data.
    function deliver(uint256 tradeId, bytes32 deliveryHash) external;

    /// @notice Confirms receipt, as the buyer, of a delivered trade: completes it and mints the
    /// buyer a certificate derived from the seller's, expiring at the licence expiry. The seller
    /// must still be an active, unexpired Provider; a pledge on its right taken after the
    /// confirmation does not stop the receipt.
    function confirmReceipt(uint256 tradeId) external returns (uint256 certificateId);

    /// @notice Opens, as seller or buyer, a dispute on a trade not yet completed.
    function dispute(uint256 tradeId, bytes32 reasonHash) external;

    /// @notice Resolves, as the Arbiter, a dispute: upheld annuls the trade (no right is granted);
    /// rejected completes it and grants the buyer's right, under the checks of `confirmReceipt`.
    function resolveDispute(uint256 tradeId, bool upheld, bytes32 resolutionHash) external;

    /// @notice Requests, as seller or buyer, to cancel a trade before delivery; it is cancelled
    /// when both have asked.
    function cancel(uint256 tradeId) external;

    /// @notice Attaches, as a party or the Registrar, the hash of the off-chain payment.
    function attachPaymentReference(uint256 tradeId, bytes32 paymentReference) external;

    /// @notice Voids, as its seller or buyer, a signed deal not yet confirmed, and with it every
    /// deal of the same seller, buyer and product with a lower nonce. A deal's nonce counts per
    /// seller, buyer and product (see `dealNonce`); confirming a deal moves it on the same way,
    /// which is what stops replays and a stale deal coming back after a newer one.
    function voidDeal(Deal calldata deal) external;

    /// @notice The least nonce a new deal of `seller`, `buyer` and `productId` may carry: past
    /// every deal of theirs confirmed or voided, and at least both parties' nonce floors
    /// (`IParticipantRegistry.raiseNonceFloor`).
    function dealNonce(address seller, address buyer, ProductId productId) external view returns (uint256);

    /// @notice The stored record of `tradeId`.
    function trade(uint256 tradeId) external view returns (Trade memory);

    /// @notice Number of trades ever confirmed; ids run from 1 to this.
    function tradeCount() external view returns (uint256);

    /// @notice True when `amount`, `currency` and `salt` open the price commitment of `tradeId`.
    function checkPriceCommitment(uint256 tradeId, uint128 amount, bytes3 currency, bytes32 salt, Deal calldata deal)
        external
        view
        returns (bool);

    /// @notice The EIP-712 digest both parties sign for `deal`.
    function dealDigest(Deal calldata deal) external view returns (bytes32);
}
