import { eq, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import {
  fundingAgreements,
  fundingAwards,
  fundingDisbursements,
  fundingTranches,
  organisationDeclarations,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { expectDbError } from "../../../tests/helpers/expect-db-error";
import {
  makeApplication,
  makeCall,
  makeFundingAreas,
  makeOrganisation,
} from "../../../tests/helpers/funding-fixtures";

test("integrity declarations and the disbursement ledger can be appended but never changed or removed", async () => {
  const areas = await makeFundingAreas();
  const org = await makeOrganisation(areas.district.id);
  const [declaration] = await db
    .insert(organisationDeclarations)
    .values({
      organisationId: org.id,
      declarantName: "陈主任",
      notAbnormal1y: true,
      notSeriousViolation2y: true,
      noMajorViolation3y: true,
    })
    .returning({ id: organisationDeclarations.id });
  await expectDbError(
    db
      .update(organisationDeclarations)
      .set({ notAbnormal1y: false })
      .where(eq(organisationDeclarations.id, declaration!.id)),
    /append-only/,
  );
  await expectDbError(
    db.delete(organisationDeclarations).where(eq(organisationDeclarations.id, declaration!.id)),
    /append-only/,
  );
  await expectDbError(db.execute(sql`truncate organisation_declarations`), /append-only/);

  const { call } = await makeCall(areas.district.id, { phase: "closed" });
  const application = await makeApplication(call.id, org.id, { status: "eligible" });
  const [award] = await db
    .insert(fundingAwards)
    .values({
      callId: call.id,
      applicationId: application.id,
      amountMinor: 100_00,
      rank: 1,
      totalScore: "80",
    })
    .returning();
  const [agreement] = await db
    .insert(fundingAgreements)
    .values({
      awardId: award!.id,
      amountMinor: 100_00,
      startsOn: "2027-01-01",
      endsOn: "2027-12-31",
      signedAt: new Date(),
    })
    .returning();
  const [tranche] = await db
    .insert(fundingTranches)
    .values({
      agreementId: agreement!.id,
      position: 1,
      milestone: "signing",
      percent: 100,
      amountMinor: 100_00,
      status: "released",
    })
    .returning();
  const [paid] = await db
    .insert(fundingDisbursements)
    .values({ trancheId: tranche!.id, amountMinor: 100_00 })
    .returning({ id: fundingDisbursements.id });
  await expectDbError(
    db.update(fundingDisbursements).set({ amountMinor: 1 }).where(eq(fundingDisbursements.id, paid!.id)),
    /append-only/,
  );
  await expectDbError(
    db.delete(fundingDisbursements).where(eq(fundingDisbursements.id, paid!.id)),
    /append-only/,
  );
  await expectDbError(db.execute(sql`truncate funding_disbursements cascade`), /append-only/);
  const [still] = await db
    .select()
    .from(organisationDeclarations)
    .where(eq(organisationDeclarations.id, declaration!.id));
  expect(still?.notAbnormal1y).toBe(true);
});
