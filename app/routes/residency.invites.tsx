import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName, type LocalizedNames } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { issueResidencyInvite } from "~/modules/accounts/issue-residency-invite.server";
import {
  listInviteScopes,
  listIssuedInvites,
  residencyStaffRights,
} from "~/modules/accounts/residency-queries.server";
import { IssueInviteSchema } from "~/modules/accounts/residency-schemas";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { TableRegion } from "~/components/table-region";

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

async function requireIssuer(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  if (!residencyStaffRights(roles)) throw new Response(null, { status: 403 });
  return { user, roles };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, roles } = await requireIssuer(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const name = (a: LocalizedNames) => localizedName(a, locale);
  const [scopes, invites] = await Promise.all([listInviteScopes(roles), listIssuedInvites(user.id)]);
  return {
    title: `${t("residency:invites.title")} · ${t("common:appName")}`,
    scopes: scopes.map((s) => ({
      code: s.code,
      name: s.grid
        ? `${name(s.community)} · ${name(s.grid)}`
        : t("residency:invites.wholeCommunity", { community: name(s.community) }),
    })),
    invites: invites.map((i) => ({
      id: i.id,
      place: i.grid ? `${name(i.community)} · ${name(i.grid)}` : name(i.community),
      issued: formatDate(i.createdAt, locale),
      expires: formatDate(i.expiresAt, locale),
      status: i.status,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireIssuer(request);
  const submission = parseWithZod(formData, { schema: IssueInviteSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    const issued = await issueResidencyInvite({
      actor: user,
      actorRoles: roles,
      scopeCode: submission.value.scope,
      meta: getRequestMeta(request, context),
    });
    const locale = await resolveLocale(request, user.locale);
    const names = (a: LocalizedNames) => localizedName(a, locale);
    // The code is in this one response only: it is never stored, so it can never be shown again.
    return {
      result: submission.reply({ resetForm: true }),
      issued: {
        code: issued.code,
        place: issued.grid ? `${names(issued.community)} · ${names(issued.grid)}` : names(issued.community),
        expires: formatDate(issued.expiresAt, locale),
      },
    };
  } catch (error) {
    return refusedSubmission(submission, error);
  }
}

const statusKeys = {
  unused: "residency:invites.status.unused",
  redeemed: "residency:invites.status.redeemed",
  expired: "residency:invites.status.expired",
} as const;

export default function ResidencyInvites() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const issued = actionData && "issued" in actionData ? actionData.issued : null;
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(IssueInviteSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IssueInviteSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <>
      <p>
        <Link to="/residency/requests">{t("residency:invites.backLink")}</Link>
      </p>
      <h1>{t("residency:invites.title")}</h1>
      <p className="lead">{t("residency:invites.lead")}</p>
      {issued ? (
        <section className="notice" role="status" aria-labelledby="issued-heading">
          <h2 id="issued-heading">{t("residency:invites.issuedHeading")}</h2>
          <p className="invite-code">
            <strong>{issued.code}</strong>
          </p>
          <p>{t("residency:invites.issuedBody", { place: issued.place, date: issued.expires })}</p>
        </section>
      ) : null}
      <section aria-labelledby="issue-heading">
        <h2 id="issue-heading">{t("residency:invites.issueHeading")}</h2>
        {data.scopes.length === 0 ? (
          <p>{t("residency:invites.noScope")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} className="stack">
            <CsrfInput />
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="field">
              <label htmlFor={fields.scope.id}>{t("residency:invites.scope")}</label>
              <select {...getSelectProps(fields.scope)} key={fields.scope.key}>
                {data.scopes.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </select>
              <ErrorList id={fields.scope.errorId} errors={fields.scope.errors} />
            </div>
            <div>
              <button type="submit" className="primary">
                {t("residency:invites.issue")}
              </button>
            </div>
          </Form>
        )}
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t("residency:invites.listHeading")}</h2>
        {data.invites.length === 0 ? (
          <p>{t("residency:invites.empty")}</p>
        ) : (
          <TableRegion labelledBy="list-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("residency:invites.place")}</th>
                  <th scope="col">{t("residency:invites.issued")}</th>
                  <th scope="col">{t("residency:invites.expires")}</th>
                  <th scope="col">{t("residency:invites.statusLabel")}</th>
                </tr>
              </thead>
              <tbody>
                {data.invites.map((i) => (
                  <tr key={i.id}>
                    <td>{i.place}</td>
                    <td>{i.issued}</td>
                    <td>{i.expires}</td>
                    <td>{t(statusKeys[i.status])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
