import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
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
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { canManageArea } from "~/modules/accounts/permissions";
import { listActiveRoles, type ActiveRole } from "~/modules/accounts/role-queries.server";
import {
  canEditCalendar,
  listCalendarDays,
  removeCalendarDay,
  setCalendarDay,
} from "~/modules/matters/calendar.server";
import {
  CalendarDaySchema,
  calendarNameMax,
  maxResponseDays,
  minResponseDays,
  RemoveCalendarDaySchema,
  ResponseDaysSchema,
} from "~/modules/matters/matter-schemas";
import {
  listResponseSettings,
  responseDaysFor,
  setResponseDays,
} from "~/modules/matters/response-settings.server";
import { addDays, shanghaiDay } from "~/modules/matters/working-days";
import mattersStyles from "~/styles/matters.css";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mattersStyles }];

const notices = {
  days: "matters:settings.notices.days",
  calendar: "matters:settings.notices.calendar",
  removed: "matters:settings.notices.removed",
} as const;

/** The areas the person acts for (committee community, official's street/district/city). */
function managedAreas(roles: ActiveRole[]) {
  const seen = new Set<number>();
  return roles.filter((r) => {
    if (r.areaLevel === "grid" || !canManageArea([r], r.areaPath).allowed || seen.has(r.areaId)) return false;
    seen.add(r.areaId);
    return true;
  });
}

async function requireSettingsRights(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const areas = managedAreas(roles);
  const calendar = canEditCalendar(roles);
  if (areas.length === 0 && !calendar) throw new Response(null, { status: 403 });
  return { user, roles, areas, calendar };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, areas, calendar } = await requireSettingsRights(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const own = await listResponseSettings(areas.map((a) => a.areaId));
  const noticeKey = new URL(request.url).searchParams.get("notice");
  const fromDay = addDays(shanghaiDay(new Date()), -31);
  return {
    title: `${t("matters:settings.title")} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    areas: await Promise.all(
      areas.map(async (a) => ({
        code: a.areaCode,
        name: localizedName(
          { nameZhCn: a.areaNameZhCn, nameZhHk: a.areaNameZhHk, nameEn: a.areaNameEn },
          locale,
        ),
        own: own.get(a.areaId) ?? null,
        effective: (await responseDaysFor(a.areaPath)).days,
      })),
    ),
    calendar,
    days: calendar ? await listCalendarDays(fromDay) : [],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requireSettingsRights(request);
  const meta = getRequestMeta(request, context);
  const intent = formData.get("intent");
  if (intent === "responseDays") {
    const submission = parseWithZod(formData, { schema: ResponseDaysSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await setResponseDays({
        actor: user,
        actorRoles: roles,
        areaCode: submission.value.area,
        days: submission.value.days,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect("/matters/settings?notice=days");
  }
  if (intent === "calendarDay") {
    const submission = parseWithZod(formData, { schema: CalendarDaySchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await setCalendarDay({
        actor: user,
        actorRoles: roles,
        day: submission.value.day,
        isWorkday: submission.value.kind === "workday",
        name: submission.value.name,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect("/matters/settings?notice=calendar");
  }
  if (intent === "removeCalendarDay") {
    const submission = parseWithZod(formData, { schema: RemoveCalendarDaySchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await removeCalendarDay({ actor: user, actorRoles: roles, day: submission.value.day, meta });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect("/matters/settings?notice=removed");
  }
  throw new Response(null, { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;

function DaysForm({
  area,
  lastResult,
}: {
  area: { code: string; name: string; own: number | null; effective: number };
  lastResult: Result;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof ResponseDaysSchema>>({
    id: `days-${area.code}`,
    lastResult,
    constraint: getZodConstraint(ResponseDaysSchema),
    defaultValue: { days: String(area.effective) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResponseDaysSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="responseDays" />
      <input type="hidden" name="area" value={area.code} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        meta={fields.days}
        type="number"
        inputMode="numeric"
        label={t("matters:settings.daysLabel", { area: area.name })}
        hint={
          area.own === null
            ? t("matters:settings.inherited", {
                days: area.effective,
                min: minResponseDays,
                max: maxResponseDays,
              })
            : t("matters:settings.ownSetting", { min: minResponseDays, max: maxResponseDays })
        }
      />
      <button type="submit" className="secondary">
        {t("matters:settings.save")}
      </button>
    </Form>
  );
}

function CalendarForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof CalendarDaySchema>>({
    id: "calendar-day",
    lastResult,
    constraint: getZodConstraint(CalendarDaySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CalendarDaySchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="calendarDay" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field meta={fields.day} type="date" label={t("matters:settings.day")} />
      <fieldset className="choice-group" aria-describedby={fields.kind.errorId}>
        <legend>{t("matters:settings.dayKind")}</legend>
        <label className="choice">
          <input
            {...getInputProps(fields.kind, { type: "radio", value: "holiday" })}
            id={`${fields.kind.id}-holiday`}
            key={`${fields.kind.key}-h`}
          />
          {t("matters:settings.holiday")}
        </label>
        <label className="choice">
          <input
            {...getInputProps(fields.kind, { type: "radio", value: "workday" })}
            id={`${fields.kind.id}-workday`}
            key={`${fields.kind.key}-w`}
          />
          {t("matters:settings.workday")}
        </label>
        <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      </fieldset>
      <Field
        meta={fields.name}
        label={t("matters:settings.dayName")}
        hint={t("matters:settings.dayNameHint", { max: calendarNameMax })}
      />
      <div className="button-row">
        <button type="submit" className="primary">
          {t("matters:settings.addDay")}
        </button>
      </div>
    </Form>
  );
}

export default function MatterSettings() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result as Result;
  const intent = result?.initialValue?.intent;
  return (
    <>
      <h1>{t("matters:settings.title")}</h1>
      <p className="lead">{t("matters:settings.lead")}</p>
      <p>
        <Link to="/matters?queue=1">{t("matters:settings.queueLink")}</Link>
      </p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      {data.areas.length > 0 ? (
        <section aria-labelledby="days-heading">
          <h2 id="days-heading">{t("matters:settings.daysHeading")}</h2>
          <p>{t("matters:settings.daysExplain")}</p>
          {data.areas.map((a) => (
            <DaysForm
              key={a.code}
              area={a}
              lastResult={
                intent === "responseDays" && result?.initialValue?.area === a.code ? result : undefined
              }
            />
          ))}
        </section>
      ) : null}
      {data.calendar ? (
        <section aria-labelledby="calendar-heading">
          <h2 id="calendar-heading">{t("matters:settings.calendarHeading")}</h2>
          <p>{t("matters:settings.calendarExplain")}</p>
          {data.days.length === 0 ? (
            <p>{t("matters:settings.noDays")}</p>
          ) : (
            <TableRegion labelledBy="calendar-heading">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("matters:settings.day")}</th>
                    <th scope="col">{t("matters:settings.dayKind")}</th>
                    <th scope="col">{t("matters:settings.dayName")}</th>
                    <th scope="col">{t("matters:settings.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.days.map((d) => (
                    <tr key={d.day}>
                      <td>{d.day}</td>
                      <td>{d.isWorkday ? t("matters:settings.workday") : t("matters:settings.holiday")}</td>
                      <td>{d.name}</td>
                      <td>
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="removeCalendarDay" />
                          <input type="hidden" name="day" value={d.day} />
                          <button type="submit" className="link-button">
                            {t("matters:settings.remove", { day: d.day })}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          {intent === "removeCalendarDay" ? <FormErrors errors={result?.error?.[""] ?? null} /> : null}
          <h3>{t("matters:settings.addHeading")}</h3>
          <CalendarForm lastResult={intent === "calendarDay" ? result : undefined} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
