import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { displayNameOrDeleted, maskEmail, maskPhone } from "~/modules/accounts/identifier";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { cancelInvitation, inviteMember, removeMember } from "~/modules/funding/organisation-members.server";
import {
  listMembers,
  listOpenInvitations,
  loadVisibleOrganisationOr404,
} from "~/modules/funding/organisation-queries.server";
import {
  CancelInvitationSchema,
  InviteMemberSchema,
  RemoveMemberSchema,
} from "~/modules/funding/organisation-schemas";

const notices = {
  invited: "organisations:notices.invited",
  removed: "organisations:notices.removed",
  cancelled: "organisations:notices.cancelled",
} as const;

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const { org, viewer } = await loadVisibleOrganisationOr404(params.organisationId ?? "", roles);
  // Members see who else is in the organisation; nobody else does.
  if (!viewer.isMember) throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${t("organisations:members.title")} · ${org.name} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    org: { id: org.id, name: org.name },
    isAdmin: viewer.isAdmin,
    members: (await listMembers(org.id)).map((m) => ({
      assignmentId: m.assignmentId,
      name: displayNameOrDeleted(m.displayName, t),
      role: m.role,
      since: formatDate(m.grantedAt, locale),
      isMe: m.userId === user.id,
    })),
    invitations: viewer.isAdmin
      ? (await listOpenInvitations(org.id)).map((i) => ({
          id: i.id,
          to: i.identifier.includes("@") ? maskEmail(i.identifier) : maskPhone(i.identifier),
          role: i.role,
          sent: formatDate(i.createdAt, locale),
        }))
      : [],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const organisationId = params.organisationId ?? "";
  const here = `/organisations/${organisationId}/members`;
  const meta = getRequestMeta(request, context);
  const intent = formData.get("intent");
  if (intent === "invite") {
    const submission = parseWithZod(formData, { schema: InviteMemberSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await inviteMember({
        actor: user,
        actorRoles: roles,
        organisationId,
        identifier: submission.value.identifier,
        role: submission.value.role,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=invited`);
  }
  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: RemoveMemberSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await removeMember({
        actor: user,
        actorRoles: roles,
        organisationId,
        assignmentId: submission.value.assignmentId,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=removed`);
  }
  if (intent === "cancelInvitation") {
    const submission = parseWithZod(formData, { schema: CancelInvitationSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await cancelInvitation({
        actorRoles: roles,
        organisationId,
        invitationId: submission.value.invitationId,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=cancelled`);
  }
  throw new Response(null, { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;

function InviteForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof InviteMemberSchema>>({
    id: "invite-member",
    lastResult,
    constraint: getZodConstraint(InviteMemberSchema),
    defaultValue: { role: "member" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteMemberSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t("organisations:members.inviteHeading")}</h2>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <input type="hidden" name="intent" value="invite" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.identifier}
          label={t("organisations:members.identifier")}
          hint={t("organisations:members.identifierHint")}
          autoComplete="off"
        />
        <div className="field">
          <label htmlFor={fields.role.id}>{t("organisations:members.role")}</label>
          <select {...getSelectProps(fields.role)} key={fields.role.key}>
            <option value="member">{t("organisations:roles.ngo_member")}</option>
            <option value="admin">{t("organisations:roles.ngo_admin")}</option>
          </select>
          <ErrorList id={fields.role.errorId} errors={fields.role.errors} />
        </div>
        <div className="button-row">
          <button type="submit" className="primary">
            {t("organisations:members.invite")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function OrganisationMembers() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const intent = lastResult?.initialValue?.intent;
  const rowErrors =
    intent === "remove" || intent === "cancelInvitation" ? (lastResult?.error?.[""] ?? null) : null;
  return (
    <>
      <h1>{t("organisations:members.title")}</h1>
      <p className="lead">
        <Link to={`/organisations/${data.org.id}`}>{data.org.name}</Link>
      </p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <FormErrors errors={rowErrors} />
      <table>
        <caption>{t("organisations:members.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("organisations:members.name")}</th>
            <th scope="col">{t("organisations:members.role")}</th>
            <th scope="col">{t("organisations:members.since")}</th>
            {data.isAdmin ? <th scope="col">{t("organisations:members.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {data.members.map((m) => (
            <tr key={m.assignmentId}>
              <td>
                {m.name}
                {m.isMe ? ` ${t("organisations:members.you")}` : ""}
              </td>
              <td>{t(`organisations:roles.${m.role}`)}</td>
              <td>{m.since}</td>
              {data.isAdmin ? (
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="assignmentId" value={m.assignmentId} />
                    <button type="submit" className="secondary">
                      {t("organisations:members.remove", { name: m.name })}
                    </button>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {data.isAdmin ? (
        <>
          <InviteForm lastResult={intent === "invite" ? lastResult : undefined} />
          <section aria-labelledby="open-invitations-heading">
            <h2 id="open-invitations-heading">{t("organisations:members.openInvitations")}</h2>
            {data.invitations.length === 0 ? (
              <p>{t("organisations:members.noInvitations")}</p>
            ) : (
              <ul className="card-list">
                {data.invitations.map((i) => (
                  <li key={i.id}>
                    {t("organisations:members.invitationLine", {
                      to: i.to,
                      role: t(`organisations:roles.${i.role}`),
                      date: i.sent,
                    })}
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="cancelInvitation" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" className="secondary">
                        {t("organisations:members.cancelInvitation", { to: i.to })}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
