import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isDomainError } from "~/lib/errors";
import { cleanFileName, maxUploadBytes, sniffMimeType } from "./file-type";
import { chosenFiles, discardUploads, prepareUploads, writeUploads } from "./save-attachments.server";
import { localDiskStorage } from "./storage.server";

const jpegBytes = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const pngBytes = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const webpBytes = () => new TextEncoder().encode("RIFF\u0024\u0000\u0000\u0000WEBPVP8 ");
const pdfBytes = () => new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n");

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error("expected a refusal");
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kapok-uploads-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("sniffMimeType", () => {
  test("knows JPEG, PNG, WebP and PDF by their first bytes", () => {
    expect(sniffMimeType(jpegBytes())).toBe("image/jpeg");
    expect(sniffMimeType(pngBytes())).toBe("image/png");
    expect(sniffMimeType(webpBytes())).toBe("image/webp");
    expect(sniffMimeType(pdfBytes())).toBe("application/pdf");
  });
  test("anything else is unknown: HTML, SVG, a RIFF that is not WebP, empty", () => {
    expect(sniffMimeType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffMimeType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniffMimeType(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "))).toBeNull();
    expect(sniffMimeType(new Uint8Array())).toBeNull();
  });
  test("file names lose paths and control characters", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("C:\\photos\\楼道.jpg")).toBe("楼道.jpg");
    expect(cleanFileName('a"\r\nb.pdf')).toBe("ab.pdf");
    expect(cleanFileName("")).toBe("file");
  });
});

describe("prepareUploads", () => {
  test("accepts real images and PDFs whatever they are called, with their real type", async () => {
    const prepared = await prepareUploads([
      new File([jpegBytes()], "photo.jpg", { type: "image/jpeg" }),
      new File([pngBytes()], "photo.bin", { type: "application/octet-stream" }),
      new File([pdfBytes()], "plan.pdf", { type: "application/pdf" }),
    ]);
    expect(prepared.map((p) => p.mimeType)).toEqual(["image/jpeg", "image/png", "application/pdf"]);
    expect(prepared[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a .jpg that is really HTML is refused, naming the file", async () => {
    const spoof = new File(["<html><script>alert(1)</script></html>"], "cute.jpg", { type: "image/jpeg" });
    expect(await refusal(prepareUploads([spoof]))).toEqual({
      code: "proposals:errors.fileType",
      params: { name: "cute.jpg" },
    });
  });

  test("over 5 MB is refused; exactly 5 MB is accepted", async () => {
    const exact = new Uint8Array(maxUploadBytes);
    exact.set(jpegBytes());
    expect(await prepareUploads([new File([exact], "ok.jpg")])).toHaveLength(1);
    const big = new Uint8Array(maxUploadBytes + 1);
    big.set(jpegBytes());
    expect((await refusal(prepareUploads([new File([big], "big.jpg")]))).code).toBe(
      "proposals:errors.fileTooLarge",
    );
  });

  test("more than 6 files in all is refused", async () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => new File([jpegBytes()], `${i}.jpg`));
    expect(await prepareUploads(files(6))).toHaveLength(6);
    expect((await refusal(prepareUploads(files(7)))).code).toBe("proposals:errors.tooManyFiles");
    expect((await refusal(prepareUploads(files(2), 5))).code).toBe("proposals:errors.tooManyFiles");
  });

  test("an empty file input is no upload", () => {
    const form = new FormData();
    form.append("files", new File([], ""));
    form.append("files", new File([jpegBytes()], "a.jpg"));
    form.append("files", "text");
    expect(chosenFiles(form.getAll("files")).map((f) => f.name)).toEqual(["a.jpg"]);
  });
});

describe("local disk storage", () => {
  test("writes under random keys, reads back, removes; refuses keys that could escape", async () => {
    const storage = localDiskStorage(dir);
    const prepared = await prepareUploads([new File([pngBytes()], "p.png")]);
    const [stored] = await writeUploads(storage, prepared);
    expect(stored!.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    expect(await storage.get(stored!.storageKey)).toEqual(pngBytes());
    await discardUploads(storage, [stored!]);
    expect(await storage.get(stored!.storageKey)).toBeNull();
    await expect(storage.get("../../etc/passwd")).rejects.toThrow(/Invalid storage key/);
    expect((await readdir(dir, { recursive: true })).filter((f) => !f.match(/^[0-9a-f]{2}$/))).toEqual([]);
  });
});
