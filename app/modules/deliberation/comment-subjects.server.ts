import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { areas } from "~db/schema/areas";
import { livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { isCommitteeOf, residesIn, speaksOfficiallyOn } from "./comment-permissions";
import type { CommentSubjectType } from "./comment-schemas";

/**
 * What deliberation needs to know about the thing a thread hangs on, whatever it is. Each subject type
 * has one resolver; matters and consultations add theirs here when they land.
 */
export interface CommentSubject {
  type: CommentSubjectType;
  id: string;
  title: string;
  /** Community or grid of the subject: the participation event's area and the moderation scope. */
  areaId: number;
  areaPath: string;
  /** Publicly visible at all (a draft is its author's own). */
  visible: boolean;
  /** Comments are accepted now. */
  open: boolean;
  /** The page that shows the thread. */
  href: string;
  /** Posts by this person are official replies. */
  isOfficial(roles: readonly ScopedRole[]): boolean;
  /** This person may take part as a resident. */
  mayTakePart(roles: readonly ScopedRole[]): boolean;
}

type Resolver = (id: string) => Promise<CommentSubject | null>;

const hrefs: Record<CommentSubjectType, (id: string) => string> = {
  proposal: (id) => `/proposals/${id}`,
};

const schemeArea = alias(areas, "scheme_area");
const communityArea = alias(areas, "community_area");
const placeArea = alias(areas, "place_area");

/**
 * A livelihood proposal. Residents of the scheme's area take part; the scheme's officials (and grid
 * workers inside it) and the committee of the proposal's own community answer officially. Drafts and
 * withdrawn proposals take no comments.
 */
async function resolveProposal(id: string): Promise<CommentSubject | null> {
  const [row] = await db
    .select({
      id: proposals.id,
      title: proposals.title,
      status: proposals.status,
      areaId: placeArea.id,
      areaPath: placeArea.path,
      communityPath: communityArea.path,
      schemeAreaPath: schemeArea.path,
    })
    .from(proposals)
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, proposals.schemeId))
    .innerJoin(schemeArea, eq(schemeArea.id, livelihoodSchemes.areaId))
    .innerJoin(communityArea, eq(communityArea.id, proposals.communityId))
    .innerJoin(placeArea, eq(placeArea.id, sqlCoalesceGrid()))
    .where(eq(proposals.id, id))
    .limit(1);
  if (!row) return null;
  const { schemeAreaPath, communityPath } = row;
  return {
    type: "proposal",
    id: row.id,
    title: row.title,
    areaId: row.areaId,
    areaPath: row.areaPath,
    visible: row.status !== "draft",
    open: row.status !== "draft" && row.status !== "withdrawn",
    href: hrefs.proposal(row.id),
    isOfficial: (roles) => speaksOfficiallyOn(roles, schemeAreaPath) || isCommitteeOf(roles, communityPath),
    mayTakePart: (roles) => residesIn(roles, schemeAreaPath),
  };
}

// The proposal's place: its grid when it names one, else its community.
function sqlCoalesceGrid() {
  return sql<number>`coalesce(${proposals.gridId}, ${proposals.communityId})`;
}

const resolvers: Record<CommentSubjectType, Resolver> = {
  proposal: resolveProposal,
};

/** The page that shows a subject's thread (for links from moderation and notifications). */
export function commentSubjectHref(type: string, id: string): string | null {
  return Object.prototype.hasOwnProperty.call(hrefs, type) ? hrefs[type as CommentSubjectType](id) : null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subject, or null when the type is unknown or no such subject exists (a forged id). */
export async function resolveCommentSubject(type: string, id: string): Promise<CommentSubject | null> {
  if (!Object.prototype.hasOwnProperty.call(resolvers, type) || !uuidPattern.test(id)) return null;
  return resolvers[type as CommentSubjectType](id);
}
