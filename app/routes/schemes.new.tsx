import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { defaultExclusionKeys } from "~/modules/livelihood/categories";
import { createScheme } from "~/modules/livelihood/create-scheme.server";
import { canCreateScheme } from "~/modules/livelihood/permissions";
import { SchemeForm, type SchemeFormValues } from "~/components/scheme-form";
import { CreateSchemeSchema } from "~/modules/livelihood/scheme-schemas";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import schemesStyles from "~/styles/schemes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: schemesStyles }];

const DAY = 86_400_000;

/** The areas this person may set a scheme up for: those they hold a managing role in. */
async function requireCreator(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const areas = roles.filter(
    (r, i) =>
      canCreateScheme(roles, { areaPath: r.areaPath, level: r.areaLevel }).allowed &&
      roles.findIndex((o) => o.areaId === r.areaId) === i,
  );
  if (areas.length === 0) throw new Response(null, { status: 403 });
  return { user, roles, areas };
}

/** A start date at 09:00 Guangzhou time `days` from today. */
function localAt(now: Date, days: number, time: string) {
  return `${toShanghaiLocal(new Date(now.getTime() + days * DAY)).slice(0, 10)}T${time}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, areas } = await requireCreator(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const defaultValue: SchemeFormValues = {
    areaId: String(areas[0]!.areaId),
    title: "",
    description: "",
    budget: "",
    capService: "",
    capGoods: "",
    capWorks: "",
    categories: ["elderly", "children", "environment", "safety", "facilities", "culture", "health", "other"],
    exclusions: defaultExclusionKeys.map((k) => t(`schemes:exclusions.${k}`)).join("\n"),
    supportThreshold: "10",
    supportWindowDays: "14",
    maxProposalsPerResident: "3",
    collectionOpensAt: localAt(now, 1, "09:00"),
    collectionClosesAt: localAt(now, 31, "18:00"),
    votingOpensAt: localAt(now, 38, "09:00"),
    votingClosesAt: localAt(now, 45, "18:00"),
    noticeDays: "7",
    votingMethod: "budget",
    countingRule: "greedy",
    maxChoices: "",
    councilSize: "",
  };
  return {
    title: `${t("schemes:new.title")} · ${t("common:appName")}`,
    defaultValue,
    areaOptions: areas.map((a) => ({
      value: String(a.areaId),
      label: `${localizedName({ nameZhCn: a.areaNameZhCn, nameZhHk: a.areaNameZhHk, nameEn: a.areaNameEn }, locale)} · ${t(`schemes:levels.${a.areaLevel}`)}`,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireCreator(request);
  const submission = parseWithZod(formData, { schema: CreateSchemeSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: string;
  try {
    ({ id } = await createScheme({
      actor: user,
      actorRoles: roles,
      areaId: submission.value.areaId,
      fields: submission.value.fields,
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/schemes/${id}?notice=created`);
}

export default function NewScheme() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  return (
    <>
      <p>
        <Link to="/schemes">{t("schemes:list.back")}</Link>
      </p>
      <h1>{t("schemes:new.title")}</h1>
      <p className="lead">{t("schemes:new.lead")}</p>
      <SchemeForm
        mode="create"
        defaultValue={data.defaultValue}
        lastResult={result}
        areaOptions={data.areaOptions}
        submitLabel={t("schemes:new.submit")}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
