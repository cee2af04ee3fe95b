import { componentKeys } from "~/modules/metrics/components";
import { maxRangeYears } from "~/modules/metrics/period";
import { extraKeys } from "~/modules/metrics/presentation";
import { minimumPublishedCount } from "~/modules/metrics/suppression";

/**
 * The OpenAPI 3.1 description of Kapok's read-only open-data API. Written by hand next to the routes
 * it describes (a test calls every documented path and checks the answers against these schemas'
 * required fields).
 */
const figure = {
  type: "object",
  description: `A published number. \`value\` is null either because there is no data or because it is withheld (\`suppressed\`: it counts 1–${minimumPublishedCount - 1} people, or would let such a count be worked out).`,
  required: ["value", "suppressed"],
  properties: { value: { type: ["number", "null"] }, suppressed: { type: "boolean" } },
  additionalProperties: false,
} as const;

const area = {
  type: "object",
  required: ["code", "level", "names", "isSample"],
  properties: {
    code: {
      type: "string",
      description: "Official division code (NBS), or a generated code for sample areas.",
      examples: ["440106"],
    },
    level: { type: "string", enum: ["city", "district", "street", "community"] },
    names: {
      type: "object",
      required: ["zh-CN", "zh-HK", "en"],
      properties: { "zh-CN": { type: "string" }, "zh-HK": { type: "string" }, en: { type: "string" } },
    },
    isSample: { type: "boolean", description: "Generated demo area, not official." },
  },
} as const;

const component = {
  type: "object",
  description:
    "One component of the index. When `suppressed`, every number in it is null. When `noData`, the component has no data in this area and period (it is not zero) and is left out of the index.",
  required: [
    "key",
    "weight",
    "noData",
    "suppressed",
    "score",
    "value",
    "numerator",
    "denominator",
    "n",
    "extra",
  ],
  properties: {
    key: { type: "string", enum: [...componentKeys] },
    weight: {
      type: "integer",
      minimum: 0,
      maximum: 100,
      description: "Weight in the index (the weights sum to 100).",
    },
    noData: { type: "boolean" },
    suppressed: { type: "boolean" },
    score: {
      type: ["number", "null"],
      minimum: 0,
      maximum: 100,
      description: "value ÷ target × 100, capped at 100.",
    },
    value: {
      type: ["number", "null"],
      description:
        "The component's formula (a share 0–1, a rate per item, per decision or per 10,000 residents).",
    },
    numerator: { type: ["number", "null"] },
    denominator: { type: ["number", "null"] },
    n: { type: ["number", "null"], description: "The number of people or items behind the value." },
    extra: {
      type: "object",
      description: `Named details: ${extraKeys.join(", ")}.`,
      additionalProperties: { type: ["number", "null"] },
    },
  },
} as const;

const figures = {
  index: {
    ...figure,
    description:
      "The Community Engagement Index (社区参与指数), 0–100: the weighted mean of the scores of components with data. Not the official 红棉指数.",
  },
  participants: {
    ...figure,
    description: "Distinct residents who took part (a lower bound when `participantsExact` is false).",
  },
  events: { ...figure, description: "Participation events recorded." },
  eligibleResidents: {
    ...figure,
    description: "Eligible (verified) residents, or the population when none are verified.",
  },
  components: { type: "array", items: { $ref: "#/components/schemas/Component" } },
} as const;

const report = {
  type: "object",
  required: [
    "area",
    "trail",
    "period",
    "figures",
    "weightsVersion",
    "participantsExact",
    "freshAsOf",
    "generatedActivity",
    "index",
    "participants",
    "events",
    "eligibleResidents",
    "components",
    "children",
    "links",
  ],
  properties: {
    area: { $ref: "#/components/schemas/Area" },
    trail: {
      type: "array",
      description: "Ancestors, top first.",
      items: { $ref: "#/components/schemas/Area" },
    },
    period: {
      type: "object",
      required: ["from", "to"],
      properties: {
        from: { type: "string", format: "date" },
        to: { type: "string", format: "date", description: "Exclusive." },
      },
    },
    figures: {
      type: "string",
      enum: ["public"],
      description: "Always the public view: small counts withheld.",
    },
    weightsVersion: { type: "integer", description: "The version of the index weights these figures used." },
    participantsExact: { type: "boolean" },
    eligibleSource: { type: ["string", "null"], enum: ["residents", "generated", "population", null] },
    freshAsOf: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the rollup last caught up with the participation ledger.",
    },
    generatedActivity: {
      type: "boolean",
      description: "True when the database holds generated (demo or benchmark) activity.",
    },
    ...figures,
    children: {
      type: "array",
      description: "The public child areas (grids are never included), with the same figures.",
      items: {
        type: "object",
        required: ["area", "index", "participants", "events", "eligibleResidents", "components"],
        properties: { area: { $ref: "#/components/schemas/Area" }, ...figures },
      },
    },
    links: {
      type: "object",
      required: ["self", "dashboard", "methodology", "openapi"],
      properties: {
        self: { type: "string", format: "uri" },
        dashboard: { type: "string", format: "uri" },
        methodology: { type: "string", format: "uri" },
        openapi: { type: "string", format: "uri" },
      },
    },
  },
} as const;

const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: ["invalid_period", "not_found"] },
        message: {
          type: "string",
          description: "In the language of the request's Accept-Language (zh-CN by default).",
        },
        fields: {
          type: "object",
          description: "Per-parameter messages for invalid_period.",
          additionalProperties: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
} as const;

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Kapok open data API",
    version: "1.0.0",
    summary: "Read-only public figures of the Community Engagement Index (社区参与指数).",
    description: `Public engagement figures per area, with the same small-count protection as the public dashboards: a count of 1–${minimumPublishedCount - 1} people is withheld, and so is at least one other figure in its group, so that it cannot be worked out by subtraction. The method is described at /engagement/methodology. This is not the official 红棉指数 (Kapok Index).`,
    license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
  },
  servers: [{ url: "/" }],
  paths: {
    "/api/v1/areas/{code}/engagement": {
      get: {
        operationId: "getAreaEngagement",
        summary: "Engagement of one area (city, district, street or community) over a period",
        parameters: [
          {
            name: "code",
            in: "path",
            required: true,
            schema: { type: "string", pattern: "^[0-9A-Za-z-]{1,40}$" },
            example: "4401",
          },
          {
            name: "from",
            in: "query",
            required: false,
            description:
              "First day counted (YYYY-MM-DD). Give both from and to, or neither (the last 12 months).",
            schema: { type: "string", format: "date" },
          },
          {
            name: "to",
            in: "query",
            required: false,
            description: `First day NOT counted (YYYY-MM-DD): after from, at most ${maxRangeYears} years later.`,
            schema: { type: "string", format: "date" },
          },
        ],
        responses: {
          "200": {
            description: "The public view of the area's engagement. Cache-Control: public, max-age=60.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/EngagementReport" } } },
          },
          "400": errorResponse(
            "Invalid period: a date that is not YYYY-MM-DD or not a real day, from not before to, only one of them, or more than three years.",
          ),
          "404": errorResponse("No such area, or a grid (grid figures are for officials only)."),
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document",
        responses: {
          "200": {
            description: "The OpenAPI 3.1 document.",
            content: { "application/json": { schema: { type: "object" } } },
          },
        },
      },
    },
  },
  components: {
    schemas: { Figure: figure, Area: area, Component: component, EngagementReport: report, Error: error },
  },
} as const;

export function loader() {
  return new Response(JSON.stringify(openApiDocument, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
