import type {
  AssessmentKind, CertificateStatus, CertificateValidity, Classification, ParticipantKind, ParticipantStatus, PricingMethod,
  ProductStatus, ProductType, RightCategory, SourceCategory, TradeStatus,
} from "../../src/sdk/generated/enums";
import { ENUM_MEMBERS, PARTICIPANT_KIND_FLAGS } from "../../src/sdk/generated/enums";

/**
 * Chinese and English labels of the chain's enums. The member lists are never spelled out here:
 * each map is typed `Record<Name, Label>` over the union the generated module
 * (src/sdk/generated/enums.ts) defines, so a member added to or removed from the contracts is a
 * compile error in this file until it is labelled.
 */
export interface Label {
  en: string;
  zh: string;
}

export type RightCategoryName = keyof typeof RightCategory;
export type SourceCategoryName = keyof typeof SourceCategory;
export type ClassificationName = keyof typeof Classification;
export type ProductTypeName = keyof typeof ProductType;
export type ProductStatusName = keyof typeof ProductStatus;
export type CertificateStatusName = keyof typeof CertificateStatus;
export type ValidityName = keyof typeof CertificateValidity;
export type AssessmentKindName = keyof typeof AssessmentKind;
export type PricingMethodName = keyof typeof PricingMethod;
export type TradeStatusName = keyof typeof TradeStatus;
export type ParticipantStatusName = keyof typeof ParticipantStatus;
export type ParticipantKindName = keyof typeof ParticipantKind;

export const PRODUCT_TYPES = ENUM_MEMBERS.ProductType;
export const SOURCE_CATEGORIES = ENUM_MEMBERS.SourceCategory;
/** Product statuses a product can be in (None is only the absence of one). */
export const PRODUCT_STATUSES = ENUM_MEMBERS.ProductStatus.filter((status) => status !== "None");
export const KIND_NAMES = PARTICIPANT_KIND_FLAGS;

export const RIGHT_LABELS: Record<RightCategoryName, Label> = {
  ResourceHolding: { en: "Resource holding", zh: "数据资源持有权" },
  ProcessingUse: { en: "Processing and use", zh: "数据加工使用权" },
  ProductOperation: { en: "Product operation", zh: "数据产品经营权" },
};

export const SOURCE_LABELS: Record<SourceCategoryName, Label> = {
  Public: { en: "Public data", zh: "公共数据" },
  Enterprise: { en: "Enterprise data", zh: "企业数据" },
  Personal: { en: "Personal data", zh: "个人数据" },
};

export const CLASSIFICATION_LABELS: Record<ClassificationName, Label> = {
  General: { en: "General", zh: "一般数据" },
  Important: { en: "Important", zh: "重要数据" },
  Core: { en: "Core", zh: "核心数据" },
};

export const TYPE_LABELS: Record<ProductTypeName, Label> = {
  Dataset: { en: "Dataset", zh: "数据集" },
  Api: { en: "API", zh: "数据接口" },
  Report: { en: "Report", zh: "数据报告" },
  Model: { en: "Model", zh: "算法模型" },
  Service: { en: "Service", zh: "数据服务" },
  Index: { en: "Index", zh: "数据指数" },
};

export const STATUS_LABELS: Record<ProductStatusName, Label> = {
  None: { en: "None", zh: "无" },
  Registered: { en: "Registered", zh: "已登记" },
  Certified: { en: "Certified", zh: "已认证" },
  Listed: { en: "Listed", zh: "已挂牌" },
  Delisted: { en: "Delisted", zh: "已摘牌" },
  Suspended: { en: "Suspended", zh: "已暂停" },
  Revoked: { en: "Revoked", zh: "已撤销" },
};

export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatusName, Label> = {
  Active: { en: "Active", zh: "有效" },
  Suspended: { en: "Suspended", zh: "暂停" },
  Revoked: { en: "Revoked", zh: "撤销" },
  Surrendered: { en: "Surrendered", zh: "注销" },
  Superseded: { en: "Superseded", zh: "已替代" },
};

export const VALIDITY_LABELS: Record<ValidityName, Label> = {
  Valid: { en: "Valid", zh: "有效" },
  Nonexistent: { en: "Nonexistent", zh: "不存在" },
  Suspended: { en: "Suspended", zh: "暂停" },
  Revoked: { en: "Revoked", zh: "撤销" },
  Surrendered: { en: "Surrendered", zh: "注销" },
  Superseded: { en: "Superseded", zh: "已替代" },
  Expired: { en: "Expired", zh: "已过期" },
  AncestorInvalid: { en: "Ancestor invalid", zh: "上游权利无效" },
  ProductRevoked: { en: "Product revoked", zh: "产品已撤销" },
};

export const ASSESSMENT_LABELS: Record<AssessmentKindName, Label> = {
  LegalCompliance: { en: "Legal compliance", zh: "合规评估" },
  SecurityRisk: { en: "Security risk", zh: "安全风险评估" },
  Quality: { en: "Quality", zh: "质量评估" },
  AssetValuation: { en: "Asset valuation", zh: "资产评估" },
  PersonalInfoProtection: { en: "Personal information protection", zh: "个人信息保护评估" },
  CrossBorderSecurity: { en: "Cross-border security", zh: "数据出境安全评估" },
  PriceEvaluation: { en: "Price evaluation", zh: "价格评估" },
};

export const METHOD_LABELS: Record<PricingMethodName, Label> = {
  Negotiable: { en: "Negotiable", zh: "协商定价" },
  Cost: { en: "Cost method", zh: "成本法" },
  Income: { en: "Income method", zh: "收益法" },
  Market: { en: "Market method", zh: "市场法" },
};

export const TRADE_STATUS_LABELS: Record<TradeStatusName, Label> = {
  None: { en: "None", zh: "无" },
  Confirmed: { en: "Confirmed", zh: "已确认" },
  Delivered: { en: "Delivered", zh: "已交付" },
  Completed: { en: "Completed", zh: "已完成" },
  Disputed: { en: "Disputed", zh: "争议中" },
  Annulled: { en: "Annulled", zh: "已撤销" },
  Cancelled: { en: "Cancelled", zh: "已取消" },
};

export const PARTICIPANT_STATUS_LABELS: Record<ParticipantStatusName, Label> = {
  None: { en: "None", zh: "无" },
  Pending: { en: "Pending", zh: "待审核" },
  Active: { en: "Active", zh: "有效" },
  Suspended: { en: "Suspended", zh: "暂停" },
  Revoked: { en: "Revoked", zh: "撤销" },
};

export const KIND_LABELS: Record<ParticipantKindName, Label> = {
  Provider: { en: "Provider", zh: "数据提供方" },
  Buyer: { en: "Buyer", zh: "数据需求方" },
  Assessor: { en: "Assessor", zh: "第三方服务机构" },
  Broker: { en: "Broker", zh: "数据商" },
  Financier: { en: "Financier", zh: "金融机构" },
  Auditor: { en: "Auditor", zh: "监管审计" },
};

/** The registration acts of the Shenzhen interim measures on data property registration (2023). */
export type RegistrationAct = "initial" | "licence" | "transfer" | "change" | "cancellation" | "renewal" | "objection";

export const ACT_LABELS: Record<RegistrationAct, Label> = {
  initial: { en: "Initial registration", zh: "首次登记" },
  licence: { en: "Licence", zh: "许可登记" },
  transfer: { en: "Transfer", zh: "转移登记" },
  change: { en: "Change", zh: "变更登记" },
  cancellation: { en: "Cancellation", zh: "注销登记" },
  renewal: { en: "Renewal", zh: "续展登记" },
  objection: { en: "Objection", zh: "异议登记" },
};

/** The label of `name` in `labels`, or the name itself for a value this build does not know. */
export function labelOf<Name extends string>(labels: Record<Name, Label>, name: string): Label {
  return (labels as Record<string, Label | undefined>)[name] ?? { en: name, zh: "" };
}

export function isRegistrationAct(name: string): name is RegistrationAct {
  return Object.hasOwn(ACT_LABELS, name);
}
