import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { residencyInvites } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { installationKey } from "~/lib/secrets.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { formatInviteCode, inviteAlphabet, inviteCodeLength } from "./residency-schemas";
import type { ActiveRole } from "./role-queries.server";
import { resolveInviteScope } from "./residency-queries.server";

export const inviteLifetimeDays = 14;

/** 8 characters from a 31-letter alphabet (≈ 40 bits), drawn without modulo bias. */
export function generateInviteCode(): string {
  const limit = 256 - (256 % inviteAlphabet.length);
  let code = "";
  while (code.length < inviteCodeLength) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < limit && code.length < inviteCodeLength)
        code += inviteAlphabet[byte % inviteAlphabet.length];
    }
  }
  return code;
}

/**
 * What is stored of a code: its SHA-256, keyed (HMAC) with the installation's invite key. 40 bits are
 * too few to survive an offline search of a leaked table with a plain hash; with the key they do.
 */
export async function inviteCodeHash(normalizedCode: string): Promise<string> {
  const key = await installationKey("invite");
  return encodeHexLowerCase(hmac(SHA256, key, new TextEncoder().encode(normalizedCode)));
}

export interface IssueResidencyInviteInput {
  actor: { id: string };
  actorRoles: readonly ActiveRole[];
  /** The community, or one of its grids, the code makes its holder a resident of. */
  scopeCode: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A committee member (for their community or one of its grids) or a grid worker (for their grid) issues
 * a one-time code to hand to a resident in person. The code is returned once and never stored.
 */
export async function issueResidencyInvite({
  actor,
  actorRoles,
  scopeCode,
  meta,
  now = new Date(),
}: IssueResidencyInviteInput) {
  const scope = await resolveInviteScope(actorRoles, scopeCode);
  if (!scope) throw new DomainError("residency:errors.pickScope", 404);
  if (!scope.permission.allowed) throw new DomainError(scope.permission.reason, 403);
  const { community, grid } = scope;
  const expiresAt = new Date(now.getTime() + inviteLifetimeDays * 24 * 60 * 60 * 1000);

  // A clash of two random codes is all but impossible; retrying keeps it from ever becoming an error.
  for (let attempt = 0; ; attempt++) {
    const code = generateInviteCode();
    const codeHash = await inviteCodeHash(code);
    try {
      const inviteId = await db.transaction(async (tx) => {
        const [invite] = await tx
          .insert(residencyInvites)
          .values({
            codeHash,
            communityId: community.id,
            gridId: grid?.id ?? null,
            issuedBy: actor.id,
            createdAt: now,
            expiresAt,
          })
          .returning({ id: residencyInvites.id });
        await recordAudit(tx, {
          actorUserId: actor.id,
          action: "residency.invite_issued",
          subjectType: "residency_invite",
          subjectId: invite!.id,
          areaId: grid?.id ?? community.id,
          after: { communityId: community.id, gridId: grid?.id ?? null, expiresAt: expiresAt.toISOString() },
          meta,
        });
        return invite!.id;
      });
      return { inviteId, code: formatInviteCode(code), expiresAt, community, grid };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}
