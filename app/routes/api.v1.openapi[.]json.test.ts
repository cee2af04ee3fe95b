import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { loader as areaEngagement } from "./api.v1.areas.$code.engagement";
import { loader as openapi } from "./api.v1.openapi[.]json";

type Schema = {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  additionalProperties?: boolean | Schema;
};

/** Each documented path, mapped to the route that serves it (a path without one fails the test). */
const routes: Record<string, (args: LoaderFunctionArgs) => unknown> = {
  "/api/v1/areas/{code}/engagement": areaEngagement as (args: LoaderFunctionArgs) => unknown,
  "/api/v1/openapi.json": openapi as (args: LoaderFunctionArgs) => unknown,
};

async function fetchDocument() {
  const response = (await openapi()) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return JSON.parse(await response.text()) as {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          parameters?: Array<{ name: string; in: string; example?: string }>;
          responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
        }
      >
    >;
    components: { schemas: Record<string, Schema> };
  };
}

/** A small JSON Schema check: types, required fields, enums, arrays and $refs (what the document uses). */
function check(value: unknown, schema: Schema, schemas: Record<string, Schema>, path = "$"): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = schemas[name];
    return target ? check(value, target, schemas, path) : [`${path}: unresolved ${schema.$ref}`];
  }
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual =
    value === null
      ? "null"
      : Array.isArray(value)
        ? "array"
        : Number.isInteger(value)
          ? "integer"
          : typeof value;
  if (types.length && !types.includes(actual) && !(actual === "integer" && types.includes("number"))) {
    return [`${path}: ${actual}, expected ${types.join("|")}`];
  }
  if (schema.enum && !schema.enum.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (actual === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) problems.push(`${path}: missing ${key}`);
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (key in object) problems.push(...check(object[key], child, schemas, `${path}.${key}`));
    }
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(object))
        if (!(key in (schema.properties ?? {}))) problems.push(`${path}: unexpected ${key}`);
    }
  }
  if (actual === "array" && schema.items)
    (value as unknown[]).forEach((item, i) =>
      problems.push(...check(item, schema.items!, schemas, `${path}[${i}]`)),
    );
  return problems;
}

function refs(node: unknown, out: string[] = []): string[] {
  if (node && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) {
      if (key === "$ref" && typeof child === "string") out.push(child);
      else refs(child, out);
    }
  }
  return out;
}

describe("/api/v1/openapi.json", () => {
  test("is an OpenAPI 3.1 document whose references all resolve", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    for (const schema of ["EngagementReport", "Error", "Figure", "Component", "Area"])
      expect(doc.components.schemas[schema]).toBeDefined();
    for (const ref of refs(doc))
      expect(doc.components.schemas[ref.replace("#/components/schemas/", "")], ref).toBeDefined();
    const operationIds = Object.values(doc.paths).flatMap((p) =>
      Object.values(p).map((op) => op.operationId),
    );
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  test("every documented path answers, and its 200 answer has the documented shape", async () => {
    const doc = await fetchDocument();
    for (const [template, operations] of Object.entries(doc.paths)) {
      const route = routes[template];
      expect(route, `a route serves ${template}`).toBeDefined();
      for (const [method, operation] of Object.entries(operations)) {
        expect(method).toBe("get");
        const params: Record<string, string> = {};
        for (const p of operation.parameters ?? []) if (p.in === "path") params[p.name] = p.example ?? "";
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!);
        const request = new Request(`http://kapok.test${path}`);
        const response = (await route!({
          request,
          params,
          context: {},
        } as unknown as LoaderFunctionArgs)) as Response;
        expect(response.status, `GET ${path}`).toBe(200);
        const schema = operation.responses["200"]!.content!["application/json"]!.schema;
        expect(check(await response.json(), schema, doc.components.schemas), `GET ${path}`).toEqual([]);
      }
    }
  });

  test("the documented errors are the ones the API gives", async () => {
    const doc = await fetchDocument();
    const operation = doc.paths["/api/v1/areas/{code}/engagement"]!.get!;
    const cases: Array<[string, string, string]> = [
      ["400", "4401", "?from=2025-13-01&to=2026-01-01"],
      ["404", "000000", ""],
    ];
    for (const [status, code, query] of cases) {
      const request = new Request(`http://kapok.test/api/v1/areas/${code}/engagement${query}`);
      const response = (await areaEngagement({
        request,
        params: { code },
        context: {},
      } as unknown as LoaderFunctionArgs)) as Response;
      expect(String(response.status)).toBe(status);
      const schema = operation.responses[status]!.content!["application/json"]!.schema;
      expect(check(await response.json(), schema, doc.components.schemas)).toEqual([]);
    }
  });
});
