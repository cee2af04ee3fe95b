import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { canManageArea } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { ConsultationForm } from "~/components/consultation-form";
import { getMatterSummary } from "~/modules/consultations/consultation-queries.server";
import { ConsultationSchema } from "~/modules/consultations/consultation-schemas";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { createConsultation } from "~/modules/consultations/create-consultation.server";

import styles from "~/styles/consultations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const DAY = 86_400_000;

/** Committee members and officials: the areas they act for. */
async function requireOrganiser(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const areas = roles.filter(
    (r, i) => canManageArea([r], r.areaPath).allowed && roles.findIndex((o) => o.areaId === r.areaId) === i,
  );
  if (areas.length === 0) throw new Response(null, { status: 403 });
  return { user, roles, areas };
}

async function linkedMatter(request: Request) {
  const id = new URL(request.url).searchParams.get("matter");
  if (!id) return null;
  const matter = await getMatterSummary(id);
  if (!matter) throw new Response(null, { status: 404 });
  return matter;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, areas } = await requireOrganiser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const matter = await linkedMatter(request);
  const now = Date.now();
  const day = (d: number, time: string) => `${toShanghaiLocal(new Date(now + d * DAY)).slice(0, 10)}T${time}`;
  return {
    title: `${t("consultations:new.title")} · ${t("common:appName")}`,
    matter,
    areaOptions: areas.map((a) => ({
      value: a.areaCode,
      label: localizedName(
        { nameZhCn: a.areaNameZhCn, nameZhHk: a.areaNameZhHk, nameEn: a.areaNameEn },
        locale,
      ),
    })),
    defaultValue: {
      title: matter?.title ?? "",
      background: "",
      opensAt: day(0, "09:00"),
      closesAt: day(14, "18:00"),
      eligibility: "verified",
      liveResults: false,
      allowStatements: false,
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireOrganiser(request);
  const submission = parseWithZod(formData, { schema: ConsultationSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const matterId = formData.get("matter");
  const areaCode = formData.get("areaCode");
  let id: string;
  try {
    ({ id } = await createConsultation({
      actor: user,
      actorRoles: roles,
      areaCode: typeof areaCode === "string" ? areaCode : null,
      matterId: typeof matterId === "string" && matterId ? matterId : null,
      fields: submission.value,
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/consultations/${id}/edit?notice=created`);
}

export default function NewConsultation() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  return (
    <>
      <h1>{t("consultations:new.title")}</h1>
      <p className="lead">{t("consultations:new.lead")}</p>
      <ConsultationForm
        id="new-consultation"
        defaultValue={data.defaultValue}
        lastResult={result}
        submitLabel={t("consultations:new.submit")}
      >
        {data.matter ? (
          <>
            <input type="hidden" name="matter" value={data.matter.id} />
            <p className="notice">{t("consultations:new.onMatter", { title: data.matter.title })}</p>
          </>
        ) : (
          <div className="field">
            <label htmlFor="new-consultation-area">{t("consultations:form.area")}</label>
            <select id="new-consultation-area" name="areaCode" defaultValue={data.areaOptions[0]?.value}>
              {data.areaOptions.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </ConsultationForm>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
