/**
 * The read-only API the app reads (src/api: the mirror's API, served from the same origin). The
 * shapes below are the API's answers as the app uses them: the fields it shows, nothing more;
 * the control room's come from the API's own definitions (src/api/shapes.ts).
 */

export type { Activity, Alert, Governance, Stats } from "../../src/api/shapes";

export interface Page<T> {
  items: T[];
  nextCursor: number | string | null;
}

export interface Money {
  method: string;
  amount: string | null;
  currency: string | null;
}

export interface CertificateSummary {
  id: number;
  category: string;
  validity: string;
  holder: string;
}

export type SampleSpec = { fields: { name: string; type: string; description?: string }[] } | { schema: object };

export interface ProductDocument {
  /** verified: hashes to the registered hash; mismatch: what was found does not; unavailable: not found yet (retried); pending: not looked for yet. */
  status: "verified" | "mismatch" | "unavailable" | "pending";
  problem: string | null;
  name?: string;
  summary?: string;
  description?: string;
  useCases?: string[];
  sample?: SampleSpec;
  deliveryModality?: string;
  biddingModality?: string;
}

export interface LineageStanding {
  intact: boolean;
  brokenEdge?: { productId: number; sourceId: number; certificateId: number; validity: string };
}

export interface Product {
  id: number;
  provider: string;
  type: string;
  sourceCategory: string;
  classification: string;
  status: string;
  containsPersonalInfo: boolean;
  frozen: boolean;
  jurisdiction: string;
  registeredAt: string;
  contentHash: string;
  metadataURI: string;
  sourceCount: number;
  lineage: LineageStanding;
  descriptionHash?: string | null;
  document?: ProductDocument | null;
  referencePrice?: Money | null;
  certificates?: CertificateSummary[];
}

export interface Certificate {
  id: number;
  productId: number;
  holder: string;
  category: string;
  status: string;
  issuedAt: string;
  expiresAt: string;
  parentId: number | null;
  pledgee: string | null;
  frozen: boolean;
  validity: string;
  invalidAncestorId: number | null;
  blocked: boolean;
  tradeId: number | null;
}

export interface Assessment {
  id: number;
  productId: number;
  assessor: string;
  kind: string;
  passed: boolean;
  revoked: boolean;
  issuedAt: string;
  expiresAt: string;
}

export interface LineageNode {
  id: number;
  provider: string;
  type: string;
  sourceCategory: string;
  status: string;
  depth: number;
}

export interface LineageEdge {
  product: number;
  source: number;
  sourceCertificateId: number;
  sourceCertificateValidity: string;
}

export interface Listing {
  rightOffered: string;
  licenceDurationSeconds: number;
  permittedJurisdictions: string[];
  referencePrice: (Money & { proposedBy: string; setAt: string }) | null;
}

export interface ProductDetail extends Product {
  listing: Listing | null;
  sources: { productId: number; certificateId: number }[];
  derivedProducts: number[];
  lineage: LineageStanding & { nodes: LineageNode[]; edges: LineageEdge[] };
  assessments: Assessment[];
  certificates: Certificate[] & CertificateSummary[];
  statusHistory: { previousStatus: string; status: string; at: string; blockNumber: number }[];
}

export interface PricePoint {
  event: "Proposed" | "Changed";
  method: string;
  amount: string | null;
  currency: string | null;
  at: string;
  blockNumber: number;
}

export interface Trade {
  id: number;
  productId: number;
  seller: string;
  buyer: string;
  broker: string | null;
  rightGranted: string;
  status: string;
  crossBorder: boolean;
  price: { amount: string; currency: string } | null;
  confirmedAt: string;
  deliveredAt: string | null;
  completedAt: string | null;
  licenceExpiresAt: string;
}

export interface Participant {
  account: string;
  status: string;
  kinds: string[];
  assessmentKinds: string[];
  jurisdiction: string;
  dossierHash: string;
  accreditedUntil: string | null;
  updatedAt: string;
  staffRoles: string[];
  history: { event: string; previousStatus: string | null; status: string | null; at: string; blockNumber: number }[];
}




export interface VerifyReport {
  productId: number;
  registrationNumber: string;
  passed: boolean;
  checks: { id: string; passed: boolean; detail: string }[];
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** GET `path` of the API, as JSON; an answer other than 2xx is an ApiError with the API's message. */
export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(response.status, body?.message ?? `${path}: HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

/** The query string of the defined, non-empty entries of `params`. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The name a product goes by: its verified document's name, else its number. */
export function productName(product: Pick<Product, "id" | "document">): string {
  return product.document?.status === "verified" && product.document.name ? product.document.name : `Product ${product.id}`;
}
