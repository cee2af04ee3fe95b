import type { Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import {
  listPlacesInArea,
  listSimilarityCandidates,
  type SchemeForProposals,
} from "./proposal-queries.server";
import { formatFen } from "~/lib/money";
import { findSimilar } from "./similar-proposals";

/** What the proposal form shows about the scheme: the cap of each type and the budget. */
export async function costHintFor(scheme: SchemeForProposals, locale: Locale) {
  const t = await fixedT(locale);
  const money = (fen: number | null) => (fen === null ? t("proposals:form.noCap") : formatFen(fen, locale));
  return t("proposals:form.costHint", {
    service: money(scheme.capServiceMinor),
    goods: money(scheme.capGoodsMinor),
    works: money(scheme.capWorksMinor),
    budget: formatFen(scheme.budgetMinor, locale),
  });
}

/** Communities (and their grids) inside the scheme's area, named in the reader's language. */
export async function placesFor(scheme: SchemeForProposals, locale: Locale) {
  const places = await listPlacesInArea(scheme.areaPath);
  return places.map((c) => ({
    id: c.id,
    name: localizedName(c, locale),
    grids: c.grids.map((g) => ({ id: g.id, name: localizedName(g, locale) })),
  }));
}

/** The scheme's proposals most like the given title and body. */
export async function similarInScheme(
  schemeId: string,
  query: { title: string; body?: string },
  excludeId?: string,
) {
  const found = findSimilar(query, await listSimilarityCandidates(schemeId), { excludeId });
  return found.map((s) => ({ id: s.id, title: s.title }));
}
