/**
 * Client-safe vocabulary of livelihood schemes. Category and type keys are stored; their names are
 * catalogue keys `schemes:categories.<key>` and `schemes:types.<key>`.
 */
export const proposalCategories = [
  "elderly",
  "children",
  "environment",
  "safety",
  "facilities",
  "culture",
  "health",
  "other",
] as const;
export type ProposalCategory = (typeof proposalCategories)[number];

export const proposalTypes = ["service", "goods", "works"] as const;
export type ProposalType = (typeof proposalTypes)[number];

export const votingMethods = ["budget", "approval", "yes_no", "council"] as const;
export type VotingMethod = (typeof votingMethods)[number];

export const screeningReasons = [
  "excluded_category",
  "over_cap",
  "out_of_area",
  "duplicate",
  "not_feasible",
  "other",
] as const;
export type ScreeningReason = (typeof screeningReasons)[number];

/** The default negative list (负面清单) a new scheme starts with; the scheme may reword it. */
export const defaultExclusionKeys = ["propertyDuties", "governmentDuplicate", "privateBenefit"] as const;
