import type { ApplicationActivity, ApplicationIndicator } from "~db/schema/funding";

/** An application's content as the pages show it: money formatted, budget categories as catalogue keys. */
export type ApplicationContentView = {
  kind: "venture" | "purchase";
  summary: string;
  needs: string;
  beneficiaries: string;
  beneficiaryCount: number;
  objectives: string;
  activities: ApplicationActivity[];
  indicators: ApplicationIndicator[];
  team: string;
  budgetLines: { categoryKey: string; item: string; amount: string }[];
  projectTotal: string;
  selfRaised: string;
  requested: string;
};
