import { ASSESSMENT_KINDS, CLASSIFICATIONS, PRODUCT_TYPES, REQUIREMENT_SCOPES, SOURCE_CATEGORIES, enumValue, kindsMask, maskNames } from "../../../sdk/names";
import { action, transactionData } from "../../context";
import { UsageError } from "../../parse";

/** The product attribute a requirement applies to, one option per scope; enum values already parsed from their names. */
export interface RequirementOptions {
  base?: boolean;
  personalInformation?: boolean;
  sourceCategory?: number;
  classification?: number;
  productType?: number;
  kinds: number[];
}

interface Target {
  scope: (typeof REQUIREMENT_SCOPES)[number];
  value: number;
  /** The value as people say it: "Public", "yes"; null for Base, which has none. */
  valueName: string | null;
}

const SCOPE_FLAGS = "--base, --personal-information, --source-category, --classification and --product-type";

/** The (scope, value) pair the contract keys a requirement by, from the one scope option given. */
function targetOf(options: RequirementOptions): Target {
  const targets: Target[] = [];
  if (options.base) targets.push({ scope: "Base", value: 0, valueName: null });
  if (options.personalInformation !== undefined) {
    targets.push({ scope: "PersonalInformation", value: options.personalInformation ? 1 : 0, valueName: options.personalInformation ? "yes" : "no" });
  }
  if (options.sourceCategory !== undefined) targets.push({ scope: "SourceCategory", value: options.sourceCategory, valueName: SOURCE_CATEGORIES[options.sourceCategory] });
  if (options.classification !== undefined) targets.push({ scope: "Classification", value: options.classification, valueName: CLASSIFICATIONS[options.classification] });
  if (options.productType !== undefined) targets.push({ scope: "ProductType", value: options.productType, valueName: PRODUCT_TYPES[options.productType] });
  if (targets.length !== 1) throw new UsageError(`give exactly one of ${SCOPE_FLAGS}`);
  return targets[0];
}

export const setRequirement = action(true, async (client, _command, options: RequirementOptions) => {
  const target = targetOf(options);
  const mask = kindsMask(options.kinds);
  const kinds = maskNames(ASSESSMENT_KINDS, mask);
  const receipt = await client.send("set requirement", () =>
    client.contracts.assessments.setRequirement(enumValue(REQUIREMENT_SCOPES, target.scope), target.value, mask));
  const which = target.valueName === null ? "every product now requires" : `products with ${target.scope} ${target.valueName} now require`;
  return {
    data: { scope: target.scope, value: target.valueName, kinds, ...transactionData(receipt) },
    lines: [`${which} ${kinds.join(", ") || "nothing"}`],
  };
});
