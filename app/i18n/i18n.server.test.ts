import { expect, test } from "vitest";
import { resolveLocale, traditionalChinese } from "./i18n.server";

const request = (headers: Record<string, string>) => new Request("http://kapok.test/", { headers });

test("the language cookie wins over the account setting and Accept-Language", async () => {
  expect(await resolveLocale(request({ Cookie: "kapok_lng=en", "Accept-Language": "zh-CN" }), "zh-HK")).toBe("en");
});

test("the account setting wins over Accept-Language", async () => {
  expect(await resolveLocale(request({ "Accept-Language": "en-GB,en;q=0.9" }), "zh-HK")).toBe("zh-HK");
});

test("Accept-Language picks a supported language, traditional Chinese maps to zh-HK", async () => {
  expect(await resolveLocale(request({ "Accept-Language": "en-US,en;q=0.9" }))).toBe("en");
  expect(await resolveLocale(request({ "Accept-Language": "zh-TW,zh;q=0.9" }))).toBe("zh-HK");
  expect(await resolveLocale(request({ "Accept-Language": "zh-Hant-HK" }))).toBe("zh-HK");
  expect(await resolveLocale(request({ "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8" }))).toBe("zh-CN");
});

test("anything unknown falls back to zh-CN, and a forged cookie is ignored", async () => {
  expect(await resolveLocale(request({ "Accept-Language": "fr-FR" }))).toBe("zh-CN");
  expect(await resolveLocale(request({ Cookie: "kapok_lng=<script>" }))).toBe("zh-CN");
  expect(await resolveLocale(request({}))).toBe("zh-CN");
});

test("traditionalChinese only answers when traditional Chinese comes before our other languages", () => {
  expect(traditionalChinese("fr, zh-HK, en")).toBe("zh-HK");
  expect(traditionalChinese("en, zh-HK")).toBeNull();
  expect(traditionalChinese("zh-CN, zh-TW")).toBeNull();
  expect(traditionalChinese(null)).toBeNull();
});
