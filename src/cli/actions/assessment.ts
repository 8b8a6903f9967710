import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { getAssessment, recordAssessment, recordSignedAssessment, revokeAssessment, setRequirement, signAssessment } from "../../sdk/actions";
import type { FindingParameters, RequirementTarget } from "../../sdk/actions";
import { findingDocumentSchema, readDocument, writeDocument } from "../../sdk/documents";
import { ASSESSMENT_KINDS } from "../../sdk/names";
import type { AssessmentKindName, ClassificationName, ProductTypeName, SourceCategoryName } from "../../sdk/names";
import { action, connect, emit } from "../context";
import type { NoOptions } from "../context";
import { UsageError, parseMoment } from "../parse";
import { latestTime, requireKnown, requireProduct } from "./lookups";
import { offlineClient } from "./offline";

/** A finding as `assessment record` and `assessment sign` take it. */
interface FindingOptions {
  kind: AssessmentKindName;
  failed?: boolean;
  expires: string;
  report: string;
}

function finding(productId: bigint, options: FindingOptions, now: bigint): FindingParameters {
  return { productId, kind: options.kind, passed: options.failed !== true, expiresAt: parseMoment(options.expires, now), reportHash: options.report };
}

export const record = action(true, async (client, _command, productId: bigint, options: FindingOptions) => {
  await requireProduct(client, productId);
  const { assessmentId, transaction } = await recordAssessment(client, finding(productId, options, await latestTime(client)));
  return { data: { assessmentId, ...transaction }, lines: [`assessment ${assessmentId}: ${options.kind} ${options.failed ? "failed" : "passed"} for product ${productId}`] };
});

export async function sign(productId: bigint, options: FindingOptions & { out: string; nonce?: string; deadline: string }, command: CommandUnknownOpts): Promise<void> {
  if (options.nonce !== undefined && !/^\d+$/.test(options.nonce)) throw new UsageError(`"${options.nonce}" is not a nonce`);
  // With --nonce nothing is asked of the chain (spans count from this machine's clock);
  // otherwise the chain tells the assessor's next nonce and its own time.
  const offline = options.nonce !== undefined;
  const client = offline ? await offlineClient(command) : await connect(command, true);
  try {
    const now = offline ? BigInt(Math.floor(Date.now() / 1000)) : await latestTime(client);
    const document = await signAssessment(client, {
      ...finding(productId, options, now), deadline: parseMoment(options.deadline, now), nonce: offline ? BigInt(options.nonce!) : undefined,
    });
    writeDocument(options.out, document);
    emit(command, { data: { file: options.out, ...document }, lines: [`finding signed by ${document.assessor}, written to ${options.out}`] });
  } finally {
    client.destroy();
  }
}

export const submit = action(true, async (client, _command, file: string, _options: NoOptions) => {
  const document = readDocument(file, findingDocumentSchema, "signed finding");
  const { assessmentId, transaction } = await recordSignedAssessment(client, document);
  return { data: { assessmentId, ...transaction }, lines: [`assessment ${assessmentId} recorded for ${document.assessor}`] };
});

export const revoke = action(true, async (client, _command, assessmentId: bigint, options: { reason: string }) => {
  const { transaction } = await revokeAssessment(client, { assessmentId, reasonHash: options.reason });
  return { data: { assessmentId, ...transaction }, lines: [`assessment ${assessmentId} revoked`] };
});

export const show = action(false, async (client, _command, assessmentId: bigint, _options: NoOptions) => {
  await requireKnown(client, "assessments", assessmentId);
  const found = await getAssessment(client, { assessmentId });
  return {
    data: { ...found },
    lines: [`assessment ${assessmentId}: ${found.kind} of product ${found.productId} ${found.passed ? "passed" : "failed"}${found.revoked ? " (revoked)" : ""} by ${found.assessor}`],
  };
});

/** The product attribute a requirement applies to: one option per scope, values already parsed into names. */
export interface RequirementOptions {
  base?: boolean;
  personalInformation?: boolean;
  sourceCategory?: SourceCategoryName;
  classification?: ClassificationName;
  productType?: ProductTypeName;
  kinds: AssessmentKindName[];
}

function targetOf(options: RequirementOptions): RequirementTarget {
  const given = ([
    options.base ? { scope: "Base" } : undefined,
    options.personalInformation === undefined ? undefined : { scope: "PersonalInformation", value: options.personalInformation },
    options.sourceCategory === undefined ? undefined : { scope: "SourceCategory", value: options.sourceCategory },
    options.classification === undefined ? undefined : { scope: "Classification", value: options.classification },
    options.productType === undefined ? undefined : { scope: "ProductType", value: options.productType },
  ] satisfies (RequirementTarget | undefined)[]).filter((target) => target !== undefined);
  if (given.length !== 1) throw new UsageError("give exactly one of --base, --personal-information, --source-category, --classification and --product-type");
  return given[0];
}

export const requirement = action(true, async (client, _command, options: RequirementOptions) => {
  const target = targetOf(options);
  const { transaction } = await setRequirement(client, { target, kinds: options.kinds });
  // The value as people say it: "Public", "yes"; none for Base.
  const value = target.scope === "Base" ? null : target.scope === "PersonalInformation" ? (target.value ? "yes" : "no") : target.value;
  const kinds = ASSESSMENT_KINDS.filter((kind) => options.kinds.includes(kind));
  const which = value === null ? "every product now requires" : `products with ${target.scope} ${value} now require`;
  return { data: { scope: target.scope, value, kinds, ...transaction }, lines: [`${which} ${kinds.join(", ") || "nothing"}`] };
});
