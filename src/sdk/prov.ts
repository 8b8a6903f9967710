import type { VerificationReport } from "./verify";

/**
 * W3C PROV-JSON (https://www.w3.org/Submission/prov-json/) of a verified product: products,
 * certificates and assessments are entities; registrations, assessments and trades are
 * activities; providers, assessors and buyers are agents.
 */
export function toProvJson(report: VerificationReport): Record<string, unknown> {
  const chain = `eip155:${report.chainId}`;
  const product = (id: bigint) => `dr:product/${id}`;
  const certificate = (id: bigint) => `dr:certificate/${id}`;
  const agent = (address: string) => `dr:account/${address.toLowerCase()}`;
  const entity: Record<string, Record<string, unknown>> = {};
  const activity: Record<string, Record<string, unknown>> = {};
  const agents: Record<string, Record<string, unknown>> = {};
  const wasDerivedFrom: Record<string, Record<string, unknown>> = {};
  const wasGeneratedBy: Record<string, Record<string, unknown>> = {};
  const wasAttributedTo: Record<string, Record<string, unknown>> = {};
  const wasAssociatedWith: Record<string, Record<string, unknown>> = {};
  const used: Record<string, Record<string, unknown>> = {};
  let relation = 0;
  const next = () => `_:r${++relation}`;
  const time = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();

  for (const node of report.lineage) {
    entity[product(node.productId)] = {
      "prov:type": "dr:DataProduct", "prov:label": node.registrationNumber, "dr:status": node.status, "dr:contentHash": node.contentHash,
    };
    agents[agent(node.provider)] = { "prov:type": "prov:Organization" };
    const registration = `dr:registration/${node.productId}`;
    activity[registration] = { "prov:type": "dr:Registration", "prov:startTime": time(node.registeredAt) };
    wasGeneratedBy[next()] = { "prov:entity": product(node.productId), "prov:activity": registration };
    wasAssociatedWith[next()] = { "prov:activity": registration, "prov:agent": agent(node.provider) };
    wasAttributedTo[next()] = { "prov:entity": product(node.productId), "prov:agent": agent(node.provider) };
    for (const source of node.sources) {
      wasDerivedFrom[next()] = {
        "prov:generatedEntity": product(node.productId), "prov:usedEntity": product(source.productId), "prov:activity": registration,
        "dr:underCertificate": certificate(source.certificateId),
      };
      used[next()] = { "prov:activity": registration, "prov:entity": certificate(source.certificateId) };
      entity[certificate(source.certificateId)] ??= { "prov:type": "dr:RightsCertificate" };
    }
  }
  for (const facts of report.certificates) {
    entity[certificate(facts.certificateId)] = {
      "prov:type": "dr:RightsCertificate", "dr:category": facts.category, "dr:validity": facts.validity, "dr:expiresAt": time(facts.expiresAt),
    };
    wasAttributedTo[next()] = { "prov:entity": certificate(facts.certificateId), "prov:agent": agent(facts.holder) };
    agents[agent(facts.holder)] ??= { "prov:type": "prov:Organization" };
    if (facts.parentId !== 0n) {
      wasDerivedFrom[next()] = { "prov:generatedEntity": certificate(facts.certificateId), "prov:usedEntity": certificate(facts.parentId) };
    }
  }
  for (const facts of report.assessments) {
    const id = `dr:assessment/${facts.assessmentId}`;
    entity[`${id}/report`] = { "prov:type": "dr:AssessmentReport", "dr:kind": facts.kind, "dr:passed": facts.passed, "dr:reportHash": facts.reportHash };
    activity[id] = { "prov:type": "dr:Assessment", "prov:startTime": time(facts.issuedAt), "prov:endTime": time(facts.expiresAt) };
    agents[agent(facts.assessor)] ??= { "prov:type": "prov:Organization" };
    wasAssociatedWith[next()] = { "prov:activity": id, "prov:agent": agent(facts.assessor) };
    used[next()] = { "prov:activity": id, "prov:entity": product(report.productId) };
    wasGeneratedBy[next()] = { "prov:entity": `${id}/report`, "prov:activity": id };
  }
  for (const facts of report.trades) {
    const id = `dr:trade/${facts.tradeId}`;
    activity[id] = { "prov:type": "dr:Trade", "dr:status": facts.status, "dr:dealDigest": facts.dealDigest, "dr:crossBorder": facts.crossBorder };
    agents[agent(facts.seller)] ??= { "prov:type": "prov:Organization" };
    agents[agent(facts.buyer)] ??= { "prov:type": "prov:Organization" };
    wasAssociatedWith[next()] = { "prov:activity": id, "prov:agent": agent(facts.seller), "prov:role": "dr:seller" };
    wasAssociatedWith[next()] = { "prov:activity": id, "prov:agent": agent(facts.buyer), "prov:role": "dr:buyer" };
    used[next()] = { "prov:activity": id, "prov:entity": certificate(facts.sellerCertificateId) };
    if (facts.buyerCertificateId !== 0n) {
      entity[certificate(facts.buyerCertificateId)] ??= { "prov:type": "dr:RightsCertificate" };
      wasGeneratedBy[next()] = { "prov:entity": certificate(facts.buyerCertificateId), "prov:activity": id };
    }
  }
  return {
    prefix: { dr: `urn:datarights:${chain}:`, prov: "http://www.w3.org/ns/prov#" },
    entity, activity, agent: agents, wasDerivedFrom, wasGeneratedBy, wasAttributedTo, wasAssociatedWith, used,
  };
}
