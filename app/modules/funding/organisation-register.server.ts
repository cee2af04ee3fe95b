import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client";
import { organisations, roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { organisationServiceAreas } from "~db/schema/funding";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import {
  discardUploads,
  insertAttachments,
  prepareUploads,
  writeUploads,
  type StoredUpload,
} from "~/modules/uploads/save-attachments.server";
import { defaultStorage, type UploadStorage } from "~/modules/uploads/storage.server";
import { checkCreditCode, creditCodeMessages } from "./credit-code";
import { certificateSubject, loadOrganisationToAdminister } from "./organisation-queries.server";
import type { OrganisationDetails } from "./organisation-schemas";
import type { OrgScopedRole } from "./permissions";

const certificateTypes = new Set(["application/pdf", "image/jpeg", "image/png"]);

/** The registration area (the city or a district) and the service areas (districts, streets), by code. */
async function resolveAreas(areaCode: string, serviceAreaCodes: readonly string[]) {
  const [area] = await db
    .select({ id: areas.id, level: areas.level })
    .from(areas)
    .where(eq(areas.code, areaCode));
  if (!area || (area.level !== "city" && area.level !== "district"))
    throw new DomainError("organisations:errors.pickArea", 422);
  const codes = [...new Set(serviceAreaCodes)];
  const served = codes.length
    ? await db.select({ id: areas.id, level: areas.level }).from(areas).where(inArray(areas.code, codes))
    : [];
  if (
    served.length === 0 ||
    served.length !== codes.length ||
    served.some((a) => a.level !== "district" && a.level !== "street")
  )
    throw new DomainError("organisations:errors.pickServiceAreas", 422);
  return { areaId: area.id, serviceAreaIds: served.map((a) => a.id) };
}

function normalisedCode(raw: string) {
  const checked = checkCreditCode(raw);
  if (!checked.ok) throw new DomainError(creditCodeMessages[checked.reason], 422);
  return checked.code;
}

async function assertCodeFree(code: string, exceptId?: string) {
  const [taken] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.creditCode, code));
  if (taken && taken.id !== exceptId) throw new DomainError("organisations:errors.duplicateCode", 409);
}

/** The registration certificate: one PDF, JPEG or PNG, checked by its bytes before anything is stored. */
async function storeCertificate(files: readonly File[], storage: UploadStorage, required: boolean) {
  if (files.length === 0) {
    if (required) throw new DomainError("organisations:errors.certificateRequired", 422);
    return [];
  }
  if (files.length > 1) throw new DomainError("organisations:errors.oneCertificate", 422);
  const prepared = await prepareUploads(files);
  const wrong = prepared.find((p) => !certificateTypes.has(p.mimeType));
  if (wrong) throw new DomainError("organisations:errors.certificateType", 422, { name: wrong.fileName });
  return writeUploads(storage, prepared);
}

function details(d: Omit<OrganisationDetails, "creditCode">) {
  return {
    name: d.name.trim(),
    nameEn: d.nameEn?.trim() || null,
    legalForm: d.legalForm,
    registrationAuthority: d.registrationAuthority.trim(),
    address: d.address.trim(),
    contactName: d.contactName.trim(),
    contactPhone: d.contactPhone.trim(),
    contactEmail: d.contactEmail?.trim().toLowerCase() || null,
    description: d.description.trim(),
  };
}

async function setServiceAreas(tx: Tx, organisationId: string, areaIds: readonly number[]) {
  await tx
    .delete(organisationServiceAreas)
    .where(eq(organisationServiceAreas.organisationId, organisationId));
  await tx.insert(organisationServiceAreas).values(areaIds.map((areaId) => ({ organisationId, areaId })));
}

/**
 * Any signed-in person registers an NGO: it starts pending (a district or city official verifies it)
 * and the registrant becomes its admin. The credit code is checked (GB 32100-2015) and unique: of two
 * registrations with one code, even at the same instant, one wins and the other is told why.
 */
export async function registerOrganisation({
  actor,
  details: input,
  certificate,
  storage = defaultStorage(),
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  details: OrganisationDetails;
  certificate: readonly File[];
  storage?: UploadStorage;
  meta?: RequestMeta;
  now?: Date;
}) {
  const creditCode = normalisedCode(input.creditCode);
  const { areaId, serviceAreaIds } = await resolveAreas(input.area, input.serviceAreas);
  await assertCodeFree(creditCode);
  const stored = await storeCertificate(certificate, storage, true);
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organisations)
        .values({
          kind: "ngo",
          ...details(input),
          creditCode,
          areaId,
          status: "pending",
          createdBy: actor.id,
          createdAt: now,
        })
        .returning({ id: organisations.id });
      const id = org!.id;
      await setServiceAreas(tx, id, serviceAreaIds);
      await tx
        .insert(roleAssignments)
        .values({ userId: actor.id, role: "ngo_admin", areaId, organisationId: id, grantedBy: actor.id });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "role.granted",
        subjectType: "organisation",
        subjectId: id,
        areaId,
        after: { userId: actor.id, role: "ngo_admin", organisationId: id, via: "registration" },
        meta,
      });
      await insertAttachments(
        tx,
        { subjectType: certificateSubject, subjectId: id, uploadedBy: actor.id },
        stored,
      );
      return { id };
    });
  } catch (error) {
    await discardUploads(storage, stored);
    if (isUniqueViolation(error)) throw new DomainError("organisations:errors.duplicateCode", 409);
    throw error;
  }
}

/**
 * An admin edits the organisation's details (audited). The credit code can change only while the
 * organisation is pending or rejected: a verified one was checked against it.
 */
export async function updateOrganisation({
  actor,
  actorRoles,
  organisationId,
  details: input,
  certificate = [],
  storage = defaultStorage(),
  meta,
}: {
  actor: { id: string };
  actorRoles: readonly OrgScopedRole[];
  organisationId: string;
  details: Omit<OrganisationDetails, "creditCode"> & { creditCode?: string };
  certificate?: readonly File[];
  storage?: UploadStorage;
  meta?: RequestMeta;
}) {
  const { org } = await loadOrganisationToAdminister(organisationId, actorRoles);
  let creditCode = org.creditCode;
  if (input.creditCode !== undefined) {
    const code = normalisedCode(input.creditCode);
    if (code !== org.creditCode) {
      if (org.status === "verified") throw new DomainError("organisations:errors.creditCodeLocked", 409);
      await assertCodeFree(code, org.id);
      creditCode = code;
    }
  }
  const { areaId, serviceAreaIds } = await resolveAreas(input.area, input.serviceAreas);
  if (org.status === "verified" && areaId !== org.area.id)
    throw new DomainError("organisations:errors.areaLocked", 409);
  const stored: StoredUpload[] = await storeCertificate(certificate, storage, false);
  const next = { ...details(input), creditCode, areaId };
  let replaced: { storageKey: string }[] = [];
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(organisations)
        .where(eq(organisations.id, org.id))
        .for("update");
      // A verified organisation keeps its code and area even if it was verified a moment ago.
      if (before!.status === "verified" && (creditCode !== before!.creditCode || areaId !== before!.areaId))
        throw new DomainError("organisations:errors.creditCodeLocked", 409);
      await tx.update(organisations).set(next).where(eq(organisations.id, org.id));
      await setServiceAreas(tx, org.id, serviceAreaIds);
      if (areaId !== before!.areaId)
        await tx
          .update(roleAssignments)
          .set({ areaId })
          .where(and(eq(roleAssignments.organisationId, org.id), eq(roleAssignments.areaId, before!.areaId)));
      if (stored.length) {
        replaced = await tx
          .delete(attachments)
          .where(and(eq(attachments.subjectType, certificateSubject), eq(attachments.subjectId, org.id)))
          .returning({ storageKey: attachments.storageKey });
        await insertAttachments(
          tx,
          { subjectType: certificateSubject, subjectId: org.id, uploadedBy: actor.id },
          stored,
        );
      }
      const changed = Object.fromEntries(
        Object.entries(next).filter(([k, v]) => before![k as keyof typeof before] !== v),
      );
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "organisation.updated",
        subjectType: "organisation",
        subjectId: org.id,
        areaId,
        before: Object.fromEntries(Object.keys(changed).map((k) => [k, before![k as keyof typeof before]])),
        after: { ...changed, ...(stored.length ? { certificate: "replaced" } : {}) },
        meta,
      });
    });
  } catch (error) {
    await discardUploads(storage, stored);
    if (isUniqueViolation(error)) throw new DomainError("organisations:errors.duplicateCode", 409);
    throw error;
  }
  await discardUploads(storage, replaced);
  return { id: org.id };
}
