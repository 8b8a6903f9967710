import { PRODUCT_DOCUMENT_TYPE } from "../../src/sdk/product-document";
import type { ProductDocument } from "../../src/sdk/product-document";

/** A complete product description document, for the suites that need one. */
export const METER_DOCUMENT: ProductDocument = {
  type: PRODUCT_DOCUMENT_TYPE,
  name: "Meter readings",
  summary: "Hourly electricity readings of 2,000 enterprise meters.",
  description: "Readings from the provider's own meters, desensitised to the district.",
  useCases: ["credit scoring", "load forecasting"],
  sample: { fields: [{ name: "meter", type: "string" }, { name: "kwh", type: "decimal", description: "energy in the hour" }] },
  deliveryModality: "monthly CSV over SFTP",
  biddingModality: "reference price, Cost method",
};
