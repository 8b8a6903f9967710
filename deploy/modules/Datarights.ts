import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toUtf8Bytes } from "ethers";

/**
 * Deploys the datarights registry: the participant registry (which also holds every staff role),
 * the product registry, the rights certificates with their renderer, and the assessment
 * registry, then links the product registry to the two contracts deployed after it; then the
 * listing book and the trade ledger, which act on the registry through MARKET_ROLE.
 *
 * Parameters (`deploy/parameters/<network>.json` or `--parameters`):
 * - `exchangeCode`: prefix of every registration number, 2–8 upper-case letters (default "SZDE").
 *
 * The deployer becomes the Admin; it grants the Registrar and Arbiter roles afterwards.
 * The test fixtures deploy through this same module, so tests exercise the production path.
 */
const DatarightsModule = buildModule("Datarights", (m) => {
  const admin = m.getAccount(0);
  const exchangeCode = m.getParameter("exchangeCode", "SZDE");

  const participants = m.contract("ParticipantRegistry", [admin, exchangeCode]);
  const products = m.contract("DataProductRegistry", [participants]);
  const certificateRenderer = m.contract("CertificateRenderer");
  const certificates = m.contract("RightsCertificate", [participants, products, certificateRenderer]);
  const assessments = m.contract("AssessmentRegistry", [participants, products]);
  m.call(products, "linkModules", [certificates, assessments]);

  const listings = m.contract("ListingBook", [participants, products]);
  const trades = m.contract("TradeLedger", [participants, products, certificates, assessments, listings]);
  // The listing and trade contracts act on the registry through MARKET_ROLE, granted by the deployer (the Admin).
  const marketRole = keccak256(toUtf8Bytes("MARKET_ROLE"));
  m.call(participants, "grantRole", [marketRole, listings], { id: "grantMarketRoleToListingBook" });
  m.call(participants, "grantRole", [marketRole, trades], { id: "grantMarketRoleToTradeLedger" });

  return { participants, products, certificates, assessments, certificateRenderer, listings, trades };
});

export default DatarightsModule;
