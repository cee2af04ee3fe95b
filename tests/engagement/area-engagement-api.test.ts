import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { rowsOf } from "~db/client";
import { participationEvents } from "~db/schema/ledger";
import { generatedResidents } from "~db/schema/metrics";
import { db } from "~/lib/db.server";
import { runRollup } from "~/modules/metrics/rollup.server";
import { loader } from "~/routes/api.v1.areas.$code.engagement";

type AreaRow = { id: number; code: string; path: string; parent_id: number };
type Figure = { value: number | null; suppressed: boolean };
type Component = { key: string; suppressed: boolean; score: number | null };
type Figures = { index: Figure; participants: Figure; events: Figure; components: Component[] };
type Body = Figures & {
  area: { code: string; level: string };
  trail: Array<{ code: string }>;
  period: { from: string; to: string };
  children: Array<Figures & { area: { code: string } }>;
  error: { code: string; message: string; fields: Record<string, string[]> };
};

let street: AreaRow;
let busy: AreaRow;
let quiet: AreaRow;
let city: string;
let district: string;
let grid: string;

async function call(code: string, query = "", headers: Record<string, string> = {}) {
  const request = new Request(`http://kapok.test/api/v1/areas/${code}/engagement${query}`, { headers });
  const response = (await loader({
    request,
    params: { code },
    context: {},
  } as unknown as LoaderFunctionArgs)) as Response;
  return { response, body: (await response.json()) as Body };
}

beforeAll(async () => {
  // A street with at least two communities: one with 12 people taking part, one with 3.
  const [row] = rowsOf<AreaRow>(
    await db.execute(sql`select s.id, s.code, s.path, s.parent_id from areas s
      where s.level = 'street' and (select count(*) from areas c where c.parent_id = s.id) >= 3
      order by s.code limit 1`),
  );
  street = { ...row!, id: Number(row!.id) };
  const communities = rowsOf<AreaRow>(
    await db.execute(
      sql`select id, code, path, parent_id from areas where parent_id = ${street.id} order by code limit 2`,
    ),
  );
  [busy, quiet] = communities.map((c) => ({ ...c, id: Number(c.id) })) as [AreaRow, AreaRow];
  [city, district] = street.path.split("/").filter(Boolean) as [string, string];
  const [g] = rowsOf<{ code: string }>(
    await db.execute(sql`select code from areas where parent_id = ${busy.id} and level = 'grid' limit 1`),
  );
  grid = g?.code ?? `${busy.code}-no-grid`;
  await db.insert(generatedResidents).values([
    { areaId: busy.id, residents: 500 },
    { areaId: quiet.id, residents: 400 },
  ]);
  let serial = 0;
  const event = (areaId: number, actor: string) => ({
    kind: "comment.posted",
    actorPseudonym: actor,
    areaId,
    subjectType: "test",
    subjectId: String((serial += 1)),
    occurredAt: new Date("2025-06-10T02:00:00Z"),
    meta: { stance: "support" },
  });
  await db
    .insert(participationEvents)
    .values([
      ...Array.from({ length: 12 }, (_, i) => event(busy.id, `busy-${i}`)),
      ...Array.from({ length: 3 }, (_, i) => event(quiet.id, `quiet-${i}`)),
    ]);
  await runRollup();
});

const june = "?from=2025-06-01&to=2025-07-01";

describe("GET /api/v1/areas/:code/engagement", () => {
  test("a street: its public figures and its communities, small counts withheld with a complement", async () => {
    const { response, body } = await call(street.code, june);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(body).toMatchObject({
      area: { code: street.code, level: "street" },
      period: { from: "2025-06-01", to: "2025-07-01" },
      figures: "public",
      weightsVersion: expect.any(Number),
      participantsExact: true,
      participants: { value: 15, suppressed: false },
      events: { value: 15, suppressed: false },
    });
    expect(body.trail.map((a) => a.code)).toEqual([city, district]);
    expect(body.components).toHaveLength(8);
    for (const c of body.components)
      expect(Object.keys(c).sort()).toEqual([
        "denominator",
        "extra",
        "key",
        "n",
        "noData",
        "numerator",
        "score",
        "suppressed",
        "value",
        "weight",
      ]);

    const byCode = new Map(body.children.map((c) => [c.area.code, c]));
    const quietRow = byCode.get(quiet.code)!;
    const busyRow = byCode.get(busy.code)!;
    // 3 people: withheld. 12 people: withheld too, or 15 − 12 would give the 3 away.
    expect(quietRow.participants).toEqual({ value: null, suppressed: true });
    expect(busyRow.participants).toEqual({ value: null, suppressed: true });
    expect(quietRow.index).toEqual({ value: null, suppressed: true });
    const breadth = quietRow.components.find((c) => c.key === "breadth");
    expect(breadth).toMatchObject({ suppressed: true, score: null, value: null, numerator: null });
    // Nothing withheld leaks through the serialised body.
    expect(JSON.stringify(quietRow)).not.toMatch(/"value":3\b/);
    // Communities without activity show zero, which is not a small count.
    const others = body.children.filter((c) => c.area.code !== busy.code && c.area.code !== quiet.code);
    for (const other of others) expect(other.participants).toEqual({ value: 0, suppressed: false });
  });

  test("a community with 3 people: withheld on its own page as well", async () => {
    const { response, body } = await call(quiet.code, june);
    expect(response.status).toBe(200);
    expect(body.participants).toEqual({ value: null, suppressed: true });
    expect(body.children).toEqual([]);
  });

  test("the city with both dates omitted: the last 12 months", async () => {
    const { response, body } = await call(city);
    expect(response.status).toBe(200);
    expect(body.area.code).toBe(city);
    expect(body.period.from < body.period.to).toBe(true);
  });

  test.each([
    ["?from=2025-02-30&to=2025-03-01", "from"],
    ["?from=yesterday&to=2025-03-01", "from"],
    ["?from=2025-06-01&to=2025-06-01", "to"],
    ["?from=2025-07-01&to=2025-06-01", "to"],
    ["?from=2021-01-01&to=2025-01-02", "period"],
    ["?from=2025-06-01", "to"],
  ])("bad period %s → 400 with a JSON error", async (query, field) => {
    const { response, body } = await call(city, query, { "Accept-Language": "en" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(body.error.code).toBe("invalid_period");
    expect(body.error.message).toMatch(/period/i);
    expect(body.error.fields[field]).toEqual([expect.any(String)]);
  });

  test("unknown areas, malformed codes and grids are 404 for the public", async () => {
    for (const code of ["999999999999", "not a code", grid]) {
      const { response, body } = await call(code, june);
      expect(response.status, code).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
  });

  test("error messages follow the request's language", async () => {
    const { body } = await call("999999999999", june, { "Accept-Language": "zh-CN" });
    expect(body.error.message).toMatch(/\p{Script=Han}/u);
  });
});
