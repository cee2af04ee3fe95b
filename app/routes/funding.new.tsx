import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallForm, type CallFormValues } from "~/components/call-form";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { formatFen } from "~/lib/money";
import { getRequestMeta } from "~/lib/request-meta.server";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { prefillFromProjects } from "~/modules/funding/call-from-projects";
import { callAreaChoices } from "~/modules/funding/call-queries.server";
import { CreateCallSchema } from "~/modules/funding/call-schemas";
import { createCall } from "~/modules/funding/create-call.server";
import { offerableProjects, offerableProjectsFor } from "~/modules/funding/livelihood-projects-link.server";
import { canCreateCall } from "~/modules/funding/permissions";

const DAY = 86_400_000;
const governmentLevels = new Set(["street", "district", "city"]);

/** The government areas this person may run calls for (street, district or city roles). */
async function requireCreator(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const areas = roles.filter(
    (r, i) =>
      governmentLevels.has(r.areaLevel) &&
      canCreateCall([r], r.areaPath).allowed &&
      roles.findIndex((o) => o.areaId === r.areaId) === i,
  );
  if (areas.length === 0) throw new Response(null, { status: 403 });
  return { user, roles, areas };
}

function localAt(now: Date, days: number, time: string) {
  return `${toShanghaiLocal(new Date(now.getTime() + days * DAY)).slice(0, 10)}T${time}`;
}

function projectIdsFrom(request: Request): string[] {
  const raw = new URL(request.url).searchParams.get("projects") ?? "";
  return [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter((s) => /^[0-9a-f-]{36}$/i.test(s)),
    ),
  ].slice(0, 20);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, roles, areas } = await requireCreator(request);
  const locale: Locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const projects = await offerableProjects(roles, projectIdsFrom(request));
  const prefill = prefillFromProjects(projects, {
    titleJoiner: t("calls:new.titleJoiner"),
    intro: t("calls:new.fromProjectsIntro"),
  });
  // Created from projects: run by the narrowest own area that holds them all.
  const areaForProjects = projects.length
    ? [...areas]
        .sort((a, b) => b.areaPath.length - a.areaPath.length)
        .find((a) => projects.every((p) => p.areaPath.startsWith(a.areaPath)))
    : undefined;
  const defaultValue: CallFormValues = {
    areaId: String((areaForProjects ?? areas[0]!).areaId),
    kind: projects.length ? "purchase" : "venture",
    title: prefill?.title ?? "",
    titleEn: "",
    description: prefill?.description ?? "",
    descriptionEn: "",
    categories: [],
    targetAreas: [...new Set(projects.map((p) => String(p.areaId)))],
    budget: prefill?.budget ?? "",
    perProjectCap: prefill?.perProjectCap ?? "",
    maxGrantSharePercent: projects.length ? "100" : "60",
    priceWeight: projects.length ? "30" : "0",
    aggregation: "mean",
    reviewersPerApplication: "3",
    criteria: [],
    checklist: [],
    publishAt: localAt(now, 1, "09:00"),
    opensAt: localAt(now, 1, "09:00"),
    closesAt: localAt(now, 31, "18:00"),
    reviewEndsAt: localAt(now, 45, "18:00"),
    noticeDays: "7",
  };
  const choices = await callAreaChoices(areas.map((a) => a.areaPath));
  return {
    title: `${t("calls:new.title")} · ${t("common:appName")}`,
    defaultValue,
    areaOptions: areas.map((a) => ({
      value: String(a.areaId),
      label: `${localizedName({ nameZhCn: a.areaNameZhCn, nameZhHk: a.areaNameZhHk, nameEn: a.areaNameEn }, locale)} · ${t(`calls:levels.${a.areaLevel}`)}`,
    })),
    targetAreaOptions: choices.map((a) => ({
      value: String(a.id),
      label: `${localizedName(a, locale)} · ${t(`calls:levels.${a.level}`)}`,
    })),
    projects: projects.map((p) => ({ id: p.id, title: p.title, cost: formatFen(p.costMinor, locale) })),
    offerable:
      projects.length === 0
        ? (await offerableProjectsFor(roles)).map((p) => ({
            id: p.id,
            title: p.title,
            cost: formatFen(p.costMinor, locale),
            area: localizedName(p, locale),
          }))
        : [],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireCreator(request);
  const submission = parseWithZod(formData, { schema: CreateCallSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: string;
  try {
    ({ id } = await createCall({
      actor: user,
      actorRoles: roles,
      areaId: submission.value.areaId,
      fields: submission.value.fields,
      projectIds: submission.value.projects,
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/funding/${id}?notice=created`);
}

export default function NewCall() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  return (
    <>
      <p>
        <Link to="/funding">{t("calls:list.back")}</Link>
      </p>
      <h1>{t("calls:new.title")}</h1>
      <p className="lead">{t("calls:new.lead")}</p>
      {data.projects.length ? (
        <section aria-labelledby="from-projects">
          <h2 id="from-projects">{t("calls:new.fromProjects")}</h2>
          <ul>
            {data.projects.map((p) => (
              <li key={p.id}>
                <Link to={`/projects/${p.id}`}>{p.title}</Link> · {p.cost}
              </li>
            ))}
          </ul>
        </section>
      ) : data.offerable.length ? (
        <details>
          <summary>{t("calls:new.offerable")}</summary>
          <ul>
            {data.offerable.map((p) => (
              <li key={p.id}>
                <Link to={`/funding/new?projects=${p.id}`}>{p.title}</Link> · {p.area} · {p.cost}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <CallForm
        mode="create"
        defaultValue={data.defaultValue}
        lastResult={result}
        areaOptions={data.areaOptions}
        targetAreaOptions={data.targetAreaOptions}
        projectIds={data.projects.map((p) => p.id)}
        submitLabel={t("calls:new.submit")}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
