import type { DatarightsClient } from "../../client";
import { CLASSIFICATIONS, PRODUCT_TYPES, REQUIREMENT_SCOPES, SOURCE_CATEGORIES, assessmentKindsMask, enumValue } from "../../names";
import type { AssessmentKindName, ClassificationName, ProductTypeName, SourceCategoryName } from "../../names";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Which products a requirement applies to, by attribute and value, in names. */
export type RequirementTarget =
  | { scope: "Base" }
  | { scope: "PersonalInformation"; value: boolean }
  | { scope: "SourceCategory"; value: SourceCategoryName }
  | { scope: "Classification"; value: ClassificationName }
  | { scope: "ProductType"; value: ProductTypeName };

/** The (scope, value) pair AssessmentRegistry keys requirements by. */
export function requirementKey(target: RequirementTarget): { scope: number; value: number } {
  const scope = enumValue(REQUIREMENT_SCOPES, target.scope);
  switch (target.scope) {
    case "Base":
      return { scope, value: 0 };
    case "PersonalInformation":
      return { scope, value: target.value ? 1 : 0 };
    case "SourceCategory":
      return { scope, value: enumValue(SOURCE_CATEGORIES, target.value) };
    case "Classification":
      return { scope, value: enumValue(CLASSIFICATIONS, target.value) };
    case "ProductType":
      return { scope, value: enumValue(PRODUCT_TYPES, target.value) };
  }
}

/** Sets the assessment kinds required of the products `target` names, as the Admin (an empty list requires nothing). */
export async function setRequirement(
  client: DatarightsClient,
  parameters: { target: RequirementTarget; kinds: readonly AssessmentKindName[] },
): Promise<{ transaction: TransactionResult }> {
  const { scope, value } = requirementKey(parameters.target);
  const { transaction } = await transact(client, "set requirement", (contracts) =>
    contracts.assessments.setRequirement(scope, value, assessmentKindsMask(parameters.kinds)),
  );
  return { transaction };
}
