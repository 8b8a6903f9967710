import type { Command } from "commander";
import { AssessmentRegistry__factory } from "../../../typechain-types";
import type { KeySource } from "../../sdk/config";
import { requireDeployment } from "../../sdk/deployment";
import type { CompleteDeployment } from "../../sdk/deployment";
import { findingDocumentSchema, readDocument, signFinding, writeDocument } from "../../sdk/documents";
import { connectProvider, loadWallet } from "../../sdk/chain";
import { action, chainConfig, emit, transactionData } from "../context";
import { ASSESSMENT_KINDS, REQUIREMENT_SCOPES, kindsMask, maskNames, enumName } from "../../sdk/names";
import { UsageError, enumParser, listParser, parseHashOrText, parseId, parseMoment } from "../parse";
import { requireProduct } from "./products";

const parseKind = enumParser("assessment kind", ASSESSMENT_KINDS);

interface FindingOptions {
  kind: number;
  failed?: boolean;
  expires: string;
  report: string;
}

const findingOptions = (command: Command): Command =>
  command
    .argument("<product>", "product id", parseId)
    .requiredOption("--kind <kind>", ASSESSMENT_KINDS.join(", "), parseKind)
    .option("--failed", "the product failed the assessment (default: passed)")
    .requiredOption("--expires <time>", "when the finding lapses: date, unix seconds or span (1y)")
    .requiredOption("--report <hash|text>", "the assessment report", parseHashOrText);

/** The assessor's next nonce and the chain's time, when signing with the chain at hand. */
async function chainFacts(rpcUrl: string, deployment: CompleteDeployment, key: KeySource | undefined): Promise<{ nonce: bigint; now: bigint }> {
  const assessor = (await loadWallet(key, null)).address;
  const { provider } = await connectProvider(rpcUrl, { chainId: BigInt(deployment.chainId), source: `deployment ${deployment.network}` });
  try {
    const [nonce, block] = await Promise.all([
      AssessmentRegistry__factory.connect(deployment.contracts.AssessmentRegistry.address, provider).nonces(assessor),
      provider.getBlock("latest"),
    ]);
    return { nonce, now: BigInt(block!.timestamp) };
  } finally {
    provider.destroy();
  }
}

export function registerAssessments(program: Command): void {
  const assessment = program.command("assessment").description("third-party assessments (评估) of products");

  findingOptions(assessment.command("record").description("record a finding, as an accredited assessor"))
    .action(action(true, async (client, _command, productId: bigint, options: FindingOptions) => {
      await requireProduct(client, productId);
      const now = BigInt((await client.provider.getBlock("latest"))!.timestamp);
      const receipt = await client.send("record assessment", () => client.contracts.assessments.record({
        productId, kind: options.kind, passed: options.failed !== true, expiresAt: parseMoment(options.expires, now), reportHash: options.report,
      }));
      const [recorded] = client.events(receipt, "assessments", "AssessmentRecorded");
      const assessmentId = recorded.args.assessmentId as bigint;
      return { data: { assessmentId, ...transactionData(receipt) }, lines: [`assessment ${assessmentId}: ${ASSESSMENT_KINDS[options.kind]} ${options.failed ? "failed" : "passed"} for product ${productId}`] };
    }));

  findingOptions(assessment.command("sign").description("sign a finding offline, as an accredited assessor, for anyone to submit"))
    .requiredOption("--out <file>", "where to write the signed finding (JSON)")
    .option("--nonce <n>", "the assessor's next nonce (read from the chain when omitted)")
    .option("--deadline <time>", "until when it may be submitted", "7d")
    .action(async (productId: bigint, options: FindingOptions & { out: string; nonce?: string; deadline: string }, command: Command) => {
      const config = chainConfig(command);
      const deployment = requireDeployment(config.deploymentFile);
      const registry = deployment.contracts.AssessmentRegistry.address;
      if (options.nonce !== undefined && !/^\d+$/.test(options.nonce)) throw new UsageError(`"${options.nonce}" is not a nonce`);
      // With --nonce the signing is fully offline (spans count from this machine's clock);
      // otherwise the chain tells the next nonce and its own time.
      const { nonce, now } = options.nonce !== undefined
        ? { nonce: BigInt(options.nonce), now: BigInt(Math.floor(Date.now() / 1000)) }
        : await chainFacts(config.rpcUrl, deployment, config.key);
      const wallet = await loadWallet(config.key, null);
      const document = await signFinding(wallet, BigInt(deployment.chainId), registry, {
        productId: productId.toString(), kind: options.kind, passed: options.failed !== true,
        expiresAt: parseMoment(options.expires, now).toString(), reportHash: options.report,
      }, nonce, parseMoment(options.deadline, now));
      writeDocument(options.out, document);
      emit(command, { data: { file: options.out, ...document }, lines: [`finding signed by ${document.assessor}, written to ${options.out}`] });
    });

  assessment
    .command("submit")
    .description("submit a signed finding, as anyone")
    .argument("<file>", "signed finding (from `assessment sign`)")
    .action(action(true, async (client, _command, file: string) => {
      const document = readDocument(file, findingDocumentSchema, "signed finding");
      if (BigInt(document.chainId) !== client.chainId || document.registry.toLowerCase() !== client.deployment.contracts.AssessmentRegistry.address.toLowerCase()) {
        throw new UsageError(`${file} was signed for chain ${document.chainId}, registry ${document.registry}, not this deployment`);
      }
      const finding = document.finding;
      const receipt = await client.send("submit assessment", () => client.contracts.assessments.recordBySig(
        document.assessor,
        { productId: BigInt(finding.productId), kind: finding.kind, passed: finding.passed, expiresAt: BigInt(finding.expiresAt), reportHash: finding.reportHash },
        BigInt(document.nonce), BigInt(document.deadline), document.signature,
      ));
      const [recorded] = client.events(receipt, "assessments", "AssessmentRecorded");
      const assessmentId = recorded.args.assessmentId as bigint;
      return { data: { assessmentId, ...transactionData(receipt) }, lines: [`assessment ${assessmentId} recorded for ${document.assessor}`] };
    }));

  assessment
    .command("revoke")
    .description("revoke a finding, as its assessor or the Registrar")
    .argument("<assessment>", "assessment id", parseId)
    .requiredOption("--reason <hash|text>", "reason", parseHashOrText)
    .action(action(true, async (client, _command, assessmentId: bigint, options: { reason: string }) => {
      const receipt = await client.send("revoke assessment", () => client.contracts.assessments.revoke(assessmentId, options.reason));
      return { data: { assessmentId, ...transactionData(receipt) }, lines: [`assessment ${assessmentId} revoked`] };
    }));

  assessment
    .command("show")
    .description("a finding")
    .argument("<assessment>", "assessment id", parseId)
    .action(action(false, async (client, _command, assessmentId: bigint) => {
      if (assessmentId > (await client.contracts.assessments.assessmentCount())) throw new UsageError(`unknown assessment ${assessmentId}`);
      const record = await client.contracts.assessments.assessment(assessmentId);
      const data = {
        assessmentId, productId: record.productId, assessor: record.assessor, kind: enumName(ASSESSMENT_KINDS, record.kind), passed: record.passed,
        revoked: record.revoked, issuedAt: record.issuedAt, expiresAt: record.expiresAt, previousId: record.previousId, reportHash: record.reportHash,
      };
      return { data, lines: [`assessment ${assessmentId}: ${data.kind} of product ${record.productId} ${record.passed ? "passed" : "failed"}${record.revoked ? " (revoked)" : ""} by ${record.assessor}`] };
    }));

  assessment
    .command("require")
    .description("set the kinds required of products whose attribute `scope` is `value`, as the Admin")
    .argument("<scope>", REQUIREMENT_SCOPES.join(", "), enumParser("requirement scope", REQUIREMENT_SCOPES))
    .argument("<value>", "the attribute's value (enum index; 0 for Base)")
    .requiredOption("--kinds <list>", "required kinds, comma-separated (empty string for none)", listParser(parseKind))
    .action(action(true, async (client, _command, scope: number, value: string, options: { kinds: number[] }) => {
      if (!/^\d{1,3}$/.test(value) || Number(value) > 255) throw new UsageError(`"${value}" is not a requirement value (0–255)`);
      const mask = kindsMask(options.kinds);
      const receipt = await client.send("set requirement", () => client.contracts.assessments.setRequirement(scope, Number(value), mask));
      return { data: { scope: REQUIREMENT_SCOPES[scope], value: Number(value), kinds: maskNames(ASSESSMENT_KINDS, mask), ...transactionData(receipt) }, lines: [`${REQUIREMENT_SCOPES[scope]} ${value} now requires ${maskNames(ASSESSMENT_KINDS, mask).join(", ") || "nothing"}`] };
    }));
}
