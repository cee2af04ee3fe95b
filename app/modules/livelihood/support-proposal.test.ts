import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { proposalCoproposers, proposals, proposalSupports, timelineEntries } from "~db/schema/livelihood";
import { participationEvents } from "~db/schema/ledger";
import { follows, notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { makeProposal, makeResident, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { expireProposals } from "./expire-proposals.server";
import { retractSupport, supportProposal } from "./support-proposal.server";

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
beforeAll(async () => {
  world = await makeSchemeWorld();
});

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

const supportsOf = (id: string) =>
  db.select().from(proposalSupports).where(eq(proposalSupports.proposalId, id));
const statusOf = async (id: string) =>
  (await db.select().from(proposals).where(eq(proposals.id, id)))[0]!.status;

describe("supportProposal", () => {
  test("a resident supports once, follows, and the event is recorded; retracting deletes the row", async () => {
    const [author, fan] = world.residents;
    const p = await makeProposal(world.scheme, author!, world.tree.C.id);
    expect((await supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: p.id })).status).toBe(
      "supported",
    );
    expect((await supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: p.id })).status).toBe(
      "alreadySupported",
    );
    expect(await supportsOf(p.id)).toHaveLength(1);
    expect(
      await db
        .select()
        .from(follows)
        .where(and(eq(follows.subjectId, p.id), eq(follows.userId, fan!.id))),
    ).toHaveLength(1);
    expect((await retractSupport({ actor: fan!, actorRoles: fan!.roles, proposalId: p.id })).status).toBe(
      "retracted",
    );
    expect((await retractSupport({ actor: fan!, actorRoles: fan!.roles, proposalId: p.id })).status).toBe(
      "notSupporting",
    );
    expect(await supportsOf(p.id)).toHaveLength(0);
    const kinds = (
      await db.select().from(participationEvents).where(eq(participationEvents.subjectId, p.id))
    ).map((e) => e.kind);
    expect(kinds.sort()).toEqual(["proposal.support_withdrawn", "proposal.supported"]);
  });

  test("refused: the author, a co-proposer, an outsider, drafts (not found), not collecting", async () => {
    const [author, co, fan] = world.residents;
    const p = await makeProposal(world.scheme, author!, world.tree.C.id);
    await db.insert(proposalCoproposers).values({ proposalId: p.id, userId: co!.id });
    expect(
      await refusal(supportProposal({ actor: author!, actorRoles: author!.roles, proposalId: p.id })),
    ).toBe("proposals:errors.ownProposal");
    expect(await refusal(supportProposal({ actor: co!, actorRoles: co!.roles, proposalId: p.id }))).toBe(
      "proposals:errors.ownProposal",
    );
    expect(
      await refusal(
        supportProposal({ actor: world.outsider, actorRoles: world.outsider.roles, proposalId: p.id }),
      ),
    ).toBe("schemes:errors.notResidentHere");
    const draft = await makeProposal(world.scheme, author!, world.tree.C.id, { status: "draft" });
    expect(
      await refusal(supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: draft.id })),
    ).toBe("proposals:errors.proposalNotFound");
    expect(
      await refusal(supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: "x' or 1=1" })),
    ).toBe("proposals:errors.proposalNotFound");
    const screening = await makeProposal(world.scheme, author!, world.tree.C.id, { status: "screening" });
    expect(
      await refusal(supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: screening.id })),
    ).toBe("proposals:errors.supportClosed");
    expect(await supportsOf(p.id)).toHaveLength(0);
  });

  test("deadline: 1 s before is in time, at the deadline and 1 s after are refused", async () => {
    const [author, fan, fan2] = world.residents;
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    const p = await makeProposal(world.scheme, author!, world.tree.C.id, { supportDeadline: deadline });
    const at = (ms: number) => new Date(deadline.getTime() + ms);
    expect(
      await refusal(supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: p.id, now: at(0) })),
    ).toBe("proposals:errors.supportClosed");
    expect(
      await refusal(
        supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: p.id, now: at(1000) }),
      ),
    ).toBe("proposals:errors.supportClosed");
    expect(
      (await supportProposal({ actor: fan2!, actorRoles: fan2!.roles, proposalId: p.id, now: at(-1000) }))
        .status,
    ).toBe("supported");
    expect(
      await refusal(
        retractSupport({ actor: fan2!, actorRoles: fan2!.roles, proposalId: p.id, now: at(1000) }),
      ),
    ).toBe("proposals:errors.supportClosed");
  });

  test("20 parallel supports by one resident → one row, no error", async () => {
    const [author, fan] = world.residents;
    const p = await makeProposal(world.scheme, author!, world.tree.C.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        supportProposal({ actor: fan!, actorRoles: fan!.roles, proposalId: p.id }),
      ),
    );
    expect(results.filter((r) => r.status === "supported")).toHaveLength(1);
    expect(await supportsOf(p.id)).toHaveLength(1);
    const events = await db
      .select()
      .from(participationEvents)
      .where(
        and(eq(participationEvents.subjectId, p.id), eq(participationEvents.kind, "proposal.supported")),
      );
    expect(events).toHaveLength(1);
  });

  test("threshold reached exactly once under parallel supports from different residents", async () => {
    const author = world.residents[0]!;
    const p = await makeProposal(world.scheme, author, world.tree.C.id);
    await db.insert(follows).values({ userId: author.id, subjectType: "proposal", subjectId: p.id });
    // Threshold 3; six residents click at once. The ones after the third find the proposal in screening.
    const fans = await Promise.all(
      Array.from({ length: 6 }, (_, i) => makeResident(world.tree.C2.id, `支持者${i}`)),
    );
    const results = await Promise.allSettled(
      fans.map((f) => supportProposal({ actor: f, actorRoles: f.roles, proposalId: p.id })),
    );
    const ok = results
      .filter((r) => r.status === "fulfilled")
      .map((r) => (r as PromiseFulfilledResult<{ thresholdReached: boolean }>).value);
    expect(ok).toHaveLength(3);
    expect(ok.filter((r) => r.thresholdReached)).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect(((r as PromiseRejectedResult).reason as { code: string }).code).toBe(
        "proposals:errors.supportClosed",
      );
    expect(await statusOf(p.id)).toBe("screening");
    expect(await supportsOf(p.id)).toHaveLength(3);
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, p.id));
    expect(timeline.map((t) => t.kind)).toEqual(["proposals:timeline.thresholdReached"]);
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.subjectId, p.id), eq(notifications.userId, author.id)));
    expect(told.map((n) => n.kind)).toEqual(["proposals:notifications.thresholdReached"]);
  });
});

describe("expireProposals", () => {
  test("expires collecting proposals whose deadline has passed (deadline ≤ now), once, with a timeline entry", async () => {
    const author = world.residents[0]!;
    const now = new Date(Date.now() + 100 * 86_400_000);
    const due = await makeProposal(world.scheme, author, world.tree.C.id, { supportDeadline: now });
    const later = await makeProposal(world.scheme, author, world.tree.C.id, {
      supportDeadline: new Date(now.getTime() + 1000),
    });
    const screening = await makeProposal(world.scheme, author, world.tree.C.id, {
      status: "screening",
      supportDeadline: new Date(now.getTime() - 1000),
    });
    const count = await expireProposals(now);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(await statusOf(due.id)).toBe("expired");
    expect(await statusOf(later.id)).toBe("collecting");
    expect(await statusOf(screening.id)).toBe("screening");
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, due.id));
    expect(timeline.map((t) => t.kind)).toEqual(["proposals:timeline.expired"]);
    expect(await expireProposals(now)).toBe(0);
    const fan = world.residents[1]!;
    expect(
      await refusal(supportProposal({ actor: fan, actorRoles: fan.roles, proposalId: due.id, now })),
    ).toBe("proposals:errors.supportClosed");
  });
});
