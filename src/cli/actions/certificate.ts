import {
  amendCertificate, getCertificate, issueCertificate, licenseCertificate, listCertificates, pledgeCertificate, reinstateCertificate, releasePledge,
  renewCertificate, revokeCertificate, surrenderCertificate, suspendCertificate, transferCertificate,
} from "../../sdk/actions";
import type { TransactionResult } from "../../sdk/actions";
import type { DatarightsClient } from "../../sdk/client";
import { isoDate } from "../../sdk/names";
import type { RightCategoryName, ValidityName } from "../../sdk/names";
import type { CertificateRecord } from "../../sdk/records";
import { action, wrote } from "../context";
import type { NoOptions, Outcome } from "../context";
import { parseMoment } from "../parse";
import { latestTime, requireCertificate, requireProduct } from "./lookups";

interface Terms {
  expires: string;
  scope: string;
  evidence: string;
}

/** The terms of a new right, its expiry read against the chain's time. */
async function terms(client: DatarightsClient, options: Terms) {
  return { expiresAt: parseMoment(options.expires, await latestTime(client)), scopeHash: options.scope, evidenceHash: options.evidence };
}

/** A new certificate's outcome, with its registration number. */
async function minted(client: DatarightsClient, result: { certificateId: bigint; transaction: TransactionResult }, verb: string): Promise<Outcome> {
  const { certificateId } = result;
  const { registrationNumber } = await getCertificate(client, { certificateId });
  return wrote(result, { certificateId, registrationNumber }, `${registrationNumber} ${verb} (certificate ${certificateId})`);
}

export const issue = action(true, async (client, _command, holder: string, productId: bigint,
  options: Terms & { category: Exclude<RightCategoryName, "ProcessingUse"> }) => {
  await requireProduct(client, productId);
  return minted(client, await issueCertificate(client, { holder, productId, category: options.category, ...(await terms(client, options)) }), "issued");
});

export const license = action(true, async (client, _command, parentId: bigint, holder: string,
  options: Terms & { category: Exclude<RightCategoryName, "ResourceHolding"> }) => {
  await requireCertificate(client, parentId);
  return minted(client, await licenseCertificate(client, { parentId, holder, category: options.category, ...(await terms(client, options)) }), "licensed");
});

export const reissue = action(true, async (client, _command, certificateId: bigint, newHolder: string, options: { evidence: string }) => {
  await requireCertificate(client, certificateId);
  return minted(client, await transferCertificate(client, { certificateId, newHolder, evidenceHash: options.evidence }), "reissued");
});

export const amend = action(true, async (client, _command, certificateId: bigint, options: { scope: string; evidence: string }) => {
  await requireCertificate(client, certificateId);
  return minted(client, await amendCertificate(client, { certificateId, scopeHash: options.scope, evidenceHash: options.evidence }), "amended");
});

export const renew = action(true, async (client, _command, certificateId: bigint, options: { expires: string }) => {
  await requireCertificate(client, certificateId);
  const expiresAt = parseMoment(options.expires, await latestTime(client));
  return wrote(await renewCertificate(client, { certificateId, expiresAt }), { certificateId, expiresAt }, `certificate ${certificateId} renewed until ${expiry(expiresAt)}`);
});

/** The holder's and the pledgee's acts, and the Registrar's standing changes: the same shape, a different verb. */
const ACTS = {
  surrender: [surrenderCertificate, "surrendered"],
  release: [releasePledge, "released"],
  suspend: [suspendCertificate, "suspended"],
  reinstate: [reinstateCertificate, "reinstated"],
  revoke: [revokeCertificate, "revoked"],
} as const;

export const change = (act: keyof typeof ACTS) => action(true, async (client, _command, certificateId: bigint, options: { reason?: string }) => {
  await requireCertificate(client, certificateId);
  const [send, verb] = ACTS[act];
  return wrote(await send(client, { certificateId, reasonHash: options.reason }), { certificateId }, `certificate ${certificateId} ${verb}`);
});

export const pledge = action(true, async (client, _command, certificateId: bigint, financier: string, options: { agreement: string }) => {
  await requireCertificate(client, certificateId);
  return wrote(await pledgeCertificate(client, { certificateId, financier, agreementHash: options.agreement }), { certificateId, financier },
    `certificate ${certificateId} pledged to ${financier}`);
});

/** "never" for the expiry `--expires never` sets (the largest uint40), which no date can show. */
const expiry = (time: bigint): string => (time >= 2n ** 40n - 1n ? "never" : isoDate(time));

const summary = (certificate: CertificateRecord & { registrationNumber: string; validity: ValidityName }): string =>
  `${certificate.registrationNumber} (certificate ${certificate.certificateId})  ${certificate.category} of product ${certificate.productId}  ${certificate.status}, ${certificate.validity}`;

export const show = action(false, async (client, _command, certificateId: bigint, _options: NoOptions) => {
  await requireCertificate(client, certificateId);
  const certificate = await getCertificate(client, { certificateId });
  const { holder, parentId, tradeId, pledgee, expiresAt, objections } = certificate;
  return {
    data: certificate,
    lines: [
      summary(certificate),
      `holder ${holder}  expires ${expiry(expiresAt)}${parentId ? `  parent ${parentId}` : ""}${tradeId ? `  from trade ${tradeId}` : ""}${pledgee ? `  pledged to ${pledgee}` : ""}`,
      ...objections.map((objection) => `  frozen by objection ${objection.objectionId}, lodged ${isoDate(objection.lodgedAt)}`),
    ],
  };
});

export const list = action(false, async (client, _command, options: { holder?: string; product?: bigint }) => {
  if (options.product !== undefined) await requireProduct(client, options.product);
  const certificates = await listCertificates(client, { holder: options.holder, productId: options.product });
  return {
    data: { certificates },
    lines: certificates.length
      ? certificates.map((certificate) => `${summary(certificate)}  holder ${certificate.holder}  expires ${expiry(certificate.expiresAt)}`)
      : ["no certificates match"],
  };
});
