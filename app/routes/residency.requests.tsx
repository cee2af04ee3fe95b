import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
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
import { FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName, type LocalizedNames } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { decideResidency } from "~/modules/accounts/decide-residency.server";
import { listReviewQueue, residencyStaffRights } from "~/modules/accounts/residency-queries.server";
import { DecideResidencySchema, decisionReasonMax } from "~/modules/accounts/residency-schemas";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { TableRegion } from "~/components/table-region";

const notices = {
  approved: "residency:queue.notices.approved",
  rejected: "residency:queue.notices.rejected",
} as const;

function formatDateTime(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

/** Committee members and grid workers only; everyone else is refused, not shown an empty queue. */
async function requireReviewer(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  if (!residencyStaffRights(roles)) throw new Response(null, { status: 403 });
  return { user, roles };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, roles } = await requireReviewer(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const queue = await listReviewQueue(roles);
  const name = (a: LocalizedNames) => localizedName(a, locale);
  const row = (r: (typeof queue.pending)[number]) => ({
    id: r.id,
    requester: r.requesterName.trim() === "" ? t("accounts:deletedUser") : r.requesterName,
    community: name(r.community),
    grid: r.grid ? name(r.grid) : null,
    message: r.message,
    date: formatDateTime(r.createdAt, locale),
    status: r.status,
    decidedAt: r.decidedAt ? formatDateTime(r.decidedAt, locale) : null,
    reason: r.decisionReason,
  });
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${t("residency:queue.title")} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    pending: queue.pending.map(row),
    recent: queue.recent.map(row),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireReviewer(request);
  const submission = parseWithZod(formData, { schema: DecideResidencySchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const { intent, requestId, reason } = submission.value;
  try {
    await decideResidency({
      actor: user,
      actorRoles: roles,
      requestId,
      decision: intent,
      reason,
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/residency/requests?notice=${intent === "approve" ? "approved" : "rejected"}`);
}

function DecideForm({
  requestId,
  lastResult,
}: {
  requestId: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof DecideResidencySchema>>({
    id: `decide-${requestId}`,
    lastResult,
    constraint: getZodConstraint(DecideResidencySchema),
    // Validated on the server only: which button was pressed (approve or reject) decides whether the
    // reason is required, and client-side validation would not see the pressed button.
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="requestId" value={requestId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label={t("residency:queue.reason")}
        hint={t("residency:queue.reasonHint", { max: decisionReasonMax })}
      />
      <div className="button-row">
        <button type="submit" name="intent" value="approve" className="primary">
          {t("residency:queue.approve")}
        </button>{" "}
        <button type="submit" name="intent" value="reject" className="secondary">
          {t("residency:queue.reject")}
        </button>
      </div>
    </Form>
  );
}

export default function ResidencyRequests() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sentFor = result?.initialValue?.requestId;
  return (
    <>
      <h1>{t("residency:queue.title")}</h1>
      <p className="lead">{t("residency:queue.lead")}</p>
      <p>
        <Link to="/residency/invites">{t("residency:queue.invitesLink")}</Link>
      </p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t("residency:queue.pendingHeading", { count: data.pending.length })}</h2>
        {data.pending.length === 0 ? <p>{t("residency:queue.empty")}</p> : null}
        <ul className="card-list">
          {data.pending.map((r) => (
            <li key={r.id}>
              <h3>{r.requester}</h3>
              <dl>
                <dt>{t("residency:queue.place")}</dt>
                <dd>
                  {r.grid ? `${r.community} · ${r.grid}` : `${r.community} · ${t("residency:queue.noGrid")}`}
                </dd>
                <dt>{t("residency:queue.message")}</dt>
                <dd>{r.message ?? t("residency:queue.noMessage")}</dd>
                <dt>{t("residency:queue.date")}</dt>
                <dd>{r.date}</dd>
              </dl>
              <DecideForm requestId={r.id} lastResult={sentFor === r.id ? result : undefined} />
            </li>
          ))}
        </ul>
        {/* A refusal for a request no longer in the list (decided meanwhile, or not this reviewer's). */}
        {result && typeof sentFor === "string" && !data.pending.some((r) => r.id === sentFor) ? (
          <FormErrors errors={result.error?.[""] ?? null} />
        ) : null}
      </section>
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t("residency:queue.recentHeading")}</h2>
        {data.recent.length === 0 ? (
          <p>{t("residency:queue.recentEmpty")}</p>
        ) : (
          <TableRegion labelledBy="recent-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("residency:queue.person")}</th>
                  <th scope="col">{t("residency:queue.place")}</th>
                  <th scope="col">{t("residency:queue.decision")}</th>
                  <th scope="col">{t("residency:queue.decidedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {data.recent.map((r) => (
                  <tr key={r.id}>
                    <td>{r.requester}</td>
                    <td>{r.grid ? `${r.community} · ${r.grid}` : r.community}</td>
                    <td>
                      {r.status === "approved"
                        ? t("residency:queue.approved")
                        : t("residency:queue.rejected", { reason: r.reason ?? "" })}
                    </td>
                    <td>{r.decidedAt}</td>
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
