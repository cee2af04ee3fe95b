import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { listReviewQueue } from "~/modules/funding/organisation-queries.server";

const verifiers = new Set(["district_official", "city_official", "platform_admin"]);

/** The verification queue: pending organisations registered in or under the official's areas. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  if (!roles.some((r) => verifiers.has(r.role))) throw new Response(null, { status: 403 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  return {
    title: `${t("organisations:review.title")} · ${t("common:appName")}`,
    queue: (await listReviewQueue(roles)).map((o) => ({
      id: o.id,
      name: o.name,
      legalForm: o.legalForm,
      creditCode: o.creditCode,
      area: localizedName(
        { nameZhCn: o.areaNameZhCn, nameZhHk: o.areaNameZhHk, nameEn: o.areaNameEn },
        locale,
      ),
      registeredOn: dateFormat.format(o.createdAt),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function OrganisationReview() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("organisations:review.title")}</h1>
      <p className="lead">{t("organisations:review.lead")}</p>
      {data.queue.length === 0 ? (
        <p>{t("organisations:review.empty")}</p>
      ) : (
        <table>
          <caption>{t("organisations:review.caption", { n: data.queue.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("organisations:form.name")}</th>
              <th scope="col">{t("organisations:form.legalForm")}</th>
              <th scope="col">{t("organisations:form.creditCode")}</th>
              <th scope="col">{t("organisations:form.area")}</th>
              <th scope="col">{t("organisations:profile.registeredOn")}</th>
            </tr>
          </thead>
          <tbody>
            {data.queue.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                </td>
                <td>{o.legalForm ? t(`organisations:legalForms.${o.legalForm}`) : "—"}</td>
                <td>
                  <code>{o.creditCode ?? "—"}</code>
                </td>
                <td>{o.area}</td>
                <td>{o.registeredOn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
