import { expect, test } from "vitest";
import { residencyInvites, residencyRequests } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import {
  grantRole,
  makeCommunity,
  registerPerson,
  uniqueEmail,
} from "../../../tests/helpers/account-fixtures";
import { exportAccount } from "./export-account.server";

test("the export holds the person's profile, roles, requests, redeemed invites, sessions and event count, and nobody else's data", async () => {
  const email = uniqueEmail();
  const me = await registerPerson({ identifier: email, displayName: "导出的人" });
  const someoneElse = await registerPerson({ identifier: uniqueEmail(), displayName: "别人" });
  const community = await makeCommunity("导出社区");
  const approver = await registerPerson({ displayName: "审批人" });
  await grantRole(me.user.id, "resident", community.id);
  await db.insert(residencyRequests).values({
    userId: me.user.id,
    communityId: community.id,
    message: "我的留言",
    status: "approved",
    decidedBy: approver.user.id,
    decisionReason: "核实无误",
    decidedAt: new Date(),
  });
  await db.insert(residencyInvites).values({
    codeHash: `export-test-${me.user.id}`,
    communityId: community.id,
    issuedBy: approver.user.id,
    expiresAt: new Date(Date.now() + 86_400_000),
    redeemedBy: me.user.id,
    redeemedAt: new Date(),
  });
  await db
    .insert(residencyRequests)
    .values({ userId: someoneElse.user.id, communityId: community.id, message: "别人的留言" });
  await db.transaction(async (tx) => {
    for (const actor of [me.user, me.user, someoneElse.user]) {
      await recordParticipation(tx, {
        kind: "residency.requested",
        actor,
        areaId: community.id,
        subjectType: "community",
        subjectId: community.code,
      });
    }
  });

  const data = await exportAccount({ userId: me.user.id });
  expect(data.profile).toMatchObject({
    id: me.user.id,
    email: email.toLowerCase(),
    phone: null,
    displayName: "导出的人",
  });
  expect(data.roles).toEqual([
    expect.objectContaining({
      role: "resident",
      area: expect.objectContaining({ code: community.code }),
      revokedAt: null,
    }),
  ]);
  expect(data.residencyRequests).toEqual([
    expect.objectContaining({ message: "我的留言", status: "approved", decisionReason: "核实无误" }),
  ]);
  expect(data.residencyInvitesRedeemed).toEqual([
    {
      community: expect.objectContaining({ code: community.code }),
      gridCode: null,
      redeemedAt: expect.any(String),
    },
  ]);
  expect(data.sessions).toHaveLength(1);
  expect(data.sessions[0]).toMatchObject({ userAgent: "vitest" });
  // Registration plus two requests.
  expect(data.participation.events).toBe(3);

  const text = JSON.stringify(data);
  expect(text).not.toContain("export-test-");
  for (const foreign of [
    someoneElse.user.id,
    someoneElse.user.email!,
    "别人",
    "别人的留言",
    approver.user.id,
    "审批人",
    me.token,
  ]) {
    expect(text).not.toContain(foreign);
  }
  expect(text).not.toContain("passwordHash");
  expect(text).not.toContain(me.user.pseudonymSeed!);
});
