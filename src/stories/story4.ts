import { ethers } from "ethers";
import { getTrade } from "../sdk/actions";
import { dealDigest } from "../sdk/eip712";
import { CHINASCOPE_SMARTAG } from "./documents";
import { manifestBytes } from "./context";
import type { StoryContext } from "./context";
import type { DecodedRevert } from "../sdk/errors";

export interface Story4Outcome {
  productId: bigint;
  holdingId: bigint;
  /** Why the exchange could not confirm the cross-border deal before the security assessment. */
  crossBorderRefusal: DecodedRevert;
  crossBorderAssessmentId: bigint;
  tradeId: bigint;
  licenceId: bigint;
}

/**
 * Story 4 of docs/domain.md: ChinaScope sells its Smartag news-analytics product to a Hong Kong
 * fund. The listing admits buyers in HK, but the trade is cross-border: the exchange cannot
 * confirm it until a CrossBorderSecurity assessment has passed; then the same signed deal goes
 * through.
 */
export async function runStory4(context: StoryContext): Promise<Story4Outcome> {
  const { client, cast, log } = context;
  const { chinaScope, hongKongFund, lawFirm, standardsInstitute } = cast;

  log.heading("Story 4 — ChinaScope's news analytics for a Hong Kong fund: cross-border");

  log.step("The exchange accredits ChinaScope (CN) and the fund (HK)");
  await context.accredit(chinaScope, { provider: true });
  await context.accredit(hongKongFund, { buyer: true, jurisdiction: "HK" });

  log.step("ChinaScope registers Smartag news analytics; it is assessed, certified and listed for CN and HK buyers");
  const { productId } = await context.registerProduct(chinaScope, {
    content: manifestBytes({
      name: "Smartag news analytics",
      description: "NLP tags, sentiment indicators and events linked to Chinese companies, from hundreds of Chinese media outlets",
      delivery: "API, near real time",
    }),
    originDeclaration: "Origin declaration: news texts licensed from the publishers; tags produced by ChinaScope's NLP engine",
    productType: "Api",
    sourceCategory: "Enterprise",
    metadataURI: "https://data.szdex.example/products/chinascope-smartag",
    document: CHINASCOPE_SMARTAG,
  });
  await context.certifyWithFindings(productId, [
    { assessor: lawFirm, kind: "LegalCompliance", report: "Legal opinion on the export of news analytics SZ-2022-066" },
    { assessor: standardsInstitute, kind: "Quality", report: "Data quality report Q-2022-090" },
  ]);
  const holdingId = await context.issueRight(chinaScope, productId, "ResourceHolding", {
    scope: "Scope: hold and license Smartag analytics, PRC and Hong Kong", evidence: "Evidence: publisher licences, NLP engine records",
  });
  await context.listProduct(productId, {
    jurisdictions: ["CN", "HK"],
    price: { method: "Income", proposer: standardsInstitute, amount: 500_000_000n },
  });

  log.step("ChinaScope and the fund sign a deal; the exchange's confirmation is refused: it is cross-border");
  const signed = await context.signDeal({
    productId, seller: chinaScope, buyer: hongKongFund, sellerCertificateId: holdingId, priceAmount: 500_000_000n,
    terms: "Smartag data licence SZDE-XB-2022-001", purpose: "quantitative investment research",
  });
  log.detail(
    `deal signed by both: buyer jurisdiction HK, product jurisdiction CN, crossBorder = ${signed.deal.crossBorder}, ` +
      `digest ${dealDigest(client.chainId, client.address("trades"), signed.deal).slice(0, 18)}…`,
  );
  const crossBorderRefusal = await context.refusal(() => context.confirmDeal(signed));
  log.detail(`confirm refused: ${crossBorderRefusal.formatted}`);

  log.step("The standards institute completes the cross-border security assessment; the same signed deal is confirmed");
  const crossBorderAssessmentId = await context.recordFinding(productId, {
    assessor: standardsInstitute, kind: "CrossBorderSecurity", report: "Outbound data security assessment XB-2022-003",
    signed: true,
  });
  const tradeId = await context.confirmDeal(signed);
  log.detail(`trade ${tradeId} confirmed, cross-border: ${(await getTrade(client, { tradeId })).crossBorder}`);
  const licenceId = await context.completeTrade(
    tradeId, chinaScope, hongKongFund, ethers.toUtf8Bytes("Smartag API credentials and data dictionary for the fund"),
  );

  return { productId, holdingId, crossBorderRefusal, crossBorderAssessmentId, tradeId, licenceId };
}
