import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  latestDeclarationOf,
  loadApplicationForOfficial,
  screeningResult,
} from "~/modules/funding/application-queries.server";
import { reasonMax, ReturnSchema, ScreenSchema } from "~/modules/funding/application-schemas";
import { applicationStatusLabel } from "~/modules/funding/application-status";
import { applicationView, formatInstant } from "~/modules/funding/application-view.server";
import { returnForRework, screenApplication } from "~/modules/funding/screen-application.server";

async function loadOfficial(request: Request, applicationId: string | undefined) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const app = await loadApplicationForOfficial(applicationId ?? "", roles);
  if (!app) throw new Response(null, { status: 404 });
  return { user, roles, app };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, app } = await loadOfficial(request, params.applicationId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const view = await applicationView(app, locale, now);
  const declaration = await latestDeclarationOf(app.organisationId);
  return {
    title: `${t("applications:screen.title")} · ${t("common:appName")}`,
    application: view,
    canScreen:
      ["closed", "in_review"].includes(view.callPhase) &&
      ["submitted", "eligible", "ineligible"].includes(app.status),
    canReturn:
      ["closed", "in_review"].includes(view.callPhase) &&
      ["submitted", "eligible", "ineligible"].includes(app.status) &&
      app.returnedAt === null,
    alreadyReturned: app.returnedAt !== null,
    checklist: await screeningResult(app.id, app.callId),
    en: locale === "en",
    declaration: declaration
      ? {
          declarantName: declaration.declarantName,
          declaredAt: formatInstant(declaration.declaredAt, locale),
          notAbnormal1y: declaration.notAbnormal1y,
          notSeriousViolation2y: declaration.notSeriousViolation2y,
          noMajorViolation3y: declaration.noMajorViolation3y,
          note: declaration.note,
        }
      : null,
    defaultDueAt: toShanghaiLocal(new Date(now.getTime() + 7 * 86_400_000)),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, app } = await loadOfficial(request, params.applicationId);
  const meta = getRequestMeta(request, context);
  const here = `/applications/${app.id}`;
  if (formData.get("intent") === "return") {
    const submission = parseWithZod(formData, { schema: ReturnSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await returnForRework({
        actor: user,
        actorRoles: roles,
        applicationId: app.id,
        ...submission.value,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}/screen`);
  }
  const submission = parseWithZod(formData, { schema: ScreenSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await screenApplication({
      actor: user,
      actorRoles: roles,
      applicationId: app.id,
      checks: submission.value.checks.map((c) => ({
        itemId: c.itemId,
        passed: c.verdict === "pass",
        reason: c.reason,
      })),
      note: submission.value.note,
      meta,
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`${here}/screen`);
}

export default function ScreenApplication() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData?.result;
  const intent = result?.initialValue?.intent;
  const errors = (name: string) => (result?.error?.[name] ?? null) as string[] | null;
  const a = d.application;
  const yesNo = (v: boolean) => (v ? t("applications:screen.yes") : t("applications:screen.no"));
  return (
    <>
      <p>
        <Link to={`/funding/${a.callId}/applications`}>{t("applications:detail.backToCall")}</Link>
      </p>
      <h1>{t("applications:screen.title")}</h1>
      <p className="lead">
        {t("applications:screen.lead", {
          title: a.title || t("applications:untitled"),
          organisation: a.organisationName,
        })}
      </p>
      <dl className="facts">
        <dt>{t("applications:detail.status")}</dt>
        <dd>{t(applicationStatusLabel[a.status])}</dd>
        <dt>{a.callKind === "purchase" ? t("applications:form.bid") : t("applications:form.requested")}</dt>
        <dd>{a.content.requested}</dd>
        <dt>{t("applications:detail.projectTotal")}</dt>
        <dd>{a.content.projectTotal}</dd>
      </dl>
      <p>
        <Link to={`/applications/${a.id}`}>{t("applications:screen.readApplication")}</Link>
      </p>

      <section aria-labelledby="declaration-heading">
        <h2 id="declaration-heading">{t("applications:screen.declarationHeading")}</h2>
        {d.declaration ? (
          <dl className="facts">
            <dt>{t("applications:screen.declarant")}</dt>
            <dd>
              {t("applications:screen.declaredBy", {
                name: d.declaration.declarantName,
                at: d.declaration.declaredAt,
              })}
            </dd>
            <dt>{t("applications:screen.notAbnormal1y")}</dt>
            <dd>{yesNo(d.declaration.notAbnormal1y)}</dd>
            <dt>{t("applications:screen.notSeriousViolation2y")}</dt>
            <dd>{yesNo(d.declaration.notSeriousViolation2y)}</dd>
            <dt>{t("applications:screen.noMajorViolation3y")}</dt>
            <dd>{yesNo(d.declaration.noMajorViolation3y)}</dd>
          </dl>
        ) : (
          <p>{t("applications:screen.noDeclaration")}</p>
        )}
      </section>

      {d.canScreen ? (
        <Form method="post" className="stack">
          <h2>{t("applications:screen.checklistHeading")}</h2>
          <CsrfInput />
          <input type="hidden" name="intent" value="screen" />
          <FormErrors errors={intent === "screen" ? (result?.error?.[""] ?? null) : null} />
          {d.checklist.map((item, i) => (
            <fieldset key={item.id} className="choice-group">
              <legend>{d.en && item.labelEn ? item.labelEn : item.label}</legend>
              <input type="hidden" name={`checks[${i}].itemId`} value={item.id} />
              <label className="choice">
                <input
                  type="radio"
                  name={`checks[${i}].verdict`}
                  value="pass"
                  defaultChecked={item.passed === true}
                />
                {t("applications:screen.pass")}
              </label>
              <label className="choice">
                <input
                  type="radio"
                  name={`checks[${i}].verdict`}
                  value="fail"
                  defaultChecked={item.passed === false}
                />
                {t("applications:screen.fail")}
              </label>
              <ErrorList errors={errors(`checks[${i}].verdict`)} />
              <div className="field">
                <label htmlFor={`check-reason-${i}`}>{t("applications:screen.reasonLabel")}</label>
                <input
                  id={`check-reason-${i}`}
                  name={`checks[${i}].reason`}
                  defaultValue={item.reason ?? ""}
                  maxLength={reasonMax}
                />
                <ErrorList errors={errors(`checks[${i}].reason`)} />
              </div>
            </fieldset>
          ))}
          <div className="field">
            <label htmlFor="screen-note">{t("applications:screen.note")}</label>
            <textarea
              id="screen-note"
              name="note"
              defaultValue={a.screeningNote ?? ""}
              maxLength={reasonMax}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="primary">
              {t("applications:screen.save")}
            </button>
          </div>
        </Form>
      ) : (
        <p>{t("applications:screen.notNow")}</p>
      )}

      {d.canReturn ? (
        <Form method="post" className="stack">
          <h2>{t("applications:screen.returnHeading")}</h2>
          <p className="hint">{t("applications:screen.returnHint")}</p>
          <CsrfInput />
          <input type="hidden" name="intent" value="return" />
          <FormErrors errors={intent === "return" ? (result?.error?.[""] ?? null) : null} />
          <div className="field">
            <label htmlFor="return-reason">{t("applications:screen.returnReason")}</label>
            <textarea id="return-reason" name="reason" required maxLength={reasonMax} />
            <ErrorList errors={intent === "return" ? errors("reason") : null} />
          </div>
          <div className="field">
            <label htmlFor="return-due">{t("applications:screen.returnDue")}</label>
            <input
              id="return-due"
              name="dueAt"
              type="datetime-local"
              required
              defaultValue={d.defaultDueAt}
            />
            <ErrorList errors={intent === "return" ? errors("dueAt") : null} />
          </div>
          <div className="button-row">
            <button type="submit" className="secondary">
              {t("applications:screen.return")}
            </button>
          </div>
        </Form>
      ) : d.alreadyReturned ? (
        <p>{t("applications:screen.alreadyReturned")}</p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
