import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test } from "vitest";
import { roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  EngagementMethodology,
  formatTarget,
  type MethodologyData,
} from "~/components/engagement-methodology";
import { i18nFor } from "~/i18n/i18n.server";
import { supportedLocales, type Locale } from "~/i18n/config";
import { db } from "~/lib/db.server";
import { componentDefinitions } from "~/modules/metrics/components";
import { getActiveWeights } from "~/modules/metrics/queries.server";
import { saveWeights } from "~/modules/metrics/save-weights.server";
import { loader } from "~/routes/engagement.methodology";

const escape = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");

async function render(locale: Locale) {
  const request = new Request("http://kapok.test/engagement/methodology", {
    headers: { Cookie: `kapok_lng=${locale}` },
  });
  const data = (await loader({
    request,
    params: {},
    context: {},
  } as unknown as LoaderFunctionArgs)) as MethodologyData;
  const i18n = await i18nFor(locale);
  const html = renderToString(
    createElement(I18nextProvider, { i18n }, createElement(EngagementMethodology, { data })),
  );
  return { data, html, t: i18n.getFixedT(locale) };
}

/** The HTML of one component's card on the page. */
function card(html: string, key: string) {
  const start = html.indexOf(`id="component-${key}"`);
  expect(start, `card of ${key}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</li>", start));
}

let adminId: string;

beforeAll(async () => {
  const [city] = await db.select({ id: areas.id }).from(areas).where(eq(areas.level, "city")).limit(1);
  const [admin] = await db
    .insert(users)
    .values({ displayName: "方法论管理员", pseudonymSeed: "methodology-admin" })
    .returning({ id: users.id });
  await db.insert(roleAssignments).values({ userId: admin!.id, role: "platform_admin", areaId: city!.id });
  adminId = admin!.id;
});

describe("the methodology page is generated from the configuration", () => {
  test.each(supportedLocales)(
    "in %s: every component's formula, source, target, weight; the index rules; not the 红棉指数",
    async (locale) => {
      const { data, html, t } = await render(locale);
      const active = await getActiveWeights();
      expect(data.activeVersion).toBe(active.version);
      expect(data.components.map((c) => c.key)).toEqual(componentDefinitions.map((d) => d.key));
      for (const def of componentDefinitions) {
        const section = card(html, def.key);
        expect(section).toContain(escape(t(def.nameKey)));
        expect(section).toContain(escape(t(def.formulaKey)));
        expect(section).toContain(escape(t(def.sourceKey)));
        expect(section).toContain(escape(t(def.targetKey, { target: formatTarget(def, locale) })));
        expect(section).toContain(`data-field="weight">${active.weights[def.key]}</dd>`);
        for (const kind of def.kinds) if (kind !== "*") expect(section).toContain(kind);
      }
      for (const key of [
        "metrics:components.indexRule",
        "metrics:components.noDataRule",
        "metrics:suppression.rule1",
        "metrics:suppression.rule2",
        "metrics:methodology.notOfficial",
      ]) {
        expect(html).toContain(escape(t(key)));
      }
      // Named, so that nobody mistakes it for the official index.
      expect(html).toContain(locale === "zh-HK" ? "紅棉指數" : "红棉指数");
    },
  );

  test("a new weights version shows at once, with the previous one in the history", async () => {
    const before = await getActiveWeights();
    const weights = {
      breadth: 30,
      deliberation: 10,
      turnout: 10,
      responsiveness: 15,
      delivery: 10,
      satisfaction: 10,
      transparency: 10,
      partnership: 5,
    };
    const { version } = await saveWeights({ actor: { id: adminId }, weights, note: "试行新权重" });
    expect(version).toBe(before.version + 1);
    const { data, html } = await render("zh-CN");
    expect(data.activeVersion).toBe(version);
    for (const [key, weight] of Object.entries(weights))
      expect(card(html, key)).toContain(`data-field="weight">${weight}</dd>`);
    expect(data.versions.map((v) => v.version)).toEqual(expect.arrayContaining([version, before.version]));
    expect(html).toContain("试行新权重");
  });
});
