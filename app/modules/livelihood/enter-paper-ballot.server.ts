import { ballots } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canManageScheme } from "./permissions";
import { schemePhase } from "./scheme-phase";
import { listBallotProposals, type VotingScheme } from "./ballot-queries.server";
import { checkChoices, requireVotingScheme, type ChoiceInput } from "./cast-ballot.server";
import { discardUnpublishedCount, lockSchemeForCount } from "./count-scheme.server";
import { ballotKey, newReceiptCode, paperToken, receiptHash } from "~/modules/voting/voter-token.server";

/** Paper ballots are entered while the vote runs and after it closes, until the results are published. */
export function paperEntryOpen(scheme: VotingScheme, now: Date): boolean {
  const phase = schemePhase(scheme, now);
  return phase === "voting" || phase === "counting";
}

export interface EnterPaperBallotInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  /** The number printed on the sheet: one ballot per sheet. */
  sheet: string;
  choices: ChoiceInput;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * An official enters a paper ballot from its sheet. It is stored like an online ballot (no person, no
 * time) under a keyed hash of the sheet number, which makes entering the same sheet twice fail. The
 * audit entry says who entered which sheet, never what it says.
 */
export async function enterPaperBallot({
  actor,
  actorRoles,
  schemeId,
  sheet,
  choices,
  meta,
  now = new Date(),
}: EnterPaperBallotInput) {
  const scheme = await requireVotingScheme(schemeId);
  const permission = canManageScheme(actorRoles, scheme.areaPath);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (scheme.votingMethod === "council") throw new DomainError("voting:errors.councilOnly", 409);
  if (scheme.status !== "published" || !paperEntryOpen(scheme, now))
    throw new DomainError("voting:errors.paperClosed", 409);
  const onBallot = await listBallotProposals(scheme.id);
  const stored = checkChoices(
    scheme,
    onBallot.filter((p) => p.status === "eligible"),
    choices,
  );
  const key = await ballotKey();
  const token = paperToken(key, scheme.id, sheet.trim());
  return db.transaction(async (tx) => {
    // Serialised against publication: once the results are out, no more sheets.
    const locked = await lockSchemeForCount(tx, scheme.id, "update");
    if (!locked || locked.resultsPublishedAt) throw new DomainError("voting:errors.paperClosed", 409);
    const [row] = await tx
      .insert(ballots)
      .values({
        schemeId: scheme.id,
        voterToken: token,
        receiptHash: receiptHash(newReceiptCode()),
        choices: stored,
        channel: "paper",
      })
      .onConflictDoNothing()
      .returning({ id: ballots.id });
    if (!row) throw new DomainError("voting:errors.sheetTaken", 409, { sheet: sheet.trim() });
    await discardUnpublishedCount(tx, scheme.id);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "ballot.paper_entered",
      subjectType: "scheme",
      subjectId: scheme.id,
      areaId: scheme.areaId,
      after: { sheet: sheet.trim(), channel: "paper" },
      meta,
    });
    return { ballotId: row.id };
  });
}
