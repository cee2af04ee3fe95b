import { CsvError, parse } from "csv-parse/sync";
import { areaLevels, type AreaLevel } from "./area-levels";

/**
 * Rules for importing another city's areas from a CSV file (code,name,parent_code[,population], with
 * optional name_zh_hk and name_en columns). Pure: the use-case looks up the codes that already exist
 * and passes them in, so the whole file is checked before anything is written.
 */

export const areaCodePattern = /^[0-9A-Za-z-]{2,20}$/;
export const maxAreaDepth = areaLevels.length - 1;
export const maxAreaNameLength = 100;
/** A city has tens of thousands of areas; a file far beyond that is a mistake, not a city. */
export const maxAreaRows = 100_000;
const maxPopulation = 2_147_483_647; // the column is a 32-bit integer

const requiredColumns = ["code", "name", "parent_code"] as const;
const optionalColumns = ["population", "name_zh_hk", "name_en"] as const;
type Column = (typeof requiredColumns)[number] | (typeof optionalColumns)[number];

/** One problem, on the line a person counts in the file (header = line 1); `key` is in `areas`. */
export interface AreaCsvIssue {
  line: number;
  key: string;
  params?: Record<string, string | number>;
}

export interface AreaCsvRow {
  line: number;
  code: string;
  name: string;
  parentCode: string | null;
  population: number | null;
  nameZhHk: string | null;
  nameEn: string | null;
}

/** An area already in the database, as far as the import needs to know it. */
export interface ExistingArea {
  code: string;
  path: string;
  depth: number;
}

export interface PlannedArea {
  line: number;
  code: string;
  parentCode: string | null;
  level: AreaLevel;
  path: string;
  depth: number;
  nameZhCn: string;
  nameZhHk: string;
  nameEn: string;
  searchKey: string;
  population: number | null;
}

const issue = (line: number, key: string, params?: Record<string, string | number>): AreaCsvIssue =>
  params ? { line, key, params } : { line, key };

function sortIssues(issues: AreaCsvIssue[]): AreaCsvIssue[] {
  return issues.sort((a, b) => a.line - b.line);
}

/** Reads the file and checks each row on its own (format, lengths, numbers, duplicates in the file). */
export function parseAreaCsv(text: string): { rows: AreaCsvRow[]; issues: AreaCsvIssue[] } {
  const issues: AreaCsvIssue[] = [];
  if (text.replace(/^\uFEFF/, "").trim() === "")
    return { rows: [], issues: [issue(1, "areas:import.errors.empty")] };

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { rows: [], issues: [issue(line, "areas:import.errors.malformed")] };
    }
    throw error;
  }

  // A quoted field may span lines; a person names the line where the row starts.
  const startLine = (r: { record: string[]; info: { lines: number } }) =>
    r.info.lines - r.record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);

  const [head, ...body] = records;
  const header = (head?.record ?? []).map((h) => h.toLowerCase());
  const known = new Set<string>([...requiredColumns, ...optionalColumns]);
  const headerOk =
    requiredColumns.every((c) => header.includes(c)) &&
    header.every((c) => known.has(c)) &&
    new Set(header).size === header.length;
  if (!head || !headerOk) {
    return { rows: [], issues: [issue(head ? startLine(head) : 1, "areas:import.errors.header")] };
  }
  if (body.length === 0) return { rows: [], issues: [issue(startLine(head), "areas:import.errors.noRows")] };
  if (body.length > maxAreaRows)
    return { rows: [], issues: [issue(1, "areas:import.errors.tooManyRows", { max: maxAreaRows })] };

  const index = Object.fromEntries(header.map((c, i) => [c, i])) as Partial<Record<Column, number>>;
  const firstLineOf = new Map<string, number>();
  const rows: AreaCsvRow[] = [];
  for (const r of body) {
    const line = startLine(r);
    const cell = (column: Column) => (index[column] === undefined ? "" : (r.record[index[column]!] ?? ""));
    if (r.record.length !== header.length) {
      issues.push(
        issue(line, "areas:import.errors.columnCount", { expected: header.length, found: r.record.length }),
      );
      continue;
    }
    const code = cell("code");
    if (!code) issues.push(issue(line, "areas:import.errors.codeRequired"));
    else if (!areaCodePattern.test(code))
      issues.push(issue(line, "areas:import.errors.codeFormat", { code }));
    else if (firstLineOf.has(code)) {
      issues.push(
        issue(line, "areas:import.errors.duplicateCode", { code, firstLine: firstLineOf.get(code)! }),
      );
    } else firstLineOf.set(code, line);

    const name = cell("name");
    if (!name) issues.push(issue(line, "areas:import.errors.nameRequired"));
    else if ([...name].length > maxAreaNameLength)
      issues.push(issue(line, "areas:import.errors.nameTooLong", { max: maxAreaNameLength }));
    for (const column of ["name_zh_hk", "name_en"] as const) {
      if ([...cell(column)].length > maxAreaNameLength) {
        issues.push(issue(line, "areas:import.errors.nameTooLong", { max: maxAreaNameLength }));
      }
    }

    const populationText = cell("population");
    let population: number | null = null;
    if (populationText) {
      if (/^[0-9]+$/.test(populationText) && Number(populationText) <= maxPopulation)
        population = Number(populationText);
      else issues.push(issue(line, "areas:import.errors.population", { value: populationText }));
    }

    const parentCode = cell("parent_code");
    rows.push({
      line,
      code,
      name,
      parentCode: parentCode || null,
      population,
      nameZhHk: cell("name_zh_hk") || null,
      nameEn: cell("name_en") || null,
    });
  }
  return { rows, issues: sortIssues(issues) };
}

/** Every parent code and code the file mentions: what the use-case must look up in the database. */
export function codesToLookUp(rows: AreaCsvRow[]): string[] {
  const codes = new Set<string>();
  for (const row of rows) {
    if (row.code) codes.add(row.code);
    if (row.parentCode) codes.add(row.parentCode);
  }
  return [...codes];
}

/** Search key for an imported name: the English name's letters, then its words' initials. */
function importedSearchKey(nameEn: string | null): string {
  const words = (nameEn ?? "").toLowerCase().match(/[a-z0-9]+/g) ?? [];
  if (words.length === 0) return "";
  return `${words.join("")} ${words.map((w) => w.charAt(0)).join("")}`;
}

/**
 * Checks the rows against each other and the database (codes already taken, roots, parents, cycles,
 * depth) and, when nothing is wrong, returns them with levels and paths, parents before children.
 */
export function planAreaImport(
  rows: AreaCsvRow[],
  existing: Map<string, ExistingArea>,
): { issues: AreaCsvIssue[]; planned: PlannedArea[] } {
  const issues: AreaCsvIssue[] = [];
  const inFile = new Map<string, AreaCsvRow>();
  for (const row of rows) if (row.code && !inFile.has(row.code)) inFile.set(row.code, row);

  let firstRoot: AreaCsvRow | null = null;
  for (const row of rows) {
    if (row.code && existing.has(row.code))
      issues.push(issue(row.line, "areas:import.errors.codeExists", { code: row.code }));
    if (!row.parentCode) {
      if (firstRoot)
        issues.push(issue(row.line, "areas:import.errors.extraRoot", { firstLine: firstRoot.line }));
      else firstRoot = row;
    } else if (!inFile.has(row.parentCode) && !existing.has(row.parentCode)) {
      issues.push(issue(row.line, "areas:import.errors.unknownParent", { parent: row.parentCode }));
    }
  }

  // Depth and path of every row, following parents inside the file; a row met again while its own
  // chain is still being followed closes a cycle.
  const placed = new Map<string, { depth: number; path: string } | null>();
  const inCycle = new Set<string>();
  const place = (start: AreaCsvRow): { depth: number; path: string } | null => {
    const chain: AreaCsvRow[] = [];
    const onChain = new Set<string>();
    let row: AreaCsvRow | undefined = start;
    let base: { depth: number; path: string } | null = null;
    while (row) {
      if (placed.has(row.code)) {
        base = placed.get(row.code)!;
        break;
      }
      if (onChain.has(row.code)) {
        const from = chain.findIndex((r) => r.code === row!.code);
        for (const r of chain.slice(from)) inCycle.add(r.code);
        break;
      }
      chain.push(row);
      onChain.add(row.code);
      if (!row.parentCode) {
        base = { depth: -1, path: "/" };
        break;
      }
      const parentInDb = !inFile.has(row.parentCode) ? existing.get(row.parentCode) : undefined;
      if (parentInDb) {
        base = { depth: parentInDb.depth, path: parentInDb.path };
        break;
      }
      row = inFile.get(row.parentCode);
    }
    // Walk back down the chain: each row sits one level below the one before it.
    let current = base && !chain.some((r) => inCycle.has(r.code)) ? base : null;
    for (let i = chain.length - 1; i >= 0; i--) {
      const r = chain[i]!;
      current = current ? { depth: current.depth + 1, path: `${current.path}${r.code}/` } : null;
      placed.set(r.code, current);
    }
    return placed.get(start.code) ?? null;
  };

  const planned: PlannedArea[] = [];
  for (const row of rows) {
    if (!row.code || inFile.get(row.code) !== row) continue;
    const where = place(row);
    if (inCycle.has(row.code)) {
      issues.push(issue(row.line, "areas:import.errors.cycle", { code: row.code }));
      continue;
    }
    if (!where) continue;
    if (where.depth > maxAreaDepth) {
      issues.push(issue(row.line, "areas:import.errors.tooDeep", { max: maxAreaDepth }));
      continue;
    }
    planned.push({
      line: row.line,
      code: row.code,
      parentCode: row.parentCode,
      level: areaLevels[where.depth]!,
      path: where.path,
      depth: where.depth,
      nameZhCn: row.name,
      nameZhHk: row.nameZhHk ?? row.name,
      nameEn: row.nameEn ?? row.name,
      searchKey: importedSearchKey(row.nameEn),
      population: row.population,
    });
  }
  planned.sort((a, b) => a.depth - b.depth || a.line - b.line);
  return { issues: sortIssues(issues), planned };
}
