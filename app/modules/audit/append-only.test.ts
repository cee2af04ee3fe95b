import { eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { areas } from "~db/schema/areas";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { expectDbError } from "../../../tests/helpers/expect-db-error";
import { recordAudit } from "./record-audit.server";

async function anyAreaId() {
  const [area] = await db.insert(areas).values({
    code: `T${Math.random().toString(36).slice(2, 10)}`,
    level: "city",
    path: "/t/",
    depth: 0,
    nameZhCn: "测试",
    nameZhHk: "測試",
    nameEn: "Test",
  }).returning({ id: areas.id });
  return area!.id;
}

test("audit entries can be appended but never changed or removed", async () => {
  const areaId = await anyAreaId();
  await db.transaction(async (tx) => {
    await recordAudit(tx, { actorUserId: null, action: "areas.imported", subjectType: "area", subjectId: String(areaId), areaId });
  });
  const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, String(areaId)));
  expect(entry?.action).toBe("areas.imported");
  await expectDbError(db.update(auditEntries).set({ action: "role.granted" }).where(eq(auditEntries.id, entry!.id)), /append-only/);
  await expectDbError(db.delete(auditEntries).where(eq(auditEntries.id, entry!.id)), /append-only/);
  await expectDbError(db.execute(sql`truncate audit_entries`), /append-only/);
  const [still] = await db.select().from(auditEntries).where(eq(auditEntries.id, entry!.id));
  expect(still?.action).toBe("areas.imported");
});

test("participation events can be appended but never changed or removed", async () => {
  const areaId = await anyAreaId();
  const [event] = await db
    .insert(participationEvents)
    .values({ kind: "account.registered", actorPseudonym: "p", areaId, subjectType: "user", subjectId: "x" })
    .returning({ id: participationEvents.id });
  await expectDbError(db.update(participationEvents).set({ kind: "other" }).where(eq(participationEvents.id, event!.id)), /append-only/);
  await expectDbError(db.delete(participationEvents).where(eq(participationEvents.id, event!.id)), /append-only/);
  await expectDbError(db.execute(sql`truncate participation_events cascade`), /append-only/);
});
