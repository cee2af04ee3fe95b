import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const fixtures = path.join(root, "app/modules/voting/fixtures");
const scratch = mkdtempSync(path.join(tmpdir(), "kapok-pb-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the operator CLI as an operator would: `npx tsx app/cli/kapok.ts …`. */
function npxKapok(...args: string[]) {
  const result = spawnSync("npx", ["tsx", "app/cli/kapok.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 90_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same entry point without npx's start-up cost (seconds on a busy machine), for the other cases. */
function kapok(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "app/cli/kapok.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 90_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("kapok pb count", () => {
  it("prints the selected project ids of the published Warsaw file, then the total", () => {
    const result = npxKapok(
      "pb",
      "count",
      path.join(fixtures, "poland_warszawa_2017_plac-wojska-polskiego.pb"),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("427\n915\n2567\n1623\ntotal 44720\n");
  });

  it("uses the rule asked for, and the file's own rule by default", () => {
    const example = path.join(fixtures, "equal-shares-example.pb");
    expect(kapok("pb", "count", example).stdout).toBe("bike\nplayground\nlibrary\ntotal 1000\n");
    expect(kapok("pb", "count", example, "--rule", "greedy").stdout).toBe("bike\ngym\ntotal 1100\n");
    const decimals = kapok(
      "pb",
      "count",
      "--rule=greedy-no-skip",
      path.join(fixtures, "approval-crlf-bom.pb"),
    );
    // B-2 (500) first, then A-1 (600.25) does not fit in 500.50: no-skip stops there.
    expect(decimals.stdout).toBe("B-2\ntotal 500\n");
  });

  it("exits 2 for an unknown option or rule, with a clear message", () => {
    const file = path.join(fixtures, "choose-1.pb");
    const option = kapok("pb", "count", file, "--budget", "5");
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--budget'/);
    const rule = kapok("pb", "count", file, "--rule", "borda");
    expect(rule.code).toBe(2);
    expect(rule.stderr).toMatch(/unknown rule "borda": use greedy, greedy-no-skip, equal-shares/);
    expect(rule.stdout).toBe("");
  });

  it("exits 1 for a malformed or unreadable file, naming the line", () => {
    const bad = path.join(scratch, "bad.pb");
    writeFileSync(
      bad,
      "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;ten\nVOTES\nvoter_id;vote\n1;1\n",
    );
    const result = kapok("pb", "count", bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("bad.pb: line 6: the cost of project 1 is not a number");
    expect(result.stdout).toBe("");
    expect(kapok("pb", "count", path.join(scratch, "missing.pb")).code).toBe(1);
  });
});
