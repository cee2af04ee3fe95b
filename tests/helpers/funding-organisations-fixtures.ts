import { creditCodeCheckCharacter } from "~/modules/funding/credit-code";
import type { OrganisationDetails } from "~/modules/funding/organisation-schemas";
import type { UploadStorage } from "~/modules/uploads/storage.server";

let serial = 0;

/** A fresh, valid unified social credit code for a social service agency (52…) in Guangzhou (440100). */
export function validCreditCode(): string {
  serial += 1;
  const body = `52440100MJ${String(Date.now() % 10_000_000).padStart(7, "0")}`;
  const mixed = `${body.slice(0, 10)}${String((Number(body.slice(10)) + serial) % 10_000_000).padStart(7, "0")}`;
  return `${mixed}${creditCodeCheckCharacter(mixed)}`;
}

/** The same code with a wrong 18th character. */
export function withWrongCheck(code: string): string {
  return `${code.slice(0, 17)}${code[17] === "0" ? "1" : "0"}`;
}

export const pdfFile = (name = "证书.pdf") => new File([new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n")], name);
export const textFile = (name = "证书.txt") =>
  new File([new TextEncoder().encode("not a certificate")], name);

/** Upload storage in memory, so tests write nothing to disk. */
export function memoryStorage() {
  const files = new Map<string, Uint8Array>();
  const storage: UploadStorage = {
    put: async (key, bytes) => void files.set(key, bytes),
    get: async (key) => (files.get(key) as Uint8Array<ArrayBuffer> | undefined) ?? null,
    remove: async (key) => void files.delete(key),
  };
  return { files, storage };
}

/** Complete registration details; `area` and `serviceAreas` are area codes. */
export function organisationDetails(
  area: string,
  serviceAreas: string[],
  overrides: Partial<OrganisationDetails> = {},
): OrganisationDetails {
  return {
    name: "越秀长者社工服务中心",
    nameEn: "Yuexiu Elderly Social Work Centre",
    legalForm: "social_service_agency",
    creditCode: validCreditCode(),
    registrationAuthority: "广州市越秀区民政局",
    area,
    address: "越秀区东风中路 1 号",
    contactName: "陈主任",
    contactPhone: "020-8888 1234",
    contactEmail: "contact@example.org",
    serviceAreas,
    description: "为社区长者提供探访、助餐和康乐服务。",
    ...overrides,
  };
}
