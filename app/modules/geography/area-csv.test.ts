import { describe, expect, test } from "vitest";
import { parseAreaCsv, planAreaImport, type AreaCsvIssue, type ExistingArea } from "./area-csv";

const none = new Map<string, ExistingArea>();

/** Parse and plan as the use-case does, with `existing` standing in for the database. */
function check(text: string, existing = none): AreaCsvIssue[] {
  const parsed = parseAreaCsv(text);
  const planned = planAreaImport(parsed.rows, existing);
  return [...parsed.issues, ...planned.issues].sort((a, b) => a.line - b.line);
}

const keys = (issues: AreaCsvIssue[]) =>
  issues.map((i) => [i.line, i.key.replace("areas:import.errors.", "")]);

describe("a good file", () => {
  test("gets levels and paths by depth, parents before children, whatever the order of the rows", () => {
    const text = [
      "code,name,parent_code,population,name_en",
      "X-ST1,东街,X-D1,,East Street",
      "X-C1,示例市,,1200000,Sample City",
      "X-D1,西区,X-C1,300000,West District",
      "X-CO1,一社区,X-ST1,5000,",
      "X-G1,一网格,X-CO1,,",
    ].join("\n");
    const parsed = parseAreaCsv(text);
    expect(parsed.issues).toEqual([]);
    const { issues, planned } = planAreaImport(parsed.rows, none);
    expect(issues).toEqual([]);
    expect(planned.map((p) => [p.code, p.level, p.path, p.line])).toEqual([
      ["X-C1", "city", "/X-C1/", 3],
      ["X-D1", "district", "/X-C1/X-D1/", 4],
      ["X-ST1", "street", "/X-C1/X-D1/X-ST1/", 2],
      ["X-CO1", "community", "/X-C1/X-D1/X-ST1/X-CO1/", 5],
      ["X-G1", "grid", "/X-C1/X-D1/X-ST1/X-CO1/X-G1/", 6],
    ]);
    expect(planned[0]).toMatchObject({
      nameZhCn: "示例市",
      nameZhHk: "示例市",
      nameEn: "Sample City",
      population: 1_200_000,
      searchKey: "samplecity sc",
    });
    expect(planned[3]).toMatchObject({ nameEn: "一社区", population: 5000, searchKey: "" });
  });

  test("tolerates a byte-order mark, CRLF line ends, blank lines and quoted names", () => {
    const text = '\uFEFFcode,name,parent_code\r\nY-C1,"市, 新",\r\n\r\nY-D1,区,Y-C1\r\n';
    const parsed = parseAreaCsv(text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.code, r.name])).toEqual([
      [2, "Y-C1", "市, 新"],
      [4, "Y-D1", "区"],
    ]);
  });

  test("may hang under an area that already exists instead of bringing its own root", () => {
    const existing = new Map([["4401", { code: "4401", path: "/4401/", depth: 0 }]]);
    const parsed = parseAreaCsv("code,name,parent_code\nZ-D1,新区,4401\nZ-S1,新街,Z-D1\n");
    const { issues, planned } = planAreaImport(parsed.rows, existing);
    expect(issues).toEqual([]);
    expect(planned.map((p) => [p.code, p.level, p.path])).toEqual([
      ["Z-D1", "district", "/4401/Z-D1/"],
      ["Z-S1", "street", "/4401/Z-D1/Z-S1/"],
    ]);
  });
});

describe("bad rows are reported with the line a person counts (header = line 1)", () => {
  test("duplicate code", () => {
    const issues = check("code,name,parent_code\nA1,甲市,\nA2,乙区,A1\nA2,丙区,A1\n");
    expect(keys(issues)).toEqual([[4, "duplicateCode"]]);
    expect(issues[0]!.params).toEqual({ code: "A2", firstLine: 3 });
  });

  test("unknown parent", () => {
    const issues = check("code,name,parent_code\nA1,甲市,\nA2,乙区,NOPE\n");
    expect(keys(issues)).toEqual([[3, "unknownParent"]]);
    expect(issues[0]!.params).toEqual({ parent: "NOPE" });
  });

  test("bad population", () => {
    const issues = check(
      "code,name,parent_code,population\nA1,甲市,,-5\nA2,乙区,A1,12.5\nA3,丙区,A1,many\nA4,丁区,A1,99999999999\nA5,戊区,A1,0\n",
    );
    expect(keys(issues)).toEqual([
      [2, "population"],
      [3, "population"],
      [4, "population"],
      [5, "population"],
    ]);
    expect(issues[2]!.params).toEqual({ value: "many" });
  });

  test("missing or too long name", () => {
    const issues = check(
      `code,name,parent_code\nA1,,\nA2,${"长".repeat(101)},A1\nA3,${"长".repeat(100)},A1\n`,
    );
    expect(keys(issues)).toEqual([
      [2, "nameRequired"],
      [3, "nameTooLong"],
    ]);
  });

  test("missing or malformed code", () => {
    const issues = check(
      `code,name,parent_code\nA1,甲市,\n,乙区,A1\nA,丙区,A1\nA_1,丁区,A1\n${"A".repeat(21)},戊区,A1\n${"A".repeat(20)},己区,A1\n`,
    );
    expect(keys(issues)).toEqual([
      [3, "codeRequired"],
      [4, "codeFormat"],
      [5, "codeFormat"],
      [6, "codeFormat"],
    ]);
  });

  test("cycle, including a row that is its own parent", () => {
    const issues = check("code,name,parent_code\nA1,甲市,\nB1,乙,C1\nC1,丙,B1\nD1,丁,D1\nE1,戊,B1\n");
    expect(keys(issues)).toEqual([
      [3, "cycle"],
      [4, "cycle"],
      [5, "cycle"],
    ]);
  });

  test("too deep: more than city, district, street, community, grid", () => {
    const rows = [
      "code,name,parent_code",
      "L0,市,",
      "L1,区,L0",
      "L2,街,L1",
      "L3,社区,L2",
      "L4,网格,L3",
      "L5,楼栋,L4",
      "L6,单元,L5",
    ];
    expect(keys(check(rows.join("\n")))).toEqual([
      [7, "tooDeep"],
      [8, "tooDeep"],
    ]);
    // Under an existing grid nothing fits.
    const existing = new Map([["G", { code: "G", path: "/C/D/S/M/G/", depth: 4 }]]);
    expect(keys(check("code,name,parent_code\nK1,楼,G\n", existing))).toEqual([[2, "tooDeep"]]);
  });

  test("a second root", () => {
    const issues = check("code,name,parent_code\nA1,甲市,\nB1,乙市,\n");
    expect(keys(issues)).toEqual([[3, "extraRoot"]]);
    expect(issues[0]!.params).toEqual({ firstLine: 2 });
  });

  test("a code that already exists", () => {
    const existing = new Map([["4401", { code: "4401", path: "/4401/", depth: 0 }]]);
    expect(keys(check("code,name,parent_code\n4401,广州市,\n", existing))).toEqual([[2, "codeExists"]]);
  });

  test("wrong number of columns", () => {
    const issues = check("code,name,parent_code\nA1,甲市\nA2,乙市,,x\n");
    expect(keys(issues)).toEqual([
      [2, "columnCount"],
      [3, "columnCount"],
    ]);
  });

  test("a quoted name over two lines is reported on the line where its row starts", () => {
    const issues = check('code,name,parent_code\nA1,"甲\n市",\nA2,乙区,NOPE\n');
    expect(keys(issues)).toEqual([[4, "unknownParent"]]);
  });
});

describe("a bad file", () => {
  test("empty", () => {
    expect(keys(check(""))).toEqual([[1, "empty"]]);
    expect(keys(check("\uFEFF\r\n  \n"))).toEqual([[1, "empty"]]);
  });

  test("wrong header", () => {
    expect(keys(check("id,name,parent\nA1,甲市,\n"))).toEqual([[1, "header"]]);
    expect(keys(check("code,name,parent_code,colour\nA1,甲市,,red\n"))).toEqual([[1, "header"]]);
    expect(keys(check("code,name,code,parent_code\nA1,甲市,A1,\n"))).toEqual([[1, "header"]]);
  });

  test("header only", () => {
    expect(keys(check("code,name,parent_code\n"))).toEqual([[1, "noRows"]]);
  });

  test("unclosed quote", () => {
    // The row that opens the quote is where the reader should look.
    expect(keys(check('code,name,parent_code\nA1,"甲市,\n'))).toEqual([[2, "malformed"]]);
  });

  test("columns in another order and upper case are fine", () => {
    expect(check("Parent_Code,Name,Code\n,甲市,A1\nA1,乙区,A2\n")).toEqual([]);
  });
});
