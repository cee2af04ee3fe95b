import type { Tx } from "~db/client";
import { participationEvents } from "~db/schema/ledger";
import type { ParticipationChannel, ParticipationEventKind } from "./event-kinds";
import { actorPseudonym } from "./pseudonym.server";

export interface ParticipationInput {
  kind: ParticipationEventKind;
  actor: { id: string; pseudonymSeed: string | null };
  /** The community or grid where it happened. */
  areaId: number;
  subjectType: string;
  subjectId: string;
  channel?: ParticipationChannel;
  /** Never personal data: counts and codes only. */
  meta?: Record<string, unknown>;
}

/** Appends one participation event inside the caller's transaction (the `tx` makes that mandatory). */
export async function recordParticipation(tx: Tx, input: ParticipationInput) {
  await tx.insert(participationEvents).values({
    kind: input.kind,
    actorPseudonym: await actorPseudonym(input.actor, tx),
    areaId: input.areaId,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    channel: input.channel ?? "web",
    meta: input.meta ?? {},
  });
}
