import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { canManageArea, isResidentWithin } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { cancelRegistration } from "~/modules/meetings/cancel-registration.server";
import { cancelMeeting } from "~/modules/meetings/cancel-meeting.server";
import { checkIn } from "~/modules/meetings/check-in.server";
import { formatCheckInCode } from "~/modules/meetings/check-in-code";
import { checkInCodeFor } from "~/modules/meetings/check-in-code.server";
import {
  countCheckedIn,
  countRegistrations,
  getMeeting,
  getMyRegistration,
  listMotions,
} from "~/modules/meetings/meeting-queries.server";
import {
  CancelMeetingSchema,
  cancelReasonMax,
  CheckInSchema,
  checkInOpensBeforeMs,
  MeetingPageSchema,
  MinutesSchema,
  minutesMax,
  MotionSchema,
} from "~/modules/meetings/meeting-schemas";
import { publishMinutes } from "~/modules/meetings/publish-minutes.server";
import { recordMotion } from "~/modules/meetings/record-motion.server";
import { registerForMeeting } from "~/modules/meetings/register-for-meeting.server";
import stylesheet from "~/styles/meetings.css";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const notices = {
  created: "meetings:page.notices.created",
  registered: "meetings:page.notices.registered",
  waitlisted: "meetings:page.notices.waitlisted",
  cancelled: "meetings:page.notices.cancelled",
  checkedIn: "meetings:page.notices.checkedIn",
  motion: "meetings:page.notices.motion",
  minutes: "meetings:page.notices.minutes",
  meetingCancelled: "meetings:page.notices.meetingCancelled",
} as const;

function formatDateTime(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

async function loadMeeting(meetingId: string | undefined) {
  const found = await getMeeting(meetingId ?? "");
  if (!found) throw new Response(null, { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { meeting, area } = await loadMeeting(params.meetingId);
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const roles = user ? await listActiveRoles(user.id) : [];
  const isManager = canManageArea(roles, area.path).allowed;
  const now = new Date();
  const counts = await countRegistrations(meeting.id);
  const mine = user ? await getMyRegistration(meeting.id, user.id) : null;
  const active = mine && mine.status !== "cancelled" ? mine : null;
  const code = active ? formatCheckInCode(await checkInCodeFor(active.id)) : null;
  const open = meeting.status !== "cancelled" && now < meeting.startsAt;
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${meeting.title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    meeting: {
      id: meeting.id,
      title: meeting.title,
      place: meeting.place,
      status: meeting.status,
      cancelReason: meeting.status === "cancelled" ? meeting.cancelReason : null,
      startsAt: formatDateTime(meeting.startsAt, locale),
      endsAt: formatDateTime(meeting.endsAt, locale),
      capacity: meeting.capacity,
      councilSize: meeting.councilSize,
      minutes: meeting.minutesPublishedAt ? meeting.minutes : null,
      minutesPublishedAt: meeting.minutesPublishedAt
        ? formatDateTime(meeting.minutesPublishedAt, locale)
        : null,
      consultationId: meeting.consultationId,
      matterId: meeting.matterId,
    },
    area: { code: area.code, name: localizedName(area, locale) },
    registered: counts.registered,
    waitlisted: counts.waitlisted,
    remaining: Math.max(0, meeting.capacity - counts.registered),
    signedIn: Boolean(user),
    mine: active
      ? { status: active.status, position: active.position, code, checkedIn: Boolean(active.checkedInAt) }
      : null,
    canRegister: Boolean(user) && open && !active && isResidentWithin(roles, area.path),
    canCancel: Boolean(active) && !active?.checkedInAt && now < meeting.endsAt,
    registrationOpen: open,
    manager: isManager
      ? {
          checkedIn: await countCheckedIn(meeting.id),
          checkInOpen:
            meeting.status !== "cancelled" &&
            now.getTime() >= meeting.startsAt.getTime() - checkInOpensBeforeMs &&
            now < meeting.endsAt,
          canRecordMotion:
            meeting.status !== "cancelled" &&
            now.getTime() >= meeting.startsAt.getTime() - checkInOpensBeforeMs,
          minutesOpen: meeting.status !== "cancelled" && now >= meeting.endsAt,
          minutesDraft: meeting.minutes ?? "",
          canCancelMeeting: meeting.status === "scheduled" && now < meeting.endsAt,
        }
      : null,
    motions: (await listMotions(meeting.id)).map((m) => ({
      id: m.id,
      motion: m.motion,
      members: m.members,
      present: m.present,
      yes: m.yes,
      no: m.no,
      abstain: m.abstain,
      passed: m.passed,
      quorate: m.quorate,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const { meeting } = await loadMeeting(params.meetingId);
  const roles = await listActiveRoles(user.id);
  const submission = parseWithZod(formData, { schema: MeetingPageSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const value = submission.value;
  const base = `/meetings/${meeting.id}`;
  const meta = getRequestMeta(request, context);
  try {
    switch (value.intent) {
      case "register": {
        const { status } = await registerForMeeting({
          actor: user,
          actorRoles: roles,
          meetingId: meeting.id,
        });
        return redirect(`${base}?notice=${status === "registered" ? "registered" : "waitlisted"}`);
      }
      case "cancel":
        await cancelRegistration({ actor: user, meetingId: meeting.id });
        return redirect(`${base}?notice=cancelled`);
      case "checkIn":
        await checkIn({ actor: user, actorRoles: roles, meetingId: meeting.id, code: value.code, meta });
        return redirect(`${base}?notice=checkedIn#check-in-heading`);
      case "motion":
        await recordMotion({ actor: user, actorRoles: roles, meetingId: meeting.id, ...value, meta });
        return redirect(`${base}?notice=motion#motions-heading`);
      case "minutes":
        await publishMinutes({
          actor: user,
          actorRoles: roles,
          meetingId: meeting.id,
          minutes: value.minutes,
          meta,
        });
        return redirect(`${base}?notice=minutes#minutes-heading`);
      case "cancelMeeting": {
        await cancelMeeting({
          actor: user,
          actorRoles: roles,
          meetingId: meeting.id,
          reason: value.reason,
          meta,
        });
        return redirect(`${base}?notice=meetingCancelled`);
      }
    }
  } catch (error) {
    return refusedSubmission(submission, error);
  }
}

type Result = SubmissionResult<string[]> | undefined;

function resultFor(result: Result, intent: string): Result {
  return result?.initialValue?.intent === intent ? result : undefined;
}

function SimpleIntentForm({
  intent,
  label,
  result,
}: {
  intent: "register" | "cancel";
  label: string;
  result: Result;
}) {
  return (
    <Form method="post" className="stack">
      <CsrfInput />
      <FormErrors errors={result?.error?.[""] ?? null} />
      <div className="button-row">
        <button
          type="submit"
          name="intent"
          value={intent}
          className={intent === "register" ? "primary" : "secondary"}
        >
          {label}
        </button>
      </div>
    </Form>
  );
}

function CheckInForm({ result }: { result: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof CheckInSchema>>({
    id: "check-in",
    lastResult: result,
    constraint: getZodConstraint(CheckInSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="checkIn" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        meta={fields.code}
        label={t("meetings:page.checkIn.code")}
        hint={t("meetings:page.checkIn.codeHint")}
        autoComplete="off"
      />
      <div className="button-row">
        <button type="submit" className="primary">
          {t("meetings:page.checkIn.submit")}
        </button>
      </div>
    </Form>
  );
}

function MotionForm({ result, councilSize }: { result: Result; councilSize: number | null }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof MotionSchema>>({
    id: "motion",
    lastResult: result,
    constraint: getZodConstraint(MotionSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="motion" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField meta={fields.motion} label={t("meetings:page.motions.motion")} />
      <Field
        meta={fields.members}
        type="number"
        inputMode="numeric"
        label={t("meetings:page.motions.members")}
        hint={
          councilSize
            ? t("meetings:page.motions.membersDefault", { count: councilSize })
            : t("meetings:page.motions.membersRequired")
        }
      />
      <Field
        meta={fields.present}
        type="number"
        inputMode="numeric"
        label={t("meetings:page.motions.present")}
      />
      <Field meta={fields.yes} type="number" inputMode="numeric" label={t("meetings:page.motions.yes")} />
      <Field meta={fields.no} type="number" inputMode="numeric" label={t("meetings:page.motions.no")} />
      <Field
        meta={fields.abstain}
        type="number"
        inputMode="numeric"
        label={t("meetings:page.motions.abstain")}
      />
      <p className="hint">{t("meetings:page.motions.rule")}</p>
      <div className="button-row">
        <button type="submit" className="primary">
          {t("meetings:page.motions.submit")}
        </button>
      </div>
    </Form>
  );
}

function MinutesForm({ result, draft }: { result: Result; draft: string }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof MinutesSchema>>({
    id: "minutes",
    lastResult: result,
    constraint: getZodConstraint(MinutesSchema),
    defaultValue: { minutes: draft },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="minutes" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.minutes}
        label={t("meetings:page.minutes.text")}
        hint={t("meetings:page.minutes.hint", { max: minutesMax })}
      />
      <div className="button-row">
        <button type="submit" className="primary">
          {t("meetings:page.minutes.submit")}
        </button>
      </div>
    </Form>
  );
}

function CancelMeetingForm({ result }: { result: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof CancelMeetingSchema>>({
    id: "cancel-meeting",
    lastResult: result,
    constraint: getZodConstraint(CancelMeetingSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="cancelMeeting" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label={t("meetings:page.cancelMeeting.reason")}
        hint={t("meetings:page.cancelMeeting.hint", { max: cancelReasonMax })}
      />
      <div className="button-row">
        <button type="submit" className="secondary">
          {t("meetings:page.cancelMeeting.submit")}
        </button>
      </div>
    </Form>
  );
}

export default function MeetingPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const { meeting, mine, manager } = data;
  return (
    <>
      <h1>{meeting.title}</h1>
      <p className="lead">
        {meeting.consultationId ? (
          <Link to={`/consultations/${meeting.consultationId}`}>{t("meetings:page.forConsultation")}</Link>
        ) : meeting.matterId ? (
          <Link to={`/matters/${meeting.matterId}`}>{t("meetings:page.forMatter")}</Link>
        ) : null}{" "}
        ·{" "}
        <Link to={`/decisions/${data.area.code}`}>
          {t("meetings:page.decisionsLink", { area: data.area.name })}
        </Link>
      </p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      {meeting.status === "cancelled" ? (
        <p className="notice">
          {meeting.cancelReason
            ? t("meetings:page.cancelledMeetingReason", { reason: meeting.cancelReason })
            : t("meetings:page.cancelledMeeting")}
        </p>
      ) : null}
      <dl className="meeting-facts">
        <dt>{t("meetings:page.when")}</dt>
        <dd>{t("meetings:page.whenValue", { start: meeting.startsAt, end: meeting.endsAt })}</dd>
        <dt>{t("meetings:page.where")}</dt>
        <dd>{meeting.place}</dd>
        <dt>{t("meetings:page.area")}</dt>
        <dd>{data.area.name}</dd>
        <dt>{t("meetings:page.places")}</dt>
        <dd>
          {t("meetings:page.placesValue", {
            capacity: meeting.capacity,
            registered: data.registered,
            remaining: data.remaining,
          })}
          {data.waitlisted > 0 ? ` ${t("meetings:page.waitlistValue", { count: data.waitlisted })}` : null}
        </dd>
      </dl>

      <section aria-labelledby="registration-heading">
        <h2 id="registration-heading">{t("meetings:page.registration.heading")}</h2>
        {mine ? (
          <>
            <p>
              {mine.status === "registered"
                ? t("meetings:page.registration.youAreRegistered")
                : t("meetings:page.registration.youAreWaitlisted", { position: mine.position ?? 0 })}
            </p>
            {mine.checkedIn ? (
              <p>{t("meetings:page.registration.checkedIn")}</p>
            ) : (
              <>
                <p>{t("meetings:page.registration.codeIntro")}</p>
                <p className="check-in-code" aria-label={t("meetings:page.registration.codeLabel")}>
                  {mine.code}
                </p>
                {mine.status === "waitlisted" ? (
                  <p className="hint">{t("meetings:page.registration.codeWaitlisted")}</p>
                ) : null}
              </>
            )}
            {data.canCancel ? (
              <SimpleIntentForm
                intent="cancel"
                label={
                  mine.status === "registered"
                    ? t("meetings:page.registration.cancel")
                    : t("meetings:page.registration.leaveWaitlist")
                }
                result={resultFor(result, "cancel")}
              />
            ) : null}
          </>
        ) : data.canRegister ? (
          <>
            <p>
              {data.remaining > 0
                ? t("meetings:page.registration.placesLeft", { count: data.remaining })
                : t("meetings:page.registration.full")}
            </p>
            <SimpleIntentForm
              intent="register"
              label={
                data.remaining > 0
                  ? t("meetings:page.registration.register")
                  : t("meetings:page.registration.joinWaitlist")
              }
              result={resultFor(result, "register")}
            />
          </>
        ) : !data.registrationOpen ? (
          <p>{t("meetings:page.registration.closed")}</p>
        ) : !data.signedIn ? (
          <p>
            <Link to={`/login?redirectTo=/meetings/${meeting.id}`}>
              {t("meetings:page.registration.logIn")}
            </Link>
          </p>
        ) : (
          <p>{t("meetings:page.registration.residentsOnly")}</p>
        )}
      </section>

      {manager ? (
        <p>
          <Link
            to={
              meeting.consultationId
                ? `/outcomes/new?consultation=${meeting.consultationId}`
                : `/outcomes/new?matter=${meeting.matterId ?? ""}`
            }
          >
            {t("meetings:page.publishOutcome")}
          </Link>
        </p>
      ) : null}
      {manager ? (
        <section aria-labelledby="check-in-heading" className="organiser-panel">
          <h2 id="check-in-heading">{t("meetings:page.checkIn.heading")}</h2>
          <p>
            {t("meetings:page.checkIn.attendance", {
              checkedIn: manager.checkedIn,
              registered: data.registered,
            })}
          </p>
          {manager.checkInOpen ? (
            <CheckInForm result={resultFor(result, "checkIn")} />
          ) : (
            <p>{t("meetings:page.checkIn.closed")}</p>
          )}
        </section>
      ) : null}
      {manager?.canCancelMeeting ? (
        <section aria-labelledby="cancel-meeting-heading" className="organiser-panel">
          <h2 id="cancel-meeting-heading">{t("meetings:page.cancelMeeting.heading")}</h2>
          <p>{t("meetings:page.cancelMeeting.lead")}</p>
          <CancelMeetingForm result={resultFor(result, "cancelMeeting")} />
        </section>
      ) : null}

      <section aria-labelledby="motions-heading">
        <h2 id="motions-heading">{t("meetings:page.motions.heading")}</h2>
        {data.motions.length === 0 ? (
          <p>{t("meetings:page.motions.empty")}</p>
        ) : (
          <TableRegion labelledBy="motions-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("meetings:page.motions.motion")}</th>
                  <th scope="col">{t("meetings:page.motions.attendance")}</th>
                  <th scope="col">{t("meetings:page.motions.votes")}</th>
                  <th scope="col">{t("meetings:page.motions.result")}</th>
                </tr>
              </thead>
              <tbody>
                {data.motions.map((m) => (
                  <tr key={m.id}>
                    <td>{m.motion}</td>
                    <td>
                      {t("meetings:page.motions.attendanceValue", { present: m.present, members: m.members })}
                    </td>
                    <td>
                      {t("meetings:page.motions.votesValue", { yes: m.yes, no: m.no, abstain: m.abstain })}
                    </td>
                    <td>
                      {!m.quorate
                        ? t("meetings:page.motions.noQuorum")
                        : m.passed
                          ? t("meetings:page.motions.passed")
                          : t("meetings:page.motions.rejected")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
        {manager?.canRecordMotion ? (
          <details>
            <summary>{t("meetings:page.motions.record")}</summary>
            <MotionForm result={resultFor(result, "motion")} councilSize={meeting.councilSize} />
          </details>
        ) : null}
      </section>

      <section aria-labelledby="minutes-heading">
        <h2 id="minutes-heading">{t("meetings:page.minutes.heading")}</h2>
        {meeting.minutes ? (
          <>
            <p className="hint">
              {t("meetings:page.minutes.publishedAt", { date: meeting.minutesPublishedAt ?? "" })}
            </p>
            <div className="minutes-text">{meeting.minutes}</div>
          </>
        ) : (
          <p>{t("meetings:page.minutes.none")}</p>
        )}
        {manager?.minutesOpen ? (
          <MinutesForm result={resultFor(result, "minutes")} draft={manager.minutesDraft} />
        ) : null}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
