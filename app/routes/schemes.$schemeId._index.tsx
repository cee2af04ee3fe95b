import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Timeline } from "~/components/timeline";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { proposalCategories } from "~/modules/livelihood/categories";
import { canManageScheme } from "~/modules/livelihood/permissions";
import { proposalStatuses, type ProposalStatus } from "~/modules/livelihood/proposal-status";
import { schemePhase } from "~/modules/livelihood/scheme-phase";
import {
  getScheme,
  listProposalCommunities,
  listSchemeProposals,
} from "~/modules/livelihood/scheme-queries.server";
import { proposalSorts } from "~/modules/livelihood/scheme-schemas";
import { formatFen } from "~/lib/money";
import { countScreeningWaiting } from "~/modules/livelihood/screening-queries.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import schemesStyles from "~/styles/schemes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: schemesStyles }];

const notices = {
  created: "schemes:overview.notices.created",
  published: "schemes:overview.notices.published",
  cancelled: "schemes:overview.notices.cancelled",
  updated: "schemes:overview.notices.updated",
} as const;

const publicStatuses = proposalStatuses.filter((s) => s !== "draft");

function formatWhen(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const found = await getScheme(params.schemeId ?? "");
  if (!found) throw new Response(null, { status: 404 });
  const { scheme, area } = found;
  const roles = user ? await listActiveRoles(user.id) : [];
  const manager = canManageScheme(roles, area.path).allowed;
  // Committees of communities inside a larger scheme screen their own community's proposals.
  const screener =
    manager || roles.some((r) => r.role === "committee_member" && r.areaPath.startsWith(area.path));
  // A draft is not public: to anyone but its managers it does not exist.
  if (scheme.status === "draft" && !manager) throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const phase = schemePhase(scheme, now);

  const url = new URL(request.url);
  const q = url.searchParams;
  const communityText = q.get("community");
  const filters = {
    status: pick(q.get("status"), publicStatuses) as ProposalStatus | null,
    category: pick(q.get("category"), proposalCategories),
    communityId: communityText && /^\d{1,9}$/.test(communityText) ? Number(communityText) : null,
    sort: pick(q.get("sort"), proposalSorts) ?? "supported",
    page: Math.min(Math.max(Number.parseInt(q.get("page") ?? "1", 10) || 1, 1), 10_000),
  };
  const [list, communities, timeline, waiting] = await Promise.all([
    listSchemeProposals(scheme.id, filters),
    listProposalCommunities(scheme.id),
    listTimeline("scheme", scheme.id),
    screener ? countScreeningWaiting(scheme.id) : Promise.resolve(0),
  ]);
  const when = (d: Date | null) => (d ? formatWhen(d, locale) : "");
  const phaseDate: Record<typeof phase, string> = {
    draft: when(scheme.collectionOpensAt),
    cancelled: when(scheme.cancelledAt),
    upcoming: when(scheme.collectionOpensAt),
    collecting: when(scheme.collectionClosesAt),
    deliberating: when(scheme.votingOpensAt),
    voting: when(scheme.votingClosesAt),
    counting: when(scheme.votingClosesAt),
    notice: when(scheme.noticeEndsAt),
    implementing: when(scheme.confirmedAt),
  };
  const noticeKey = q.get("notice");
  const caps = (
    [
      ["service", scheme.capServiceMinor],
      ["goods", scheme.capGoodsMinor],
      ["works", scheme.capWorksMinor],
    ] as const
  ).map(([type, cap]) => ({ type, cap: cap === null ? null : formatFen(cap, locale) }));
  return {
    title: `${scheme.title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    scheme: {
      id: scheme.id,
      title: scheme.title,
      description: scheme.description,
      status: scheme.status,
      cancelReason: scheme.cancelReason,
      exclusions: scheme.exclusions,
      categories: scheme.categories,
      budget: formatFen(scheme.budgetMinor, locale),
      caps,
      supportThreshold: scheme.supportThreshold,
      supportWindowDays: scheme.supportWindowDays,
      maxProposalsPerResident: scheme.maxProposalsPerResident,
      noticeDays: scheme.noticeDays,
      votingMethod: scheme.votingMethod,
      countingRule: scheme.countingRule,
      maxChoices: scheme.maxChoices,
      councilSize: scheme.councilSize,
      dates: {
        collectionOpensAt: when(scheme.collectionOpensAt),
        collectionClosesAt: when(scheme.collectionClosesAt),
        votingOpensAt: when(scheme.votingOpensAt),
        votingClosesAt: when(scheme.votingClosesAt),
      },
    },
    areaName: localizedName(area, locale),
    phase,
    phaseDate: phaseDate[phase],
    manager,
    screener,
    waiting,
    timeline,
    filters,
    communities: communities.map((c) => ({ id: c.id, name: localizedName(c, locale) })),
    proposals: list.rows.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      category: p.category,
      supports: p.supports,
      cost: formatFen(p.revisedCostMinor ?? p.estimatedCostMinor, locale),
      revised: p.revisedCostMinor !== null,
      community: localizedName(p.community, locale),
    })),
    hasMore: list.hasMore,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function pageHref(filters: Data["filters"], page: number) {
  const q = new URLSearchParams();
  if (filters.status) q.set("status", filters.status);
  if (filters.category) q.set("category", filters.category);
  if (filters.communityId) q.set("community", String(filters.communityId));
  if (filters.sort !== "supported") q.set("sort", filters.sort);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return `?${s}#proposals-heading`;
}

function Actions({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { phase, scheme } = data;
  const id = scheme.id;
  const after = phase === "counting" || phase === "notice" || phase === "implementing";
  return (
    <nav aria-label={t("schemes:overview.actionsLabel")}>
      <ul className="scheme-actions">
        {phase === "collecting" ? (
          <li>
            <Link className="button primary" to={`/schemes/${id}/propose`}>
              {t("schemes:overview.propose")}
            </Link>
          </li>
        ) : null}
        {phase === "voting" ? (
          <li>
            <Link className="button primary" to={`/schemes/${id}/vote`}>
              {t("schemes:overview.vote")}
            </Link>
          </li>
        ) : null}
        {after ? (
          <li>
            <Link to={`/schemes/${id}/results`}>{t("schemes:overview.results")}</Link>
          </li>
        ) : null}
        {phase === "notice" || phase === "implementing" ? (
          <li>
            <Link to={`/schemes/${id}/notice`}>{t("schemes:overview.notice")}</Link>
          </li>
        ) : null}
        {phase === "implementing" ? (
          <li>
            <Link to={`/projects?scheme=${id}`}>{t("schemes:overview.projects")}</Link>
          </li>
        ) : null}
      </ul>
      {data.screener && !data.manager && scheme.status === "published" ? (
        <ul className="scheme-actions" aria-label={t("schemes:overview.managerActions")}>
          <li>
            <Link to={`/schemes/${id}/screening`}>
              {t("schemes:overview.screening", { count: data.waiting })}
            </Link>
          </li>
        </ul>
      ) : null}
      {data.manager ? (
        <ul className="scheme-actions" aria-label={t("schemes:overview.managerActions")}>
          <li>
            <Link to={`/schemes/${id}/edit`}>{t("schemes:overview.edit")}</Link>
          </li>
          {scheme.status === "published" ? (
            <>
              <li>
                <Link to={`/schemes/${id}/screening`}>
                  {t("schemes:overview.screening", { count: data.waiting })}
                </Link>
              </li>
              <li>
                <a href={`/schemes/${id}/proposals.csv`} download>
                  {t("schemes:overview.csv")}
                </a>
              </li>
              {scheme.votingMethod === "council" ? (
                <li>
                  <Link to={`/schemes/${id}/council`}>{t("schemes:overview.council")}</Link>
                </li>
              ) : (
                <li>
                  <Link to={`/schemes/${id}/paper-ballots`}>{t("schemes:overview.paperBallots")}</Link>
                </li>
              )}
              {phase === "counting" || phase === "notice" ? (
                <li>
                  <Link to={`/schemes/${id}/notice`}>{t("schemes:overview.notice")}</Link>
                </li>
              ) : null}
            </>
          ) : null}
        </ul>
      ) : null}
    </nav>
  );
}

function Rules({ data }: { data: Data }) {
  const { t } = useTranslation();
  const s = data.scheme;
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t("schemes:overview.rulesHeading")}</h2>
      <ul>
        <li>
          {t("schemes:overview.rules.threshold", {
            threshold: s.supportThreshold,
            days: s.supportWindowDays,
          })}
        </li>
        <li>{t("schemes:overview.rules.maxProposals", { count: s.maxProposalsPerResident })}</li>
        <li>
          {t(`schemes:overview.rules.method.${s.votingMethod}`, {
            k: s.maxChoices ?? 0,
            size: s.councilSize ?? 0,
          })}
          {s.votingMethod === "budget" && s.maxChoices
            ? ` ${t("schemes:overview.rules.budgetMaxChoices", { k: s.maxChoices })}`
            : null}
        </li>
        {s.votingMethod === "budget" ? (
          <li>{t(`schemes:overview.rules.counting.${s.countingRule}`)}</li>
        ) : null}
        <li>{t("schemes:overview.rules.notice", { days: s.noticeDays })}</li>
      </ul>
    </section>
  );
}

function Proposals({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { filters } = data;
  return (
    <section aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">{t("schemes:overview.proposalsHeading")}</h2>
      <Form method="get" className="filter-form" preventScrollReset>
        <div className="period-fields">
          <div className="field">
            <label htmlFor="filter-status">{t("schemes:overview.filterStatus")}</label>
            <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
              <option value="">{t("schemes:overview.any")}</option>
              {publicStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`schemes:proposalStatus.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-category">{t("schemes:overview.filterCategory")}</label>
            <select id="filter-category" name="category" defaultValue={filters.category ?? ""}>
              <option value="">{t("schemes:overview.any")}</option>
              {proposalCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`schemes:categories.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-community">{t("schemes:overview.filterCommunity")}</label>
            <select
              id="filter-community"
              name="community"
              defaultValue={filters.communityId ? String(filters.communityId) : ""}
            >
              <option value="">{t("schemes:overview.any")}</option>
              {data.communities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-sort">{t("schemes:overview.sort")}</label>
            <select id="filter-sort" name="sort" defaultValue={filters.sort}>
              {proposalSorts.map((s) => (
                <option key={s} value={s}>
                  {t(`schemes:overview.sorts.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="button-row">
            <button type="submit" className="secondary">
              {t("schemes:overview.apply")}
            </button>
          </div>
        </div>
      </Form>
      {data.proposals.length === 0 ? (
        <p>{t("schemes:overview.noProposals")}</p>
      ) : (
        <ul className="card-list">
          {data.proposals.map((p) => (
            <li key={p.id}>
              <h3>
                <Link to={`/proposals/${p.id}`}>{p.title}</Link>
              </h3>
              <p>
                <span className="badge">{t(`schemes:proposalStatus.${p.status}`)}</span>{" "}
                <span className="muted">
                  {t(`schemes:categories.${p.category as "other"}`)} · {p.community}
                </span>
              </p>
              <dl className="facts">
                <dt>{t("schemes:overview.supports")}</dt>
                <dd>
                  {t("schemes:overview.supportsOf", {
                    count: p.supports,
                    threshold: data.scheme.supportThreshold,
                  })}
                </dd>
                <dt>{t("schemes:overview.cost")}</dt>
                <dd>{p.revised ? t("schemes:overview.costRevised", { cost: p.cost }) : p.cost}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <nav className="pager" aria-label={t("schemes:list.pager")}>
        {filters.page > 1 ? (
          <Link to={pageHref(filters, filters.page - 1)}>{t("schemes:list.previous")}</Link>
        ) : (
          <span />
        )}
        {data.hasMore ? <Link to={pageHref(filters, filters.page + 1)}>{t("schemes:list.next")}</Link> : null}
      </nav>
    </section>
  );
}

export default function SchemeOverview() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const s = data.scheme;
  return (
    <>
      <p>
        <Link to="/schemes">{t("schemes:list.back")}</Link>
      </p>
      <h1>{s.title}</h1>
      <p className="lead">
        {data.areaName} · <span className="badge">{t(`schemes:phase.${data.phase}`)}</span>
      </p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <p>
        {t(`schemes:overview.phaseLine.${data.phase}`, {
          date: data.phaseDate,
          reason: s.cancelReason ?? "",
        })}
      </p>
      <Actions data={data} />
      {s.description ? <p className="proposal-body">{s.description}</p> : null}
      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t("schemes:overview.factsHeading")}</h2>
        <dl className="facts">
          <dt>{t("schemes:overview.budget")}</dt>
          <dd>{s.budget}</dd>
          {s.caps.map((c) => (
            <Fragment key={c.type}>
              <dt>{t("schemes:overview.capOf", { type: t(`schemes:types.${c.type}`) })}</dt>
              <dd>{c.cap ?? t("schemes:overview.noCap")}</dd>
            </Fragment>
          ))}
          <dt>{t("schemes:overview.collection")}</dt>
          <dd>
            {t("schemes:overview.range", { from: s.dates.collectionOpensAt, to: s.dates.collectionClosesAt })}
          </dd>
          <dt>{t("schemes:overview.voting")}</dt>
          <dd>{t("schemes:overview.range", { from: s.dates.votingOpensAt, to: s.dates.votingClosesAt })}</dd>
          <dt>{t("schemes:overview.categories")}</dt>
          <dd>
            {s.categories
              .map((c) => t(`schemes:categories.${c as "other"}`))
              .join(t("schemes:overview.separator"))}
          </dd>
        </dl>
      </section>
      {s.exclusions ? (
        <section aria-labelledby="exclusions-heading">
          <h2 id="exclusions-heading">{t("schemes:overview.exclusionsHeading")}</h2>
          <p className="proposal-body">{s.exclusions}</p>
        </section>
      ) : null}
      <Rules data={data} />
      <Timeline entries={data.timeline} headingId="timeline-heading" />
      <Proposals data={data} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
