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
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { startApplication } from "~/modules/funding/application-drafts.server";
import { listOrganisationsByIds, loadCallRules } from "~/modules/funding/application-queries.server";
import { StartApplicationSchema } from "~/modules/funding/application-schemas";
import { callTitle, formatInstant } from "~/modules/funding/application-view.server";
import { callPhase, isCallVisible } from "~/modules/funding/call-phase";
import { memberOrganisationIds } from "~/modules/funding/permissions";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = new Date();
  const call = await loadCallRules(params.callId ?? "");
  if (!call || !isCallVisible(call, now)) throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const roles = await listActiveRoles(user.id);
  const orgs = await listOrganisationsByIds(memberOrganisationIds(roles));
  const phase = callPhase(call, now);
  return {
    title: `${t("applications:apply.title")} · ${t("common:appName")}`,
    call: { id: call.id, title: callTitle(call, locale), closesAt: formatInstant(call.closesAt, locale) },
    accepting: phase === "scheduled" || phase === "open",
    organisations: orgs.map((o) => ({ id: o.id, name: o.name, verified: o.status === "verified" })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const submission = parseWithZod(formData, { schema: StartApplicationSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    const { id, status } = await startApplication({
      actor: user,
      actorRoles: await listActiveRoles(user.id),
      callId: params.callId ?? "",
      organisationId: submission.value.organisationId,
    });
    // Already applied: an open draft goes to the form, anything else to its page.
    return redirect(status === "draft" ? `/applications/${id}/edit` : `/applications/${id}`);
  } catch (error) {
    return refusedSubmission(submission, error);
  }
}

export default function ApplyToCall() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const verified = d.organisations.filter((o) => o.verified);
  return (
    <>
      <p>
        <Link to={`/funding/${d.call.id}`}>{t("applications:apply.back", { title: d.call.title })}</Link>
      </p>
      <h1>{t("applications:apply.title")}</h1>
      <p className="lead">
        {t("applications:apply.lead", { title: d.call.title, closesAt: d.call.closesAt })}
      </p>
      <p>{t("applications:apply.eligibility")}</p>
      {!d.accepting ? (
        <div className="form-error" role="alert">
          <p>{t("applications:apply.closed", { closesAt: d.call.closesAt })}</p>
        </div>
      ) : verified.length === 0 ? (
        <>
          {d.organisations.length > 0 ? <p>{t("applications:apply.notVerified")}</p> : null}
          <p>
            <Link to="/organisations/new">{t("applications:apply.register")}</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="stack">
          <CsrfInput />
          <FormErrors
            errors={actionData?.result?.error?.[""] ?? actionData?.result?.error?.organisationId ?? null}
          />
          <fieldset className="choice-group">
            <legend>{t("applications:apply.organisation")}</legend>
            {verified.map((o, i) => (
              <label key={o.id} className="choice">
                <input type="radio" name="organisationId" value={o.id} defaultChecked={i === 0} />
                {o.name}
              </label>
            ))}
          </fieldset>
          <div className="button-row">
            <button type="submit" className="primary">
              {t("applications:apply.start")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
