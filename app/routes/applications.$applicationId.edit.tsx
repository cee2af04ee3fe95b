import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApplicationForm } from "~/components/application-form";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { formatFen } from "~/lib/money";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { editRefusal, saveDraft } from "~/modules/funding/application-drafts.server";
import { isApplicationIncomplete } from "~/modules/funding/application-errors";
import { listCallProjects, loadApplicationForOrg } from "~/modules/funding/application-queries.server";
import { ApplicationFormSchema } from "~/modules/funding/application-schemas";
import { callTitle, formatInstant, formValuesOf } from "~/modules/funding/application-view.server";
import { submitApplication } from "~/modules/funding/submit-application.server";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";

const hidden = { hideFields: ["files", "csrf"] };

async function loadOwn(request: Request, applicationId: string | undefined) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const app = await loadApplicationForOrg(applicationId ?? "", roles);
  if (!app) throw new Response(null, { status: 404 });
  return { user, roles, app };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, app } = await loadOwn(request, params.applicationId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const refusal = editRefusal(app, app.call, now);
  return {
    title: `${t("applications:edit.title")} · ${t("common:appName")}`,
    application: {
      id: app.id,
      title: app.title,
      status: app.status,
      callTitle: callTitle(app.call, locale),
      callKind: app.call.kind,
      deadline: formatInstant(
        app.status === "returned" && app.reworkDueAt ? app.reworkDueAt : app.call.closesAt,
        locale,
      ),
      returnReason: app.returnReason,
    },
    editable: refusal === null,
    capText: formatFen(app.call.perProjectCapMinor, locale),
    sharePercent: app.call.maxGrantSharePercent,
    projects: await listCallProjects(app.callId),
    attachments: (await listAttachments("funding_application", app.id)).map((a) => ({
      id: a.id,
      fileName: a.fileName,
    })),
    defaultValue: formValuesOf(app),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, app } = await loadOwn(request, params.applicationId);
  const submission = parseWithZod(formData, { schema: ApplicationFormSchema });
  if (submission.status !== "success") return invalidSubmission(submission, hidden);
  const { intent, ...content } = submission.value;
  try {
    await saveDraft({
      actor: user,
      actorRoles: roles,
      applicationId: app.id,
      content,
      files: chosenFiles(formData.getAll("files")),
    });
    if (intent === "submit") {
      const locale = await resolveLocale(request, user.locale);
      await submitApplication({ actor: user, actorRoles: roles, applicationId: app.id, locale });
      return redirect(`/applications/${app.id}?notice=submitted`);
    }
  } catch (error) {
    // Saved, but not submittable yet: every missing field and broken budget rule at once.
    if (isApplicationIncomplete(error))
      return data({ result: submission.reply({ formErrors: error.messages, ...hidden }) }, { status: 422 });
    return refusedSubmission(submission, error, hidden);
  }
  return redirect(`/applications/${app.id}?notice=saved`);
}

export default function EditApplication() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const a = d.application;
  return (
    <>
      <p>
        <Link to={`/applications/${a.id}`}>{t("applications:edit.back")}</Link>
      </p>
      <h1>{t("applications:edit.title")}</h1>
      <p className="lead">{t("applications:edit.lead", { call: a.callTitle, deadline: a.deadline })}</p>
      {a.status === "returned" && a.returnReason ? (
        <p className="callout">{t("applications:edit.returned", { reason: a.returnReason })}</p>
      ) : null}
      {d.editable ? (
        <ApplicationForm
          applicationId={a.id}
          callKind={a.callKind}
          capText={d.capText}
          sharePercent={d.sharePercent}
          projects={d.projects}
          attachments={d.attachments}
          defaultValue={d.defaultValue}
          lastResult={actionData?.result}
        />
      ) : (
        <div className="form-error" role="alert">
          <p>{t("applications:edit.locked")}</p>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
