import { getProduct } from "../sdk/actions";
import { HOLOMATIC_DRIVING_DATA, SPEECHOCEAN_ANNOTATED_FRAMES } from "./documents";
import { manifestBytes } from "./context";
import type { StoryContext } from "./context";
import { lineageTree } from "./lineage";

export interface Story3Outcome {
  drivingDataId: bigint;
  holomaticHoldingId: bigint;
  /** Speechocean's ProcessingUse licence on the driving data, bought to annotate it. */
  annotationTradeId: bigint;
  speechoceanLicenceId: bigint;
  annotatedFramesId: bigint;
  speechoceanHoldingId: bigint;
  /** Holomatic buying the annotated frames back. */
  buyBackTradeId: bigint;
  holomaticLicenceId: bigint;
  /** The annotated frames file Speechocean delivered: its SHA-256 is the content hash. */
  annotatedFrames: Uint8Array;
  /** The exchange's stored copy of the annotated frames' description document. */
  annotatedFramesDocumentPath: string;
}

/** A sample of the annotated frames file; the real one lists 104,000 frames. */
export const ANNOTATED_FRAMES = {
  name: "Annotated driving frames, Beijing urban roads",
  frames: 104_000,
  guideline: "Speechocean 2D box guideline v3.2",
  sample: [
    { frame: "000001", objects: [{ label: "pedestrian", box: [412, 220, 468, 371] }, { label: "traffic light", box: [640, 40, 662, 96] }] },
    { frame: "000002", objects: [{ label: "vehicle", box: [120, 260, 388, 420] }, { label: "lane marking", box: [0, 400, 1280, 720] }] },
  ],
};

/**
 * Story 3 of docs/domain.md: Holomatic collects driving data and holds it; Speechocean buys a
 * processing-use licence, annotates the frames and registers them as a derived product (the
 * derivation rule: its licence on the source is the authorisation); the annotated frames are
 * certified and listed, and Holomatic buys them back.
 */
export async function runStory3(context: StoryContext): Promise<Story3Outcome> {
  const { client, cast, log, YEAR } = context;
  const { registrar, holomatic, speechocean, lawFirm, standardsInstitute } = cast;

  log.heading("Story 3 — Holomatic's driving data, annotated by Speechocean, bought back");

  log.step("The exchange accredits Holomatic and Speechocean, both providers and buyers");
  await context.accredit(holomatic, { provider: true, buyer: true });
  await context.accredit(speechocean, { provider: true, buyer: true });

  log.step("Holomatic registers the driving data it collected: road images are Important data");
  const drivingData = manifestBytes({
    name: "Urban driving data, Beijing, 2022-01",
    content: "camera frames, lidar sweeps, CAN bus; faces and plates blurred at collection",
    hours: 310,
  });
  const { productId: drivingDataId } = await context.registerProduct(holomatic, {
    content: drivingData,
    originDeclaration: "Origin declaration: collected by Holomatic's own test fleet under its road-test permits",
    productType: "Dataset",
    sourceCategory: "Enterprise",
    classification: "Important",
    metadataURI: "https://data.bjidex.example/products/holomatic-driving-2022-01",
    document: HOLOMATIC_DRIVING_DATA,
  });
  await context.certifyWithFindings(drivingDataId, [
    { assessor: lawFirm, kind: "LegalCompliance", report: "Legal opinion BJ-2022-009" },
    { assessor: standardsInstitute, kind: "Quality", report: "Data quality report Q-2022-017" },
    { assessor: standardsInstitute, kind: "SecurityRisk", report: "Automotive data security assessment S-2022-004" },
  ]);
  const holomaticHoldingId = await context.issueRight(holomatic, drivingDataId, "ResourceHolding", {
    scope: "Scope: hold the fleet's driving data, PRC only", evidence: "Evidence: road-test permits, fleet logs",
  });
  await context.listProduct(drivingDataId, { licenceDuration: YEAR, price: { method: "Negotiable" } });

  log.step("Speechocean buys a processing-use licence to annotate the frames");
  const annotation = await context.trade({
    productId: drivingDataId, seller: holomatic, buyer: speechocean, sellerCertificateId: holomaticHoldingId,
    priceAmount: 85_000_000n, terms: "Annotation agreement HM-SO-2022-02", purpose: "annotation for AI training",
    delivered: drivingData,
  });

  log.step("Speechocean registers the annotated frames as a derived product, under its licence");
  const annotatedFrames = manifestBytes(ANNOTATED_FRAMES);
  const { productId: annotatedFramesId, documentPath: annotatedFramesDocumentPath } = await context.registerProduct(speechocean, {
    content: annotatedFrames,
    originDeclaration: "Origin declaration: annotations made by Speechocean on Holomatic's licensed driving data",
    productType: "Dataset",
    sourceCategory: "Enterprise",
    classification: "Important",
    metadataURI: "https://data.bjidex.example/products/speechocean-annotated-frames",
    sources: [{ productId: drivingDataId, certificateId: annotation.licenceId }],
    document: SPEECHOCEAN_ANNOTATED_FRAMES,
  });
  for (const line of await lineageTree(context.client, annotatedFramesId, (address) => context.nameOf(address))) log.detail(line);

  log.step("The annotated frames are assessed, certified and listed; the exchange prices them by the Market method");
  await context.certifyWithFindings(annotatedFramesId, [
    { assessor: lawFirm, kind: "LegalCompliance", report: "Legal opinion BJ-2022-031" },
    { assessor: standardsInstitute, kind: "Quality", report: "Annotation accuracy report Q-2022-044 (99.2%)" },
    { assessor: standardsInstitute, kind: "SecurityRisk", report: "Automotive data security assessment S-2022-011" },
  ]);
  const speechoceanHoldingId = await context.issueRight(speechocean, annotatedFramesId, "ResourceHolding", {
    scope: "Scope: hold and license the annotated frames, PRC only", evidence: "Evidence: annotation records, source licence",
  });
  await context.listProduct(annotatedFramesId, {
    licenceDuration: YEAR,
    price: { method: "Market", proposer: registrar, amount: 119_600_000n },
  });

  log.step("Holomatic buys the annotated frames back for its AI training");
  const buyBack = await context.trade({
    productId: annotatedFramesId, seller: speechocean, buyer: holomatic, sellerCertificateId: speechoceanHoldingId,
    priceAmount: 119_600_000n, terms: "Delivery of annotated frames SO-HM-2022-02", purpose: "autonomous-driving model training",
    delivered: annotatedFrames,
  });
  const framesProduct = await getProduct(client, { productId: annotatedFramesId });
  log.detail(
    `${framesProduct.registrationNumber} sources: ` +
      `${(await Promise.all(framesProduct.sources.map(async (source) => (await getProduct(client, source)).registrationNumber))).join(", ")}`,
  );

  return {
    drivingDataId, holomaticHoldingId, annotationTradeId: annotation.tradeId, speechoceanLicenceId: annotation.licenceId,
    annotatedFramesId, speechoceanHoldingId, buyBackTradeId: buyBack.tradeId, holomaticLicenceId: buyBack.licenceId,
    annotatedFrames, annotatedFramesDocumentPath: annotatedFramesDocumentPath!,
  };
}
