import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { grantRole } from "~/modules/accounts/grant-role.server";
import { maskEmail, maskPhone } from "~/modules/accounts/identifier";
import { canAdministerRoles, canRevokeRole, grantableRoles } from "~/modules/accounts/permissions";
import { revokeRole } from "~/modules/accounts/revoke-role.server";
import {
  findPersonByContact,
  listNgoOrganisations,
  listPersonRoles,
} from "~/modules/accounts/role-admin-queries.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  FindPersonSchema,
  GrantRoleSchema,
  RevokeRoleSchema,
  revokeReasonMax,
} from "~/modules/accounts/role-schemas";
import { roles as allRoles } from "~/modules/accounts/roles";

const notices = { granted: "admin:roles.notices.granted", revoked: "admin:roles.notices.revoked" } as const;

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

/** Platform admins and the officials who may grant roles; everyone else gets a 403. */
async function requireRoleAdministrator(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  if (!canAdministerRoles(roles).allowed) throw new Response(null, { status: 403 });
  return { user, roles };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, roles } = await requireRoleAdministrator(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const url = new URL(request.url);
  const query = FindPersonSchema.safeParse({ q: url.searchParams.get("q") ?? undefined });
  const q = query.success ? query.data.q : "";
  const person = q ? await findPersonByContact(q) : null;
  const personRoles = person ? await listPersonRoles(person.id) : [];
  const noticeKey = url.searchParams.get("notice");
  const grantable = grantableRoles(roles);
  return {
    title: `${t("admin:roles.title")} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    q,
    searched: q !== "",
    scopes: roles
      .filter((r) => r.role === "platform_admin" || r.role.endsWith("_official"))
      .map((r) => ({
        id: r.id,
        role: r.role,
        area: `${localizedName({ nameZhCn: r.areaNameZhCn, nameZhHk: r.areaNameZhHk, nameEn: r.areaNameEn }, locale)} (${r.areaCode})`,
      })),
    person: person
      ? {
          id: person.id,
          displayName: person.displayName,
          phone: person.phone ? maskPhone(person.phone) : null,
          email: person.email ? maskEmail(person.email) : null,
          self: person.id === user.id,
        }
      : null,
    personRoles: personRoles.map((r) => ({
      id: r.id,
      role: r.role,
      area: `${localizedName({ nameZhCn: r.areaNameZhCn, nameZhHk: r.areaNameZhHk, nameEn: r.areaNameEn }, locale)} (${r.areaCode})`,
      organisation: locale === "en" && r.organisationNameEn ? r.organisationNameEn : r.organisationName,
      since: formatDate(r.grantedAt, locale),
      mayRevoke:
        person?.id !== user.id &&
        canRevokeRole(roles, { role: r.role, areaPath: r.areaPath, areaLevel: r.areaLevel }).allowed,
    })),
    grantable: allRoles.filter((r) => grantable.includes(r)),
    organisations: grantable.some((r) => r === "ngo_admin" || r === "ngo_member")
      ? (await listNgoOrganisations()).map((o) => ({
          id: o.id,
          name: locale === "en" && o.nameEn ? o.nameEn : o.name,
        }))
      : [],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

function backTo(formData: FormData, notice: keyof typeof notices) {
  const q = formData.get("q");
  const params = new URLSearchParams({ notice });
  if (typeof q === "string" && q.length <= 100) params.set("q", q);
  return redirect(`/admin/roles?${params}`);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireRoleAdministrator(request);
  const meta = getRequestMeta(request, context);
  const intent = formData.get("intent");
  if (intent === "grant") {
    const submission = parseWithZod(formData, { schema: GrantRoleSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    const { userId, role, areaCode, organisationId } = submission.value;
    try {
      await grantRole({
        actor: user,
        actorRoles: roles,
        targetUserId: userId,
        role,
        areaCode,
        organisationId,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return backTo(formData, "granted");
  }
  if (intent === "revoke") {
    const submission = parseWithZod(formData, { schema: RevokeRoleSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await revokeRole({
        actor: user,
        actorRoles: roles,
        assignmentId: submission.value.assignmentId,
        reason: submission.value.reason,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return backTo(formData, "revoked");
  }
  throw new Response("Unknown form", { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;

function RevokeForm({
  assignmentId,
  q,
  lastResult,
}: {
  assignmentId: string;
  q: string;
  lastResult: Result;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `revoke-${assignmentId}`,
    lastResult,
    constraint: getZodConstraint(RevokeRoleSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeRoleSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <input type="hidden" name="q" value={q} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        meta={fields.reason}
        label={t("admin:roles.revokeReason")}
        hint={t("admin:roles.revokeReasonHint", { max: revokeReasonMax })}
      />
      <div>
        <button type="submit" className="secondary">
          {t("admin:roles.revoke")}
        </button>
      </div>
    </Form>
  );
}

function GrantForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "grant-role",
    lastResult,
    constraint: getZodConstraint(GrantRoleSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GrantRoleSchema }),
    shouldValidate: "onSubmit",
  });
  if (!data.person) return null;
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="grant" />
      <input type="hidden" name="userId" value={data.person.id} />
      <input type="hidden" name="q" value={data.q} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor={fields.role.id}>{t("admin:roles.role")}</label>
        <select {...getSelectProps(fields.role)} key={fields.role.key}>
          <option value="">{t("admin:roles.choose")}</option>
          {data.grantable.map((role) => (
            <option key={role} value={role}>
              {t(`accounts:roles.${role}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.role.errorId} errors={fields.role.errors} />
      </div>
      <Field
        meta={fields.areaCode}
        label={t("admin:roles.areaCode")}
        hint={t("admin:roles.areaCodeHint")}
        inputMode="text"
      />
      {data.organisations.length ? (
        <div className="field">
          <label htmlFor={fields.organisationId.id}>{t("admin:roles.organisation")}</label>
          <p id={`${fields.organisationId.id}-hint`} className="hint">
            {t("admin:roles.organisationHint")}
          </p>
          <select
            {...getSelectProps(fields.organisationId)}
            key={fields.organisationId.key}
            aria-describedby={`${fields.organisationId.id}-hint`}
          >
            <option value="">{t("admin:roles.noOrganisation")}</option>
            {data.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <ErrorList id={fields.organisationId.errorId} errors={fields.organisationId.errors} />
        </div>
      ) : null}
      <div>
        <button type="submit" className="primary">
          {t("admin:roles.grant")}
        </button>
      </div>
    </Form>
  );
}

export default function AdminRoles() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sent = result?.initialValue;
  return (
    <>
      <h1>{t("admin:roles.title")}</h1>
      <p className="lead">{t("admin:roles.lead")}</p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <section aria-labelledby="scope-heading">
        <h2 id="scope-heading">{t("admin:roles.scopeHeading")}</h2>
        <ul>
          {data.scopes.map((s) => (
            <li key={s.id}>
              {t(`accounts:roles.${s.role}`)} · {s.area}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="find-heading">
        <h2 id="find-heading">{t("admin:roles.findHeading")}</h2>
        <Form method="get" className="stack" role="search" aria-labelledby="find-heading">
          <div className="field">
            <label htmlFor="find-q">{t("admin:roles.findLabel")}</label>
            <p id="find-q-hint" className="hint">
              {t("admin:roles.findHint")}
            </p>
            <input
              id="find-q"
              type="search"
              name="q"
              defaultValue={data.q}
              required
              maxLength={100}
              aria-describedby="find-q-hint"
              autoComplete="off"
            />
          </div>
          <div>
            <button type="submit" className="secondary">
              {t("admin:roles.find")}
            </button>
          </div>
        </Form>
        {data.searched && !data.person ? <p role="status">{t("admin:roles.notFound")}</p> : null}
      </section>
      {data.person ? (
        <section aria-labelledby="person-heading">
          <h2 id="person-heading">{t("admin:roles.personHeading", { name: data.person.displayName })}</h2>
          <p className="muted">{[data.person.phone, data.person.email].filter(Boolean).join(" · ")}</p>
          <h3>{t("admin:roles.activeRoles")}</h3>
          {data.personRoles.length === 0 ? <p>{t("admin:roles.noRoles")}</p> : null}
          <ul className="card-list">
            {data.personRoles.map((r) => (
              <li key={r.id}>
                <p>
                  <strong>{t(`accounts:roles.${r.role}`)}</strong> · {r.area}
                  {r.organisation ? ` · ${r.organisation}` : ""}
                </p>
                <p className="muted">{t("admin:roles.since", { date: r.since })}</p>
                {r.mayRevoke ? (
                  <RevokeForm
                    assignmentId={r.id}
                    q={data.q}
                    lastResult={sent?.assignmentId === r.id ? result : undefined}
                  />
                ) : null}
              </li>
            ))}
          </ul>
          {/* A refusal about a role no longer listed (revoked meanwhile, or a forged id). */}
          {sent?.intent === "revoke" && !data.personRoles.some((r) => r.id === sent.assignmentId) ? (
            <FormErrors errors={result?.error?.[""] ?? null} />
          ) : null}
          {data.person.self ? (
            <p>{t("admin:roles.selfNote")}</p>
          ) : (
            <>
              <h3>{t("admin:roles.grantHeading")}</h3>
              <GrantForm lastResult={sent?.intent === "grant" ? result : undefined} />
            </>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
