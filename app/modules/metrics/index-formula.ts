import {
  componentDefinition,
  componentKeys,
  engagementKinds as k,
  normalise,
  type ComponentKey,
} from "./components";

/**
 * The index from rolled-up counts. Pure, so the methodology page, the API and the tests share it.
 *
 * - Each component has a value (its formula), a score 0–100 (value ÷ target, capped) and a weight.
 * - A component whose denominator is zero or unknown has NO DATA: score and value are null, it is shown
 *   as "no data" (never as zero) and it is left out of the weighted mean.
 * - index = Σ weight × score ÷ Σ weight, over the components with data; null when none has data (or
 *   their weights sum to 0). Scores and the index are rounded to one decimal at the end.
 */

export type KindCounts = {
  events: number;
  qualified: number;
  ratingTop: number;
  ratingMid: number;
  ratingLow: number;
  hoursSum: number;
  hoursN: number;
  /** Distinct actors; only meaningful for the kinds counted distinct (ballot.cast). */
  actors: number;
};

export type Measures = {
  /** Distinct participants (participation kinds only) in the area and period. */
  participants: number;
  /** Verified residents (or population) of the area; null when unknown. */
  eligibleResidents: number | null;
  kinds: Record<string, KindCounts>;
  medianResponseHours: number | null;
};

export type ComponentResult = {
  key: ComponentKey;
  weight: number;
  score: number | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  n: number;
  extra: Record<string, number | null>;
  noData: boolean;
};

export const emptyKindCounts = (): KindCounts => ({
  events: 0,
  qualified: 0,
  ratingTop: 0,
  ratingMid: 0,
  ratingLow: 0,
  hoursSum: 0,
  hoursN: 0,
  actors: 0,
});

const round1 = (x: number) => Math.round(x * 10) / 10;

type Raw = {
  numerator: number;
  denominator: number | null;
  n: number;
  extra?: Record<string, number | null>;
  scale?: number;
  noData?: boolean;
};

function raw(key: ComponentKey, m: Measures): Raw {
  const c = (kind: string) => m.kinds[kind] ?? emptyKindCounts();
  const eligible = m.eligibleResidents && m.eligibleResidents > 0 ? m.eligibleResidents : null;
  switch (key) {
    case "breadth":
      return { numerator: m.participants, denominator: eligible, n: m.participants };
    case "deliberation": {
      const stance = c(k.commentPosted).qualified;
      const meetings = c(k.meetingAttended).events;
      const items = c(k.proposalPublished).events + c(k.consultationOpened).events + c(k.matterRaised).events;
      return {
        numerator: stance + meetings,
        denominator: items,
        n: stance + meetings,
        extra: { stanceComments: stance, meetingAttendance: meetings, items },
      };
    }
    case "turnout": {
      const ballots = c(k.ballotCast);
      // No ballot cast at all means no vote was held here in the period: no data, not zero turnout.
      return {
        numerator: ballots.actors,
        denominator: eligible,
        n: ballots.actors,
        extra: { ballots: ballots.events },
        noData: ballots.events === 0,
      };
    }
    case "responsiveness": {
      const r = c(k.matterResponded);
      return {
        numerator: r.qualified,
        denominator: r.events,
        n: r.events,
        extra: {
          medianResponseHours: m.medianResponseHours,
          meanResponseHours: r.hoursN > 0 ? round1(r.hoursSum / r.hoursN) : null,
        },
      };
    }
    case "delivery": {
      const a = c(k.projectAccepted);
      return { numerator: a.qualified, denominator: a.events, n: a.events };
    }
    case "satisfaction": {
      const e = c(k.evaluationSubmitted);
      const n = e.ratingTop + e.ratingMid + e.ratingLow;
      return {
        numerator: e.ratingTop + e.ratingMid,
        denominator: n,
        n,
        extra: { satisfied: e.ratingTop, basically: e.ratingMid, dissatisfied: e.ratingLow },
      };
    }
    case "transparency": {
      const outcomes = c(k.outcomePublished).events;
      const notices = c(k.noticePublished).events;
      const decisions = c(k.decisionMade).events;
      return {
        numerator: outcomes + notices,
        denominator: decisions,
        n: decisions,
        extra: { outcomes, notices, decisions },
      };
    }
    case "partnership": {
      const applications = c(k.applicationSubmitted).events;
      const awards = c(k.awardMade).events;
      // Calls are not open everywhere, so an area with neither applications nor awards has no data.
      return {
        numerator: applications + awards,
        denominator: eligible,
        n: applications + awards,
        scale: 10_000,
        extra: { applications, awards },
        noData: applications + awards === 0,
      };
    }
  }
}

export function computeComponents(m: Measures, weights: Record<ComponentKey, number>): ComponentResult[] {
  return componentKeys.map((key) => {
    const def = componentDefinition(key);
    const r = raw(key, m);
    const noData = r.noData === true || r.denominator === null || r.denominator <= 0;
    const value = noData ? null : (r.numerator / r.denominator!) * (r.scale ?? 1);
    return {
      key,
      weight: weights[key] ?? 0,
      score: value === null ? null : round1(normalise(value, def.target)),
      value,
      numerator: r.numerator,
      denominator: r.denominator,
      n: r.n,
      extra: r.extra ?? {},
      noData,
    };
  });
}

export function computeIndex(components: readonly ComponentResult[]): number | null {
  let weighted = 0;
  let weights = 0;
  for (const c of components) {
    if (c.noData || c.score === null) continue;
    weighted += c.weight * c.score;
    weights += c.weight;
  }
  return weights > 0 ? round1(weighted / weights) : null;
}
