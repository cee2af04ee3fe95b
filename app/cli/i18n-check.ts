// `npm run i18n:check`: every key in every language, no extra or unused keys, the same placeholders in
// each language, and no user-visible text written straight into the UI instead of the catalogues.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { defaultLocale, namespaces, supportedLocales } from "~/i18n/config";

type Catalogue = Map<string, string>;

function flatten(value: unknown, prefix: string, out: Catalogue) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, String(value));
  }
}

function loadCatalogue(locale: string): Catalogue {
  const out: Catalogue = new Map();
  for (const ns of namespaces) {
    const file = path.join("app/locales", locale, `${ns}.json`);
    const nsMap: Catalogue = new Map();
    flatten(JSON.parse(readFileSync(file, "utf8")), "", nsMap);
    for (const [key, text] of nsMap) out.set(`${ns}:${key}`, text);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort().join(",");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

/** JSX text and a few visible attributes written as literals in .tsx files. */
function hardCodedText(file: string, source: string): string[] {
  const problems: string[] = [];
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const visible = /[\p{L}]/u;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && visible.test(node.text)) {
      problems.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: text "${node.text.trim().slice(0, 40)}"`);
    }
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText(sf);
      if (["alt", "title", "placeholder", "aria-label", "label"].includes(name) && visible.test(node.initializer.text)) {
        problems.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${name}="${node.initializer.text.slice(0, 40)}"`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

function main() {
  const errors: string[] = [];
  const catalogues = new Map(supportedLocales.map((l) => [l, loadCatalogue(l)]));
  const reference = catalogues.get(defaultLocale)!;
  const allKeys = new Set<string>();
  for (const catalogue of catalogues.values()) for (const key of catalogue.keys()) allKeys.add(key);

  for (const key of allKeys) {
    for (const [locale, catalogue] of catalogues) {
      const text = catalogue.get(key);
      if (text === undefined) errors.push(`missing: ${locale} has no ${key}`);
      else if (text.trim() === "") errors.push(`empty: ${locale} ${key}`);
      else if (!reference.has(key)) errors.push(`extra: ${locale} has ${key}, which ${defaultLocale} does not`);
      else if (placeholders(text) !== placeholders(reference.get(key)!)) {
        errors.push(`placeholders differ: ${locale} ${key} ({{${placeholders(text)}}} vs {{${placeholders(reference.get(key)!)}}})`);
      }
    }
  }

  const files = sourceFiles("app");
  const sources = files.map((f) => readFileSync(f, "utf8"));
  const code = sources.join("\n");
  const literal = new Set<string>();
  for (const m of code.matchAll(/["'`]([\w-]+:[\w.-]+)["'`]/g)) literal.add(m[1]!);
  // `ns:prefix.${x}` keeps every key under the prefix whose next segment appears in code as a word.
  const dynamicPrefixes = [...code.matchAll(/`([\w-]+:[\w.-]*)\$\{/g)].map((m) => m[1]!);
  // A key written in code but in no catalogue would show its raw key to the person.
  const known = new Set<string>(namespaces);
  for (const key of literal) {
    if (!known.has(key.split(":")[0]!) || reference.has(key)) continue;
    if ([...reference.keys()].some((k) => k.startsWith(`${key}.`))) continue;
    errors.push(`undefined: ${key} is used in code but missing from ${defaultLocale}`);
  }
  for (const key of reference.keys()) {
    if (literal.has(key)) continue;
    const prefix = dynamicPrefixes.find((p) => key.startsWith(p));
    if (prefix) {
      const segment = key.slice(prefix.length).split(".")[0]!;
      if (new RegExp(`(["'\\s\\[,(]|^)${segment.replace(/[-]/g, "\\-")}(["'\\s\\],);]|$)`, "m").test(code)) continue;
    }
    errors.push(`unused: ${key}`);
  }

  files.forEach((file, i) => {
    if (file.endsWith(".tsx")) errors.push(...hardCodedText(file, sources[i]!).map((p) => `hard-coded ${p}`));
  });

  if (errors.length) {
    console.error(errors.join("\n"));
    console.error(`i18n:check: ${errors.length} problem(s)`);
    process.exit(1);
  }
  console.log(`i18n:check: ${reference.size} keys in ${supportedLocales.length} languages, all present and used`);
}

main();
