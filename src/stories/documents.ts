import type { ProductDocument } from "../sdk/product-document";

/**
 * The public descriptions of the stories' products: what the exchange's portal shows ("a basic
 * overview, description of the use cases, and modalities for bidding"). Each is stored in the
 * exchange's documents folder and its hash registered with the product.
 */
export type StoryDocument = Omit<ProductDocument, "type">;

/** Story 1: Shenzhen Power Supply's product. */
export const ELECTRICITY_CREDIT_INDEX: StoryDocument = {
  name: "Electricity credit index",
  summary: "Monthly electricity consumption of Shenzhen SMEs, scored for credit assessment.",
  description:
    "A credit index computed from the metered electricity usage of small and medium-sized enterprises in Shenzhen, 2021-01 to 2023-12: " +
    "consumption level, trend and regularity, scored per enterprise and month. No personal information; enterprise identifiers are " +
    "unified social credit codes.",
  useCases: ["SME credit assessment", "loan approval", "post-loan monitoring", "High- and New-Technology Enterprise review"],
  sample: {
    fields: [
      { name: "credit_code", type: "string", description: "unified social credit code of the enterprise" },
      { name: "month", type: "string", description: "YYYY-MM" },
      { name: "kwh", type: "integer", description: "electricity consumed in the month" },
      { name: "index", type: "decimal", description: "credit index, 0-100" },
    ],
  },
  deliveryModality: "Monthly file per licensee, over the exchange's delivery channel",
  biddingModality: "Reference price by the Cost method, proposed by the Shenzhen Standards Institute and confirmed by the provider",
};

/** Story 1: the product Weiyan Tech pledges. */
export const WEIYAN_INDUSTRIAL_DATA: StoryDocument = {
  name: "Weiyan industrial equipment data",
  summary: "Operating data of industrial equipment monitored by Weiyan Tech, as a data asset.",
  description: "Sensor readings and maintenance events of the industrial equipment Weiyan Tech monitors for its customers, aggregated per machine and day.",
  useCases: ["predictive maintenance", "equipment financing"],
  sample: {
    fields: [
      { name: "machine", type: "string" },
      { name: "day", type: "date" },
      { name: "running_hours", type: "decimal" },
      { name: "faults", type: "integer" },
    ],
  },
  deliveryModality: "Not offered on the exchange: held as a data asset and pledged for a credit line",
  biddingModality: "Not listed",
};

/** Story 2: Haohuo's résumés. */
export const HAOHUO_RESUMES: StoryDocument = {
  name: "Haohuo résumé dataset",
  summary: "382,000 desensitised résumés of job seekers in Guizhou, with their consent.",
  description:
    "Résumés submitted on the Haohuo platform: age band, district, education, skills and work history. Names, phone numbers and ID " +
    "numbers are removed; age band and district are 5-anonymous. Job seekers consented to the trading and share in the revenue.",
  useCases: ["labour-market analysis", "training-programme planning", "recruitment matching models"],
  sample: {
    fields: [
      { name: "age_band", type: "string", description: "five-year band" },
      { name: "district", type: "string" },
      { name: "education", type: "string" },
      { name: "skills", type: "string[]" },
      { name: "work_history", type: "object[]", description: "employer sector and years" },
    ],
  },
  deliveryModality: "Quarterly extract, desensitised, through the Guiyang exchange's secure delivery",
  biddingModality: "Reference price by the Cost method, set by the Guizhou Data Asset Appraisal Centre",
};

/** Story 3: Holomatic's driving data. */
export const HOLOMATIC_DRIVING_DATA: StoryDocument = {
  name: "Holomatic driving data 2022-01",
  summary: "310 hours of urban driving in Beijing: camera frames, lidar sweeps and CAN bus.",
  description:
    "Collected by Holomatic's test fleet under its road-test permits in January 2022. Faces and licence plates are blurred at " +
    "collection. Road imagery is Important data: it stays in the PRC.",
  useCases: ["annotation for AI training", "perception model training", "simulation scenarios"],
  sample: {
    fields: [
      { name: "timestamp", type: "integer", description: "microseconds" },
      { name: "camera_front", type: "jpeg" },
      { name: "lidar", type: "pcd" },
      { name: "speed", type: "decimal", description: "km/h, from the CAN bus" },
    ],
  },
  deliveryModality: "Encrypted disks or the exchange's in-country data room; no transfer abroad",
  biddingModality: "Negotiable between the parties",
};

/** Story 3: Speechocean's annotated frames (story 6 edits the exchange's copy). */
export const SPEECHOCEAN_ANNOTATED_FRAMES: StoryDocument = {
  name: "Speechocean annotated frames",
  summary: "104,000 Beijing driving frames with 2D boxes: pedestrians, vehicles, traffic lights, lane markings.",
  description:
    "Frames of Holomatic's driving data, annotated by Speechocean under a processing-use licence, following its 2D box guideline " +
    "v3.2; 99.2% accuracy in the quality assessment.",
  useCases: ["autonomous-driving model training", "perception benchmark"],
  sample: {
    fields: [
      { name: "frame", type: "string" },
      { name: "label", type: "string", description: "pedestrian, vehicle, traffic light, lane marking" },
      { name: "box", type: "integer[4]", description: "x1, y1, x2, y2 in pixels" },
    ],
  },
  deliveryModality: "Files on encrypted disks, in the PRC",
  biddingModality: "Reference price by the Market method, proposed by the exchange",
};

/** Story 4: ChinaScope's news analytics. */
export const CHINASCOPE_SMARTAG: StoryDocument = {
  name: "ChinaScope SmarTag news",
  summary: "NLP tags, sentiment and events linked to Chinese companies, from hundreds of Chinese media outlets.",
  description:
    "News texts licensed from their publishers, tagged by ChinaScope's NLP engine: companies mentioned, sentiment, event type. " +
    "Offered to buyers in the PRC and Hong Kong; cross-border licences need a passed CrossBorderSecurity assessment.",
  useCases: ["quantitative investment research", "risk monitoring", "ESG screening"],
  sample: {
    fields: [
      { name: "published_at", type: "timestamp" },
      { name: "company", type: "string", description: "listed company code" },
      { name: "sentiment", type: "decimal", description: "-1 to 1" },
      { name: "event", type: "string" },
    ],
  },
  deliveryModality: "API, near real time",
  biddingModality: "Reference price by the Income method, proposed by the Shenzhen Standards Institute",
};

/** Story 5: the five agencies' datasets of Beijing's public data catalogue, by dataset title. */
export function beijingCatalogueDataset(dataset: string, agency: string): StoryDocument {
  return {
    name: `Beijing public data: ${dataset}`,
    summary: `${dataset}, published by ${agency} in Beijing's public data catalogue.`,
    description:
      `${dataset}, collected by ${agency} in the exercise of its duties and opened for authorised operation in the Financial ` +
      "Public Data Zone. Updated daily.",
    useCases: ["credit inquiry under authorised operation", "financing guarantees"],
    sample: {
      fields: [
        { name: "credit_code", type: "string", description: "unified social credit code of the enterprise" },
        { name: "record_date", type: "date" },
        { name: "record", type: "object", description: "the agency's record" },
      ],
    },
    deliveryModality: "Licensed to the authorised operator only, in the Financial Public Data Zone",
    biddingModality: "Not sold: licensed to the authorised operator under government authorisation",
  };
}

/** Story 5: the operator's credit-inquiry API. */
export const JINGYUN_CREDIT_INQUIRY: StoryDocument = {
  name: "Jingyun credit inquiry",
  summary: "Credit inquiry on Beijing enterprises for financing guarantees, from five agencies' public data.",
  description:
    "An API answering, per enterprise, its registrations and penalties, tax credit rating, social insurance and housing fund " +
    "contributions, and judgments, from five Beijing agencies' datasets under authorised operation.",
  useCases: ["financing guarantees", "SME loan approval", "supplier due diligence"],
  sample: {
    fields: [
      { name: "credit_code", type: "string" },
      { name: "tax_rating", type: "string", description: "A to D" },
      { name: "penalties", type: "integer" },
      { name: "judgments", type: "integer" },
      { name: "insured_employees", type: "integer" },
    ],
  },
  deliveryModality: "API, per inquiry",
  biddingModality: "Reference price by the Cost method under government guidance, proposed by the exchange",
};

/** Story 5: the credit report derived from the API. */
export const JINGYUN_CREDIT_REPORT: StoryDocument = {
  name: "Jingyun credit report",
  summary: "Quarterly credit report per Beijing enterprise, compiled from the Jingyun credit inquiry.",
  description: "A report per enterprise and quarter: its standing in each of the five agencies' records, and a summary score.",
  useCases: ["credit committee files", "guarantee renewals"],
  sample: {
    schema: {
      type: "object",
      properties: {
        credit_code: { type: "string" },
        quarter: { type: "string" },
        score: { type: "number" },
        sections: { type: "array", items: { type: "string" } },
      },
    },
  },
  deliveryModality: "PDF and JSON report per enterprise and quarter",
  biddingModality: "Negotiable",
};
