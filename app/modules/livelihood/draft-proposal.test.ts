import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { users } from "~db/schema/accounts";
import { proposalCoproposers, proposals, timelineEntries } from "~db/schema/livelihood";
import { participationEvents } from "~db/schema/ledger";
import { follows } from "~db/schema/notifications";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { localDiskStorage, type UploadStorage } from "~/modules/uploads/storage.server";
import {
  makeProposal,
  makeResident,
  makeScheme,
  makeSchemeWorld,
} from "../../../tests/helpers/livelihood-fixtures";
import { draftProposal, reviseProposal, type ProposalContent } from "./draft-proposal.server";
import { publishProposal, supportDeadlineFor } from "./publish-proposal.server";
import { supportProposal } from "./support-proposal.server";
import { withdrawProposal } from "./withdraw-proposal.server";

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
let dir: string;
let storage: UploadStorage;

beforeAll(async () => {
  world = await makeSchemeWorld();
  dir = await mkdtemp(path.join(tmpdir(), "kapok-proposals-"));
  storage = localDiskStorage(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const content = (over: Partial<ProposalContent> = {}): ProposalContent => ({
  title: "三栋楼道加装扶手",
  body: "老人上下楼不方便。",
  category: "elderly",
  type: "works",
  costMinor: 12_000_00,
  communityId: world.tree.C.id,
  gridId: world.tree.G.id,
  address: "车陂路 1 号",
  ...over,
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

const jpeg = () =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], "楼道.jpg", { type: "image/jpeg" });

describe("draftProposal", () => {
  test("a resident saves a draft with a photo; nothing public happens yet", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const r = await draftProposal({
      actor: author,
      actorRoles: author.roles,
      schemeId: world.scheme.id,
      content: content(),
      files: [jpeg()],
      storage,
    });
    expect(r.status).toBe("draft");
    const [row] = await db.select().from(proposals).where(eq(proposals.id, r.id));
    expect(row).toMatchObject({
      status: "draft",
      authorId: author.id,
      estimatedCostMinor: 12_000_00,
      gridId: world.tree.G.id,
      publishedAt: null,
    });
    const files = await db.select().from(attachments).where(eq(attachments.subjectId, r.id));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ mimeType: "image/jpeg", fileName: "楼道.jpg", subjectType: "proposal" });
    expect(await storage.get(files[0]!.storageKey)).not.toBeNull();
    expect(
      await db.select().from(participationEvents).where(eq(participationEvents.subjectId, r.id)),
    ).toHaveLength(0);
  });

  test("publish at once: collecting, deadline = min(now + window, collection close), events, timeline, follow", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const now = new Date();
    const r = await draftProposal({
      actor: author,
      actorRoles: author.roles,
      schemeId: world.scheme.id,
      content: content(),
      publish: true,
      storage,
      now,
    });
    const [row] = await db.select().from(proposals).where(eq(proposals.id, r.id));
    expect(row!.status).toBe("collecting");
    expect(row!.publishedAt!.getTime()).toBe(now.getTime());
    // The fixture's collection closes in 10 days, before the 14-day window ends.
    expect(row!.supportDeadline!.getTime()).toBe(world.scheme.collectionClosesAt.getTime());
    const events = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, r.id));
    expect(events.map((e) => e.kind).sort()).toEqual(["proposal.published", "proposal.submitted"]);
    expect(events[0]!.areaId).toBe(world.tree.G.id);
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, r.id));
    expect(timeline.map((t) => t.kind)).toEqual(["proposals:timeline.published"]);
    const following = await db
      .select()
      .from(follows)
      .where(and(eq(follows.subjectId, r.id), eq(follows.userId, author.id)));
    expect(following).toHaveLength(1);
  });

  test("support deadline is now + window when collection closes later", () => {
    const now = new Date("2027-03-01T00:00:00Z");
    expect(
      supportDeadlineFor(
        { supportWindowDays: 14, collectionClosesAt: new Date("2027-06-01T00:00:00Z") },
        now,
      ).toISOString(),
    ).toBe("2027-03-15T00:00:00.000Z");
  });

  test("refusals: outsider, not collecting, unknown scheme, category, caps, budget, place", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const base = { actor: author, actorRoles: author.roles, schemeId: world.scheme.id, storage };
    expect(
      await refusal(
        draftProposal({
          ...base,
          actor: world.outsider,
          actorRoles: world.outsider.roles,
          content: content(),
        }),
      ),
    ).toBe("schemes:errors.notResidentHere");
    const closed = await makeScheme(world.tree.S.id, { phase: "deliberating" });
    expect(await refusal(draftProposal({ ...base, schemeId: closed.id, content: content() }))).toBe(
      "proposals:errors.notCollecting",
    );
    const upcoming = await makeScheme(world.tree.S.id, { phase: "upcoming" });
    expect(await refusal(draftProposal({ ...base, schemeId: upcoming.id, content: content() }))).toBe(
      "proposals:errors.notCollecting",
    );
    const unpublished = await makeScheme(world.tree.S.id, { phase: "draft" });
    expect(await refusal(draftProposal({ ...base, schemeId: unpublished.id, content: content() }))).toBe(
      "proposals:errors.schemeNotFound",
    );
    expect(await refusal(draftProposal({ ...base, schemeId: "not-a-uuid", content: content() }))).toBe(
      "proposals:errors.schemeNotFound",
    );
    expect(await refusal(draftProposal({ ...base, content: content({ category: "health" }) }))).toBe(
      "proposals:errors.categoryNotOffered",
    );
    // Works cap ¥80,000: exactly the cap passes, one fen more is refused; the service cap is ¥50,000.
    expect((await draftProposal({ ...base, content: content({ costMinor: 80_000_00 }) })).status).toBe(
      "draft",
    );
    expect(await refusal(draftProposal({ ...base, content: content({ costMinor: 80_000_01 }) }))).toBe(
      "proposals:errors.overCap",
    );
    expect(
      await refusal(draftProposal({ ...base, content: content({ type: "service", costMinor: 60_000_00 }) })),
    ).toBe("proposals:errors.overCap");
    const uncapped = await makeScheme(world.tree.S.id, { capWorksMinor: null });
    expect(
      await refusal(
        draftProposal({ ...base, schemeId: uncapped.id, content: content({ costMinor: 100_000_01 }) }),
      ),
    ).toBe("proposals:errors.overBudget");
    expect(
      await refusal(
        draftProposal({ ...base, content: content({ communityId: world.tree.C3.id, gridId: null }) }),
      ),
    ).toBe("proposals:errors.placeOutsideArea");
    expect(
      await refusal(
        draftProposal({ ...base, content: content({ communityId: world.tree.S.id, gridId: null }) }),
      ),
    ).toBe("proposals:errors.placeOutsideArea");
    expect(
      await refusal(
        draftProposal({
          ...base,
          content: content({ communityId: world.tree.C2.id, gridId: world.tree.G.id }),
        }),
      ),
    ).toBe("proposals:errors.gridNotInCommunity");
  });

  test("at most maxProposalsPerResident (withdrawn ones do not count), also when submitted in parallel", async () => {
    const author = await makeResident(world.tree.C.id, "多产作者");
    const base = {
      actor: author,
      actorRoles: author.roles,
      schemeId: world.scheme.id,
      storage,
      content: content(),
    };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => draftProposal(base)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect(((r as PromiseRejectedResult).reason as { code: string }).code).toBe(
        "proposals:errors.tooManyProposals",
      );
    const mine = await db
      .select()
      .from(proposals)
      .where(and(eq(proposals.authorId, author.id), eq(proposals.schemeId, world.scheme.id)));
    expect(mine).toHaveLength(3);
    await withdrawProposal({ actor: author, proposalId: mine[0]!.id });
    expect((await draftProposal(base)).status).toBe("draft");
  });

  test("a refused proposal leaves no file behind", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const before = await db.$count(attachments);
    const spoof = new File(["<html>"], "x.jpg");
    expect(
      await refusal(
        draftProposal({
          actor: author,
          actorRoles: author.roles,
          schemeId: world.scheme.id,
          content: content(),
          files: [jpeg(), spoof],
          storage,
        }),
      ),
    ).toBe("proposals:errors.fileType");
    const after = await db.$count(attachments);
    expect(after).toBe(before);
  });

  test("co-proposers: verified residents of the area by phone or email; others refused alike", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const co = await makeResident(world.tree.C2.id, "合作者");
    await db.update(users).set({ phone: "+8613900001111" }).where(eq(users.id, co.id));
    const base = { actor: author, actorRoles: author.roles, schemeId: world.scheme.id, storage };
    const r = await draftProposal({
      ...base,
      content: content({ coproposers: ["139 0000 1111", co.email.toUpperCase()] }),
    });
    const rows = await db.select().from(proposalCoproposers).where(eq(proposalCoproposers.proposalId, r.id));
    expect(rows.map((x) => x.userId)).toEqual([co.id]);
    for (const contact of [
      "nobody@example.test",
      world.outsider.email,
      "13700000000",
      "not a contact",
      author.email,
    ]) {
      expect(await refusal(draftProposal({ ...base, content: content({ coproposers: [contact] }) }))).toBe(
        "proposals:errors.coproposerNotFound",
      );
    }
  });
});

describe("publish, edit, withdraw", () => {
  test("publishProposal: author only, drafts only; others' drafts are not found", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const other = world.residents[0]!;
    const { id } = await draftProposal({
      actor: author,
      actorRoles: author.roles,
      schemeId: world.scheme.id,
      content: content(),
      storage,
    });
    expect(await refusal(publishProposal({ actor: other, actorRoles: other.roles, proposalId: id }))).toBe(
      "proposals:errors.proposalNotFound",
    );
    await publishProposal({ actor: author, actorRoles: author.roles, proposalId: id });
    expect(await refusal(publishProposal({ actor: author, actorRoles: author.roles, proposalId: id }))).toBe(
      "proposals:errors.transitionNotAllowed",
    );
    expect(await refusal(publishProposal({ actor: other, actorRoles: other.roles, proposalId: id }))).toBe(
      "proposals:errors.notAuthor",
    );
  });

  test("reviseProposal: while draft or unsupported; not after the first support; not by others", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const base = { actor: author, actorRoles: author.roles, storage };
    const { id } = await draftProposal({
      ...base,
      schemeId: world.scheme.id,
      content: content(),
      files: [jpeg()],
      publish: true,
    });
    const [photo] = await db.select().from(attachments).where(eq(attachments.subjectId, id));
    await reviseProposal({
      ...base,
      proposalId: id,
      content: content({ title: "新标题" }),
      removeAttachmentIds: [photo!.id],
    });
    const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
    expect(row!.title).toBe("新标题");
    expect(await db.select().from(attachments).where(eq(attachments.subjectId, id))).toHaveLength(0);
    expect(await storage.get(photo!.storageKey)).toBeNull();
    const other = world.residents[1]!;
    expect(
      await refusal(
        reviseProposal({
          ...base,
          actor: other,
          actorRoles: other.roles,
          proposalId: id,
          content: content(),
        }),
      ),
    ).toBe("proposals:errors.notAuthor");
    await supportProposal({ actor: other, actorRoles: other.roles, proposalId: id });
    expect(
      await refusal(reviseProposal({ ...base, proposalId: id, content: content({ title: "再改" }) })),
    ).toBe("proposals:errors.notEditable");
  });

  test("withdraw: draft or collecting, with a timeline entry; not twice; not once in screening", async () => {
    const author = await makeResident(world.tree.C.id, "作者");
    const p = await makeProposal(world.scheme, author, world.tree.C.id);
    expect((await withdrawProposal({ actor: author, proposalId: p.id })).status).toBe("withdrawn");
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, p.id));
    expect(timeline.map((t) => t.kind)).toEqual(["proposals:timeline.withdrawn"]);
    expect(await refusal(withdrawProposal({ actor: author, proposalId: p.id }))).toBe(
      "proposals:errors.transitionNotAllowed",
    );
    const screening = await makeProposal(world.scheme, author, world.tree.C.id, { status: "screening" });
    expect(await refusal(withdrawProposal({ actor: author, proposalId: screening.id }))).toBe(
      "proposals:errors.transitionNotAllowed",
    );
    const someoneElses = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
    expect(await refusal(withdrawProposal({ actor: author, proposalId: someoneElses.id }))).toBe(
      "proposals:errors.notAuthor",
    );
    expect(await refusal(withdrawProposal({ actor: author, proposalId: crypto.randomUUID() }))).toBe(
      "proposals:errors.proposalNotFound",
    );
  });
});
