import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { cancelScheme } from "~/modules/livelihood/cancel-scheme.server";
import { canManageScheme } from "~/modules/livelihood/permissions";
import { publishScheme } from "~/modules/livelihood/publish-scheme.server";
import { SchemeForm, schemeFormValues } from "~/components/scheme-form";
import { schemePhase } from "~/modules/livelihood/scheme-phase";
import { getScheme } from "~/modules/livelihood/scheme-queries.server";
import {
  CancelSchemeSchema,
  EditDraftSchemeSchema,
  EditPublishedSchemeSchema,
  PublishSchemeSchema,
  reasonMax,
} from "~/modules/livelihood/scheme-schemas";
import { updateScheme } from "~/modules/livelihood/update-scheme.server";
import schemesStyles from "~/styles/schemes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: schemesStyles }];

/** Only those who run the scheme; anyone else gets 403, a missing scheme 404. */
async function requireManager(request: Request, schemeId: string | undefined) {
  const user = await requireUser(request);
  const found = await getScheme(schemeId ?? "");
  if (!found) throw new Response(null, { status: 404 });
  const roles = await listActiveRoles(user.id);
  if (!canManageScheme(roles, found.area.path).allowed) throw new Response(null, { status: 403 });
  return { user, roles, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scheme, area } = await requireManager(request, params.schemeId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const phase = schemePhase(scheme, new Date());
  return {
    title: `${t("schemes:edit.title")} · ${scheme.title} · ${t("common:appName")}`,
    scheme: { id: scheme.id, title: scheme.title, status: scheme.status, cancelReason: scheme.cancelReason },
    areaName: localizedName(area, locale),
    phase,
    canCancel: scheme.status !== "cancelled" && !scheme.confirmedAt,
    defaultValue: schemeFormValues(scheme),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, scheme } = await requireManager(request, params.schemeId);
  const base = {
    actor: user,
    actorRoles: roles,
    schemeId: scheme.id,
    meta: getRequestMeta(request, context),
  };
  const intent = formData.get("intent");
  if (intent === "publish") {
    const submission = parseWithZod(formData, { schema: PublishSchemeSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await publishScheme(base);
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`/schemes/${scheme.id}?notice=published`);
  }
  if (intent === "cancel") {
    const submission = parseWithZod(formData, { schema: CancelSchemeSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await cancelScheme({ ...base, reason: submission.value.reason });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`/schemes/${scheme.id}?notice=cancelled`);
  }
  if (scheme.status === "draft") {
    const submission = parseWithZod(formData, { schema: EditDraftSchemeSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await updateScheme({ ...base, changes: submission.value.fields });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`/schemes/${scheme.id}?notice=updated`);
  }
  const submission = parseWithZod(formData, { schema: EditPublishedSchemeSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const v = submission.value;
  try {
    await updateScheme({
      ...base,
      changes: {
        title: v.title,
        description: v.description ?? "",
        exclusions: v.exclusions ?? "",
        votingClosesAt: v.votingClosesAt,
        noticeDays: v.noticeDays,
      },
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/schemes/${scheme.id}?notice=updated`);
}

type Result = SubmissionResult<string[]> | undefined;

function PublishForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: "publish-scheme", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <p>{t("schemes:edit.publishLead")}</p>
      <div className="button-row">
        <button type="submit" name="intent" value="publish" className="primary">
          {t("schemes:edit.publish")}
        </button>
      </div>
    </Form>
  );
}

function CancelForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<{ intent: string; reason: string }>({ id: "cancel-scheme", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label={t("schemes:edit.cancelReason")}
        hint={t("schemes:edit.cancelReasonHint", { max: reasonMax })}
      />
      <div className="button-row">
        <button type="submit" name="intent" value="cancel" className="secondary">
          {t("schemes:edit.cancel")}
        </button>
      </div>
    </Form>
  );
}

export default function EditScheme() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const intent = result?.initialValue?.intent;
  const { scheme } = data;
  return (
    <>
      <p>
        <Link to={`/schemes/${scheme.id}`}>{t("schemes:edit.back")}</Link>
      </p>
      <h1>{t("schemes:edit.title")}</h1>
      <p className="lead">
        {scheme.title} · {data.areaName} · <span className="badge">{t(`schemes:phase.${data.phase}`)}</span>
      </p>
      {scheme.status === "cancelled" ? (
        <p className="notice">{t("schemes:edit.cancelledLead", { reason: scheme.cancelReason ?? "" })}</p>
      ) : (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading">{t("schemes:edit.settingsHeading")}</h2>
          {scheme.status === "published" ? <p className="notice">{t("schemes:edit.publishedLead")}</p> : null}
          <SchemeForm
            mode={scheme.status === "draft" ? "draft" : "published"}
            defaultValue={data.defaultValue}
            lastResult={intent === "save" ? result : undefined}
            submitLabel={t("schemes:edit.save")}
          />
        </section>
      )}
      {scheme.status === "draft" ? (
        <section aria-labelledby="publish-heading">
          <h2 id="publish-heading">{t("schemes:edit.publishHeading")}</h2>
          <PublishForm lastResult={intent === "publish" ? result : undefined} />
        </section>
      ) : null}
      {data.canCancel ? (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("schemes:edit.cancelHeading")}</h2>
          <p>{t("schemes:edit.cancelLead")}</p>
          <CancelForm lastResult={intent === "cancel" ? result : undefined} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
