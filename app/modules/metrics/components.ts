import type { ParticipationEventKind } from "~/modules/participation/event-kinds";

/**
 * The Community Engagement Index (社区参与指数), defined around participation EVENT KINDS, not features:
 * any feature that records one of these kinds (with the meta fields named here) is counted, whatever
 * screen it came from. This file is the single place that names the kinds the index reads; the rollup
 * (rollup.server.ts) and the methodology page are generated from it. Client-safe: no I/O.
 */

export const componentKeys = [
  "breadth",
  "deliberation",
  "turnout",
  "responsiveness",
  "delivery",
  "satisfaction",
  "transparency",
  "partnership",
] as const;

export type ComponentKey = (typeof componentKeys)[number];

/** The event kinds the index reads, by role. Features must emit exactly these names. */
export const engagementKinds = {
  commentPosted: "comment.posted",
  meetingAttended: "meeting.attended",
  proposalPublished: "proposal.published",
  consultationOpened: "consultation.opened",
  matterRaised: "matter.raised",
  ballotCast: "ballot.cast",
  matterResponded: "matter.responded",
  projectAccepted: "project.accepted",
  evaluationSubmitted: "evaluation.submitted",
  outcomePublished: "outcome.published",
  noticePublished: "notice.published",
  decisionMade: "decision.made",
  applicationSubmitted: "application.submitted",
  awardMade: "award.made",
} as const satisfies Record<string, ParticipationEventKind>;

const k = engagementKinds;

/**
 * Acts by officials, committees, funders or the account system. They are counted as events but their
 * actors are not "participants": breadth counts residents taking part, not staff doing their job.
 * Every other kind (including kinds features add later) counts towards distinct participants.
 */
export const institutionalKinds: readonly string[] = [
  "account.registered",
  "residency.requested",
  "residency.verified",
  k.proposalPublished,
  k.consultationOpened,
  k.matterResponded,
  k.projectAccepted,
  k.outcomePublished,
  k.noticePublished,
  k.decisionMade,
  k.awardMade,
];

/** Kinds whose distinct actors are counted on their own (turnout needs distinct voters, not ballots). */
export const distinctKinds: readonly string[] = [k.ballotCast];

/**
 * What the rollup measures on each event of a kind, besides counting it:
 * - `qualified`: the event meets a rule read from its meta (on time, stance-bearing);
 * - `rating`: meta.rating is one of the three satisfaction answers;
 * - `hours`: meta.<field> is a duration in hours (summed and binned for a median).
 */
export type KindRule = {
  qualified?: { metaTrue: string } | { metaPresent: string };
  rating?: string;
  hours?: string;
};

export const kindRules: Readonly<Record<string, KindRule>> = {
  [k.commentPosted]: { qualified: { metaPresent: "stance" } },
  [k.matterResponded]: { qualified: { metaTrue: "onTime" }, hours: "responseHours" },
  [k.projectAccepted]: { qualified: { metaTrue: "onTime" } },
  [k.evaluationSubmitted]: { rating: "rating" },
};

/** meta.rating values of evaluation.submitted: 满意, 基本满意, 不满意. */
export const ratingValues = { top: "satisfied", mid: "basically", low: "dissatisfied" } as const;

/**
 * Response-hour bins for the median (lower bounds, in hours; the last bin is open). The rollup keeps a
 * count per bin for every area and period, so a median can be read for any range; it is estimated by
 * linear interpolation inside the bin that holds the middle response.
 */
export const responseHourBins: readonly number[] = [
  0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48, 72, 96, 120, 168, 240, 336, 504, 720, 1080, 1440, 2160,
];

/** Index (0-based) of the bin holding `hours`. */
export function responseHoursBin(hours: number): number {
  if (!Number.isFinite(hours) || hours <= 0) return 0;
  let i = 0;
  while (i + 1 < responseHourBins.length && responseHourBins[i + 1]! <= hours) i++;
  return i;
}

/** Median from bin counts, interpolated inside its bin (the open last bin gives its lower bound). */
export function medianFromHistogram(counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && before + n >= half) {
      const lo = responseHourBins[i] ?? 0;
      const hi = responseHourBins[i + 1];
      if (hi === undefined) return lo;
      return Math.round((lo + ((half - before) / n) * (hi - lo)) * 10) / 10;
    }
    before += n;
  }
  return null;
}

export type ComponentDefinition = {
  key: ComponentKey;
  nameKey: string;
  formulaKey: string;
  sourceKey: string;
  /** Takes {{target}}: the target formatted by the page for the unit (a percentage for shares). */
  targetKey: string;
  /** The value that scores 100; scores rise linearly from 0 and are capped at 100. */
  target: number;
  /** How `value` is expressed: a share (0–1), a count per deliberated item, or per 10,000 residents. */
  unit: "share" | "perItem" | "perDecision" | "per10k";
  defaultWeight: number;
  /** The event kinds it reads (the data source). */
  kinds: readonly string[];
};

/**
 * Targets are published normative choices, not statistics: a community where one resident in five
 * takes part in a period scores 100 on breadth. Default weights sum to 100.
 */
export const componentDefinitions: readonly ComponentDefinition[] = [
  {
    key: "breadth",
    nameKey: "metrics:components.breadth.name",
    formulaKey: "metrics:components.breadth.formula",
    sourceKey: "metrics:components.breadth.source",
    targetKey: "metrics:components.breadth.target",
    target: 0.2,
    unit: "share",
    defaultWeight: 20,
    kinds: ["*"],
  },
  {
    key: "deliberation",
    nameKey: "metrics:components.deliberation.name",
    formulaKey: "metrics:components.deliberation.formula",
    sourceKey: "metrics:components.deliberation.source",
    targetKey: "metrics:components.deliberation.target",
    target: 5,
    unit: "perItem",
    defaultWeight: 15,
    kinds: [k.commentPosted, k.meetingAttended, k.proposalPublished, k.consultationOpened, k.matterRaised],
  },
  {
    key: "turnout",
    nameKey: "metrics:components.turnout.name",
    formulaKey: "metrics:components.turnout.formula",
    sourceKey: "metrics:components.turnout.source",
    targetKey: "metrics:components.turnout.target",
    target: 0.25,
    unit: "share",
    defaultWeight: 10,
    kinds: [k.ballotCast],
  },
  {
    key: "responsiveness",
    nameKey: "metrics:components.responsiveness.name",
    formulaKey: "metrics:components.responsiveness.formula",
    sourceKey: "metrics:components.responsiveness.source",
    targetKey: "metrics:components.responsiveness.target",
    target: 0.9,
    unit: "share",
    defaultWeight: 15,
    kinds: [k.matterResponded],
  },
  {
    key: "delivery",
    nameKey: "metrics:components.delivery.name",
    formulaKey: "metrics:components.delivery.formula",
    sourceKey: "metrics:components.delivery.source",
    targetKey: "metrics:components.delivery.target",
    target: 0.9,
    unit: "share",
    defaultWeight: 15,
    kinds: [k.projectAccepted],
  },
  {
    key: "satisfaction",
    nameKey: "metrics:components.satisfaction.name",
    formulaKey: "metrics:components.satisfaction.formula",
    sourceKey: "metrics:components.satisfaction.source",
    targetKey: "metrics:components.satisfaction.target",
    target: 0.9,
    unit: "share",
    defaultWeight: 10,
    kinds: [k.evaluationSubmitted],
  },
  {
    key: "transparency",
    nameKey: "metrics:components.transparency.name",
    formulaKey: "metrics:components.transparency.formula",
    sourceKey: "metrics:components.transparency.source",
    targetKey: "metrics:components.transparency.target",
    target: 2,
    unit: "perDecision",
    defaultWeight: 10,
    kinds: [k.outcomePublished, k.noticePublished, k.decisionMade],
  },
  {
    key: "partnership",
    nameKey: "metrics:components.partnership.name",
    formulaKey: "metrics:components.partnership.formula",
    sourceKey: "metrics:components.partnership.source",
    targetKey: "metrics:components.partnership.target",
    target: 10,
    unit: "per10k",
    defaultWeight: 5,
    kinds: [k.applicationSubmitted, k.awardMade],
  },
];

export const defaultWeights = Object.fromEntries(
  componentDefinitions.map((c) => [c.key, c.defaultWeight]),
) as Record<ComponentKey, number>;

export function componentDefinition(key: ComponentKey): ComponentDefinition {
  return componentDefinitions.find((c) => c.key === key)!;
}

/** Linear normalisation against the target, capped to 0–100. */
export function normalise(value: number, target: number): number {
  if (!(target > 0) || !Number.isFinite(value)) return 0;
  return Math.max(0, Math.min(100, (value / target) * 100));
}

/** Rules the methodology page states beside the components (catalogue keys). */
export const methodologyKeys = {
  index: "metrics:components.indexRule",
  noData: "metrics:components.noDataRule",
  participants: "metrics:components.participantsRule",
} as const;

/** Error keys of the metrics module, for routes that map DomainError codes. */
export const metricsErrorKeys = [
  "metrics:errors.weightsSum",
  "metrics:errors.weightsInvalid",
  "metrics:errors.forbidden",
  "metrics:errors.badPeriod",
] as const;
