import { and, eq, isNull, notInArray, or, sql } from "drizzle-orm";
import type { Tx } from "~db/client";
import { users } from "~db/schema/accounts";
import { proposalCoproposers, proposals, proposalSupports } from "~db/schema/livelihood";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { parseIdentifier } from "~/modules/accounts/identifier";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  deleteAttachments,
  discardUploads,
  insertAttachments,
  prepareUploads,
  writeUploads,
  type StoredUpload,
} from "~/modules/uploads/save-attachments.server";
import { defaultStorage, type UploadStorage } from "~/modules/uploads/storage.server";
import type { ProposalType } from "./categories";
import { canParticipate } from "./permissions";
import { assertCanPropose, publishInTx } from "./publish-proposal.server";
import {
  countActiveProposals,
  getArea,
  getProposalWithScheme,
  getSchemeForProposals,
  type SchemeForProposals,
} from "./proposal-queries.server";
import { isEditable, type ProposalStatus } from "./proposal-status";
import { fenToYuanInput } from "~/lib/money";

export interface ProposalContent {
  title: string;
  body: string;
  category: string;
  type: ProposalType;
  costMinor: number;
  communityId: number;
  gridId?: number | null;
  address?: string | null;
  /** Phone numbers or email addresses of co-proposers. */
  coproposers?: readonly string[];
}

type Actor = { id: string; pseudonymSeed: string | null };

/** The scheme's own limits: offered category, cost within the type's cap and the budget, place inside. */
async function checkContent(scheme: SchemeForProposals, content: ProposalContent, authorId: string) {
  if (!scheme.categories.includes(content.category))
    throw new DomainError("proposals:errors.categoryNotOffered", 422);
  const cap = { service: scheme.capServiceMinor, goods: scheme.capGoodsMinor, works: scheme.capWorksMinor }[
    content.type
  ];
  if (!(content.costMinor > 0)) throw new DomainError("proposals:errors.costInvalid", 422);
  if (cap !== null && content.costMinor > cap)
    throw new DomainError("proposals:errors.overCap", 422, { cap: fenToYuanInput(cap) });
  if (content.costMinor > scheme.budgetMinor)
    throw new DomainError("proposals:errors.overBudget", 422, { budget: fenToYuanInput(scheme.budgetMinor) });

  const community = await getArea(content.communityId);
  if (!community || community.level !== "community" || !community.path.startsWith(scheme.areaPath))
    throw new DomainError("proposals:errors.placeOutsideArea", 422);
  if (content.gridId) {
    const grid = await getArea(content.gridId);
    if (!grid || grid.level !== "grid" || grid.parentId !== community.id)
      throw new DomainError("proposals:errors.gridNotInCommunity", 422);
  }
  return { coproposerIds: await resolveCoproposers(scheme, content.coproposers ?? [], authorId) };
}

/**
 * Co-proposers are other verified residents of the scheme's area, found by the phone or email on
 * their account. Whether the contact is unknown, not a resident here or malformed, the answer is the
 * same, so the form cannot be used to find out who has an account.
 */
async function resolveCoproposers(scheme: SchemeForProposals, contacts: readonly string[], authorId: string) {
  const ids: string[] = [];
  for (const contact of contacts) {
    const refuse = new DomainError("proposals:errors.coproposerNotFound", 422, {
      contact: contact.slice(0, 60),
    });
    const identifier = parseIdentifier(contact);
    if (!identifier) throw refuse;
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          identifier.kind === "email" ? eq(users.email, identifier.value) : eq(users.phone, identifier.value),
          isNull(users.deletedAt),
        ),
      );
    if (!user || user.id === authorId) throw refuse;
    if (!canParticipate(await listActiveRoles(user.id), scheme.areaPath).allowed) throw refuse;
    if (!ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}

function contentColumns(content: ProposalContent) {
  return {
    title: content.title.trim(),
    body: content.body,
    category: content.category,
    type: content.type,
    estimatedCostMinor: content.costMinor,
    communityId: content.communityId,
    gridId: content.gridId ?? null,
    address: content.address?.trim() ?? "",
  };
}

/** Takes the person's row lock, so two submissions of one person are counted one after the other. */
async function lockPerson(tx: Tx, userId: string) {
  await tx.execute(sql`select id from ${users} where ${users.id} = ${userId} for update`);
}

export interface DraftProposalInput {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  content: ProposalContent;
  files?: readonly File[];
  /** Publish at once ("publish" button) instead of keeping a draft. */
  publish?: boolean;
  storage?: UploadStorage;
  now?: Date;
}

/**
 * A verified resident writes a proposal for a collecting scheme: saved as a draft, or published at once.
 * At most `maxProposalsPerResident` proposals (drafts included, withdrawn not) per person and scheme,
 * counted under the person's row lock in the same transaction as the insert.
 */
export async function draftProposal({
  actor,
  actorRoles,
  schemeId,
  content,
  files = [],
  publish = false,
  storage = defaultStorage(),
  now = new Date(),
}: DraftProposalInput) {
  const scheme = await getSchemeForProposals(schemeId);
  if (!scheme || scheme.status === "draft") throw new DomainError("proposals:errors.schemeNotFound", 404);
  assertCanPropose(scheme, actorRoles, now);
  const { coproposerIds } = await checkContent(scheme, content, actor.id);
  const prepared = await prepareUploads(files);
  const stored = await writeUploads(storage, prepared);
  try {
    return await db.transaction(async (tx) => {
      await lockPerson(tx, actor.id);
      const existing = await countActiveProposals(tx, scheme.id, actor.id);
      if (existing >= scheme.maxProposalsPerResident)
        throw new DomainError("proposals:errors.tooManyProposals", 409, {
          max: scheme.maxProposalsPerResident,
        });
      const [row] = await tx
        .insert(proposals)
        .values({
          schemeId: scheme.id,
          authorId: actor.id,
          ...contentColumns(content),
          status: "draft",
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const proposal = row!;
      if (coproposerIds.length)
        await tx
          .insert(proposalCoproposers)
          .values(coproposerIds.map((userId) => ({ proposalId: proposal.id, userId })));
      await insertAttachments(
        tx,
        { subjectType: "proposal", subjectId: proposal.id, uploadedBy: actor.id },
        stored,
      );
      if (publish) {
        const published = await publishInTx(tx, { proposal, scheme, actor, now });
        return {
          id: proposal.id,
          status: "collecting" as ProposalStatus,
          supportDeadline: published.supportDeadline,
        };
      }
      return { id: proposal.id, status: "draft" as ProposalStatus, supportDeadline: null };
    });
  } catch (error) {
    await discardUploads(storage, stored);
    throw error;
  }
}

export interface ReviseProposalInput {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  proposalId: string;
  content: ProposalContent;
  files?: readonly File[];
  removeAttachmentIds?: readonly string[];
  storage?: UploadStorage;
  now?: Date;
}

/**
 * The author changes the proposal while it is editable: a draft, or a published proposal nobody has
 * supported yet (supporters back what they read). The support count is taken under the proposal's
 * row lock, so a support arriving meanwhile wins and the edit is refused.
 */
export async function reviseProposal({
  actor,
  actorRoles,
  proposalId,
  content,
  files = [],
  removeAttachmentIds = [],
  storage = defaultStorage(),
  now = new Date(),
}: ReviseProposalInput) {
  const found = await getProposalWithScheme(proposalId);
  if (!found || (found.proposal.status === "draft" && found.proposal.authorId !== actor.id))
    throw new DomainError("proposals:errors.proposalNotFound", 404);
  const { proposal, scheme } = found;
  if (proposal.authorId !== actor.id) throw new DomainError("proposals:errors.notAuthor", 403);
  if (!isEditable(proposal.status, found.supports))
    throw new DomainError("proposals:errors.notEditable", 409);
  assertCanPropose(scheme, actorRoles, now);
  const { coproposerIds } = await checkContent(scheme, content, actor.id);

  const [{ n: attached } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(attachments)
    .where(
      and(
        eq(attachments.subjectType, "proposal"),
        eq(attachments.subjectId, proposal.id),
        removeAttachmentIds.length ? notInArray(attachments.id, [...removeAttachmentIds]) : undefined,
      ),
    );
  const prepared = await prepareUploads(files, attached);
  let stored: StoredUpload[] = await writeUploads(storage, prepared);
  try {
    const removed = await db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ status: proposals.status })
        .from(proposals)
        .where(eq(proposals.id, proposal.id))
        .for("update");
      const [{ n: supports } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(proposalSupports)
        .where(eq(proposalSupports.proposalId, proposal.id));
      if (!locked || !isEditable(locked.status, supports))
        throw new DomainError("proposals:errors.notEditable", 409);
      await tx
        .update(proposals)
        .set({ ...contentColumns(content), updatedAt: now })
        .where(
          and(
            eq(proposals.id, proposal.id),
            or(eq(proposals.status, "draft"), eq(proposals.status, "collecting")),
          ),
        );
      await tx.delete(proposalCoproposers).where(eq(proposalCoproposers.proposalId, proposal.id));
      if (coproposerIds.length)
        await tx
          .insert(proposalCoproposers)
          .values(coproposerIds.map((userId) => ({ proposalId: proposal.id, userId })));
      const gone = await deleteAttachments(
        tx,
        { subjectType: "proposal", subjectId: proposal.id },
        removeAttachmentIds,
      );
      await insertAttachments(
        tx,
        { subjectType: "proposal", subjectId: proposal.id, uploadedBy: actor.id },
        stored,
      );
      return gone;
    });
    stored = [];
    await discardUploads(storage, removed);
    return { id: proposal.id };
  } catch (error) {
    await discardUploads(storage, stored);
    throw error;
  }
}
