import { ASSESSMENT_KINDS, REQUIREMENT_SCOPES, kindsMask, maskNames } from "../../../sdk/names";
import { action, transactionData } from "../../context";
import { UsageError } from "../../parse";

export const setRequirement = action(true, async (client, _command, scope: number, value: string, options: { kinds: number[] }) => {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 255) throw new UsageError(`"${value}" is not a requirement value (0–255)`);
  const mask = kindsMask(options.kinds);
  const receipt = await client.send("set requirement", () => client.contracts.assessments.setRequirement(scope, Number(value), mask));
  return { data: { scope: REQUIREMENT_SCOPES[scope], value: Number(value), kinds: maskNames(ASSESSMENT_KINDS, mask), ...transactionData(receipt) }, lines: [`${REQUIREMENT_SCOPES[scope]} ${value} now requires ${maskNames(ASSESSMENT_KINDS, mask).join(", ") || "nothing"}`] };
});
