import type { BudgetBallot, BudgetInstance, BudgetRule } from "./budget-instance";
import { decimalToScaled, parseDecimal, type ParsedDecimal } from "./money";

/**
 * Reader for Pabulib `.pb` files (pabulib.org/format): three sections META, PROJECTS and VOTES, each a
 * title line, a `;`-separated header line and data lines. Fields follow CSV conventions: a field holding
 * `;`, a quote or a line break is quoted, and quotes inside are doubled. The reader also accepts what real
 * files contain: a UTF-8 byte-order mark, CRLF, CR or mixed line endings, no final newline, spaces around
 * separators ("key; value"), columns in any order and extra columns, non-numeric project ids, and
 * decimal costs, budgets and points. Anything else malformed is a PabulibError naming the line.
 */

export const pabulibVoteTypes = ["approval", "choose-1", "cumulative", "scoring", "ordinal"] as const;
export type PabulibVoteType = (typeof pabulibVoteTypes)[number];

export class PabulibError extends Error {
  override readonly name = "PabulibError";
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `line ${line}: ${detail}` : detail);
  }
}

export interface PabulibRow {
  readonly line: number;
  /** Values by lower-case column name. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface PabulibFile {
  /** META entries in file order (keys as written, trimmed). */
  readonly meta: ReadonlyArray<readonly [string, string]>;
  /** Line of each META key (lower case), for error messages. */
  readonly metaLines: ReadonlyMap<string, number>;
  readonly projectColumns: readonly string[];
  readonly projects: readonly PabulibRow[];
  readonly voteColumns: readonly string[];
  readonly votes: readonly PabulibRow[];
  readonly warnings: readonly string[];
}

interface RawRecord {
  readonly line: number;
  readonly fields: string[];
}

/** Splits the text into records of fields, honouring quotes; records start at `line` (1-based). */
function tokenize(text: string): RawRecord[] {
  const records: RawRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const length = text.length;
  while (i < length) {
    const recordLine = line;
    const fields: string[] = [];
    let atEnd = false;
    while (!atEnd) {
      // One field. Whitespace around an unquoted value is not part of it ("key; value").
      while (i < length && (text[i] === " " || text[i] === "\t")) i += 1;
      let value = "";
      if (text[i] === '"') {
        const openLine = line;
        i += 1;
        for (;;) {
          if (i >= length) throw new PabulibError(openLine, "a quoted field is never closed");
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (ch === "\r" || ch === "\n") {
            if (ch === "\r" && text[i + 1] === "\n") {
              value += "\r";
              i += 1;
            }
            line += 1;
          }
          value += text[i];
          i += 1;
        }
        while (i < length && (text[i] === " " || text[i] === "\t")) i += 1;
        if (i < length && text[i] !== ";" && text[i] !== "\r" && text[i] !== "\n") {
          throw new PabulibError(
            line,
            `unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 20))}`,
          );
        }
      } else {
        const start = i;
        while (i < length && text[i] !== ";" && text[i] !== "\r" && text[i] !== "\n") i += 1;
        value = text.slice(start, i).trim();
      }
      fields.push(value);
      if (i < length && text[i] === ";") {
        i += 1;
        continue;
      }
      atEnd = true;
      if (i < length) {
        // \r\n, \n or a lone \r: one line break each.
        i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line += 1;
      }
    }
    if (fields.length === 1 && fields[0] === "") continue;
    records.push({ line: recordLine, fields });
  }
  return records;
}

const sectionNames = new Set(["META", "PROJECTS", "VOTES"]);

export function parsePabulib(text: string): PabulibFile {
  const records = tokenize(text);
  const warnings: string[] = [];
  const meta: Array<[string, string]> = [];
  const metaLines = new Map<string, number>();
  const sections = new Map<string, { line: number; columns: string[]; rows: PabulibRow[] }>();
  let current: { name: string; line: number; columns: string[] | null; rows: PabulibRow[] } | null = null;

  const close = () => {
    if (!current) return;
    if (current.name !== "META") {
      if (!current.columns)
        throw new PabulibError(current.line, `the ${current.name} section has no header line`);
      sections.set(current.name, { line: current.line, columns: current.columns, rows: current.rows });
    }
  };

  for (const record of records) {
    const title = record.fields.length === 1 ? record.fields[0]!.trim().toUpperCase() : "";
    if (sectionNames.has(title)) {
      close();
      if (title === "META" ? meta.length > 0 : sections.has(title)) {
        throw new PabulibError(record.line, `a second ${title} section`);
      }
      current = { name: title, line: record.line, columns: null, rows: [] };
      continue;
    }
    if (!current) throw new PabulibError(record.line, "expected a section title (META, PROJECTS or VOTES)");
    if (current.name === "META") {
      const key = record.fields[0]!.trim();
      if (!current.columns) {
        current.columns = record.fields.map((field) => field.trim().toLowerCase());
        if (key.toLowerCase() === "key") continue;
        warnings.push(`line ${record.line}: META has no "key;value" header line`);
      }
      // An unquoted ";" inside a value (older files) is kept as part of the value.
      const value = record.fields.slice(1).join(";").trim();
      if (key === "") throw new PabulibError(record.line, "a META line without a key");
      if (meta.some(([existing]) => existing.toLowerCase() === key.toLowerCase())) {
        throw new PabulibError(record.line, `META key "${key}" appears twice`);
      }
      meta.push([key, value]);
      metaLines.set(key.toLowerCase(), record.line);
      continue;
    }
    if (!current.columns) {
      const columns = record.fields.map((field) => field.trim().toLowerCase());
      const duplicate = columns.find((column, index) => columns.indexOf(column) !== index);
      if (duplicate !== undefined) throw new PabulibError(record.line, `column "${duplicate}" appears twice`);
      current.columns = columns;
      continue;
    }
    const columns = current.columns;
    if (record.fields.length > columns.length) {
      throw new PabulibError(
        record.line,
        `${record.fields.length} fields but the ${current.name} header has ${columns.length} columns (quote a value that contains ";")`,
      );
    }
    const fields: Record<string, string> = {};
    columns.forEach((column, index) => {
      fields[column] = record.fields[index] ?? "";
    });
    current.rows.push({ line: record.line, fields });
  }
  close();

  if (meta.length === 0 && !records.some((r) => r.fields[0]?.trim().toUpperCase() === "META")) {
    throw new PabulibError(0, "no META section");
  }
  const projects = sections.get("PROJECTS");
  if (!projects) throw new PabulibError(0, "no PROJECTS section");
  const votes = sections.get("VOTES");
  if (!votes) throw new PabulibError(0, "no VOTES section");
  for (const column of ["project_id", "cost"]) {
    if (!projects.columns.includes(column))
      throw new PabulibError(projects.line + 1, `PROJECTS has no "${column}" column`);
  }
  for (const column of ["voter_id", "vote"]) {
    if (!votes.columns.includes(column))
      throw new PabulibError(votes.line + 1, `VOTES has no "${column}" column`);
  }
  return {
    meta,
    metaLines,
    projectColumns: projects.columns,
    projects: projects.rows,
    voteColumns: votes.columns,
    votes: votes.rows,
    warnings,
  };
}

export function metaValue(file: PabulibFile, key: string): string | undefined {
  const wanted = key.toLowerCase();
  return file.meta.find(([k]) => k.toLowerCase() === wanted)?.[1];
}

/** A parsed file as a countable instance, plus what the file says about itself. */
export interface PabulibInstance extends BudgetInstance {
  readonly voteType: PabulibVoteType;
  /** The file's `rule` as written (may be absent). */
  readonly fileRule: string | undefined;
  /** Ids whose `selected` column is 1, in file order; null when the file has no such column. */
  readonly selectedInFile: readonly string[] | null;
  readonly moneyScale: number;
  readonly pointsScale: number;
  /** Inconsistencies that do not stop the count (META counts that disagree, repeated voter ids). */
  readonly warnings: readonly string[];
}

function splitList(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === "" ? [] : trimmed.split(",").map((item) => item.trim());
}

function decimalOrThrow(text: string, line: number, what: string): ParsedDecimal {
  const value = parseDecimal(text);
  if (!value) throw new PabulibError(line, `${what} is not a number: ${JSON.stringify(text)}`);
  return value;
}

export function pabulibToInstance(file: PabulibFile): PabulibInstance {
  const lineOf = (key: string) => file.metaLines.get(key) ?? 0;
  const voteTypeText = (metaValue(file, "vote_type") ?? "approval").trim().toLowerCase();
  const voteType = (pabulibVoteTypes as readonly string[]).includes(voteTypeText)
    ? (voteTypeText as PabulibVoteType)
    : null;
  if (!voteType) {
    throw new PabulibError(
      lineOf("vote_type"),
      `META vote_type "${voteTypeText}" is not one of ${pabulibVoteTypes.join(", ")}`,
    );
  }
  const budgetText = metaValue(file, "budget");
  if (budgetText === undefined) throw new PabulibError(0, "META has no budget");
  const budgetDecimal = parseDecimal(budgetText);
  if (!budgetDecimal || budgetDecimal.negative)
    throw new PabulibError(
      lineOf("budget"),
      `META budget is not an amount ≥ 0: ${JSON.stringify(budgetText)}`,
    );

  // Costs first, to find one scale for all money in the file.
  const ids = new Set<string>();
  const costs = file.projects.map((row) => {
    const id = row.fields["project_id"]!.trim();
    if (id === "") throw new PabulibError(row.line, "a project without an id");
    if (id.includes(","))
      throw new PabulibError(
        row.line,
        `project id ${JSON.stringify(id)} contains a comma, which separates ids in votes`,
      );
    if (ids.has(id)) throw new PabulibError(row.line, `project ${id} is listed twice`);
    ids.add(id);
    const cost = decimalOrThrow(row.fields["cost"]!, row.line, `the cost of project ${id}`);
    if (cost.negative) throw new PabulibError(row.line, `the cost of project ${id} is negative`);
    return { row, id, cost };
  });
  const scaleDigits = Math.max(budgetDecimal.fractionDigits, ...costs.map((c) => c.cost.fractionDigits));
  const toMinor = (value: ParsedDecimal, line: number, what: string) => {
    try {
      return decimalToScaled(value, scaleDigits);
    } catch {
      throw new PabulibError(line, `${what} is too large or too precise to count exactly`);
    }
  };
  const projects = costs.map(({ row, id, cost }) => {
    const name = row.fields["name"];
    const category = row.fields["category"];
    return {
      id,
      cost: toMinor(cost, row.line, `the cost of project ${id}`),
      ...(name ? { name } : {}),
      ...(category ? { category: splitList(category) } : {}),
    };
  });

  const hasPoints = file.voteColumns.includes("points");
  if ((voteType === "cumulative" || voteType === "scoring") && !hasPoints) {
    throw new PabulibError(0, `vote_type ${voteType} needs a "points" column in VOTES`);
  }
  const ballotKind = voteType === "approval" || voteType === "choose-1" ? "approval" : "points";

  // Read the votes; points stay decimals until their common scale is known.
  const voterIds = new Set<string>();
  const warnings = [...file.warnings];
  let duplicateVoters = 0;
  const rawBallots = file.votes.map((row) => {
    const voterId = row.fields["voter_id"]!.trim();
    if (voterIds.has(voterId)) duplicateVoters += 1;
    voterIds.add(voterId);
    const listed = splitList(row.fields["vote"]!);
    for (const id of listed) {
      if (id === "") throw new PabulibError(row.line, "an empty project id in the vote list");
      if (!ids.has(id))
        throw new PabulibError(row.line, `the vote names project ${id}, which is not in PROJECTS`);
    }
    if (voteType === "choose-1" && listed.length > 1) {
      throw new PabulibError(row.line, `a choose-1 vote lists ${listed.length} projects`);
    }
    const unique = [...new Set(listed)];
    if (unique.length !== listed.length && ballotKind === "points") {
      throw new PabulibError(row.line, "the vote lists a project twice");
    }
    let points: ParsedDecimal[] | null = null;
    const pointsText = hasPoints ? row.fields["points"]!.trim() : "";
    if (ballotKind === "points" && pointsText !== "") {
      const values = splitList(pointsText);
      if (values.length !== listed.length) {
        throw new PabulibError(row.line, `${listed.length} projects but ${values.length} points`);
      }
      points = values.map((value) => decimalOrThrow(value, row.line, "a points value"));
    } else if (ballotKind === "points" && voteType !== "ordinal" && listed.length > 0) {
      throw new PabulibError(row.line, "the vote has no points");
    }
    return { line: row.line, listed: ballotKind === "approval" ? unique : listed, points };
  });
  if (duplicateVoters > 0)
    warnings.push(`${duplicateVoters} voter ids appear more than once; each line is counted as one ballot`);

  const defaultScoreText = metaValue(file, "default_score");
  const defaultScore = voteType === "scoring" && defaultScoreText ? parseDecimal(defaultScoreText) : null;
  if (defaultScoreText && voteType === "scoring" && !defaultScore) {
    throw new PabulibError(
      lineOf("default_score"),
      `META default_score is not a number: ${JSON.stringify(defaultScoreText)}`,
    );
  }
  const thresholdText = metaValue(file, "min_project_score_threshold");
  const threshold = thresholdText ? parseDecimal(thresholdText) : null;
  if (thresholdText && !threshold) {
    throw new PabulibError(
      lineOf("min_project_score_threshold"),
      `META min_project_score_threshold is not a number: ${JSON.stringify(thresholdText)}`,
    );
  }

  const pointsDigits = Math.max(
    0,
    defaultScore?.fractionDigits ?? 0,
    ballotKind === "points" ? (threshold?.fractionDigits ?? 0) : 0,
    ...rawBallots.flatMap((b) => b.points?.map((p) => p.fractionDigits) ?? []),
  );
  const toPoints = (value: ParsedDecimal, line: number) => {
    try {
      return decimalToScaled(value, pointsDigits);
    } catch {
      throw new PabulibError(line, "a points value is too large or too precise to count exactly");
    }
  };

  const ballots: BudgetBallot[] = rawBallots.map(({ line, listed, points }) => {
    if (ballotKind === "approval") return { projects: listed };
    // Ordinal without points: the first of k listed projects gets k points, the last 1.
    const given = points
      ? points.map((p) => toPoints(p, line))
      : listed.map((_, rank) => (listed.length - rank) * 10 ** pointsDigits);
    if (!defaultScore || (defaultScore.digits === "" && !defaultScore.negative))
      return { projects: listed, points: given };
    const fill = toPoints(defaultScore, 0);
    const named = new Set(listed);
    const rest = projects.map((p) => p.id).filter((id) => !named.has(id));
    return { projects: [...listed, ...rest], points: [...given, ...rest.map(() => fill)] };
  });

  const numProjects = metaValue(file, "num_projects");
  if (numProjects !== undefined && Number(numProjects) !== projects.length) {
    warnings.push(`META num_projects is ${numProjects} but PROJECTS lists ${projects.length}`);
  }
  const numVotes = metaValue(file, "num_votes");
  if (numVotes !== undefined && Number(numVotes) !== ballots.length) {
    warnings.push(`META num_votes is ${numVotes} but VOTES lists ${ballots.length}`);
  }

  const maxLength = metaValue(file, "max_length");
  const selectedInFile = file.projectColumns.includes("selected")
    ? file.projects
        .filter((row) => row.fields["selected"]!.trim() === "1")
        .map((row) => row.fields["project_id"]!.trim())
    : null;

  // The threshold is in votes (approval) or in points (on the same scale as the ballots' points).
  const minSupport = threshold
    ? ballotKind === "points"
      ? toPoints(threshold, 0)
      : Number(thresholdText)
    : undefined;

  return {
    projects,
    budget: toMinor(budgetDecimal, lineOf("budget"), "the budget"),
    ballotKind,
    ballots,
    moneyScale: 10 ** scaleDigits,
    pointsScale: 10 ** pointsDigits,
    ...(maxLength && /^\d+$/.test(maxLength.trim()) ? { maxProjectsPerBallot: Number(maxLength) } : {}),
    ...(minSupport !== undefined ? { minSupport } : {}),
    voteType,
    fileRule: metaValue(file, "rule"),
    selectedInFile,
    warnings,
  };
}

/**
 * Our rule for a Pabulib `rule` value, or null when we do not implement it. Pabulib's names: greedy,
 * greedy-threshold (greedy with min_project_score_threshold, which we always honour), greedy-no-skip,
 * equalshares and equalshares/add1 (both counted with add-one completion: every published use of Equal
 * Shares completed it); greedy-exclusive, greedy-custom and unknown have no implementation here.
 */
export function ruleFromPabulib(rule: string | undefined): BudgetRule | null {
  const name = (rule ?? "").trim().toLowerCase().replace(/_/g, "-");
  if (name === "greedy" || name === "greedy-threshold") return "greedy";
  if (name === "greedy-no-skip" || name === "greedy-noskip") return "greedy-no-skip";
  if (
    ["equalshares", "equalshares/add1", "equal-shares", "equal-shares/add1", "mes", "mes/add1"].includes(name)
  ) {
    return "equal-shares";
  }
  return null;
}

/** Pabulib's name for our rule, for export. */
export function pabulibRuleName(rule: BudgetRule): string {
  return rule === "equal-shares" ? "equalshares/add1" : rule;
}
