import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallForm, callFormValues } from "~/components/call-form";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { isRubricFrozen } from "~/modules/funding/call-phase";
import {
  callAreaChoices,
  callRubric,
  callTargetAreas,
  loadCallForManagement,
} from "~/modules/funding/call-queries.server";
import {
  EditCallSchema,
  EditFrozenCallSchema,
  RemoveDocumentSchema,
  UploadDocumentsSchema,
} from "~/modules/funding/call-schemas";
import { addCallDocuments, removeCallDocument, updateCall } from "~/modules/funding/update-call.server";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";

/** The call for an official who runs it; anything else is a 404 or 403 page. */
async function requireManager(request: Request, callId: string) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  try {
    const found = await loadCallForManagement(callId, roles);
    return { user, roles, ...found };
  } catch (error) {
    if (isDomainError(error)) throw new Response(null, { status: error.status });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, call, areaPath } = await requireManager(request, params.callId ?? "");
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  if (call.status === "cancelled" || call.status === "awarded") throw new Response(null, { status: 409 });
  const frozen = isRubricFrozen(call, new Date());
  const [rubric, targets, documents, choices] = await Promise.all([
    callRubric(call.id),
    callTargetAreas(call.id),
    listAttachments("funding_call", call.id),
    callAreaChoices([areaPath]),
  ]);
  return {
    title: `${t("calls:edit.title")} · ${t("common:appName")}`,
    callId: call.id,
    callTitle: call.title,
    frozen,
    defaultValue: callFormValues(
      call,
      rubric.criteria,
      rubric.checklist,
      targets.map((a) => a.id),
    ),
    targetAreaOptions: choices.map((a) => ({
      value: String(a.id),
      label: `${localizedName(a, locale)} · ${t(`calls:levels.${a.level}`)}`,
    })),
    documents: documents.map((d) => ({ id: d.id, fileName: d.fileName })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const callId = params.callId ?? "";
  const { user, roles, call } = await requireManager(request, callId);
  const meta = getRequestMeta(request, context);
  const intent = formData.get("intent");
  if (intent === "documents") {
    const submission = parseWithZod(formData, { schema: UploadDocumentsSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await addCallDocuments({
        actor: user,
        actorRoles: roles,
        callId,
        files: chosenFiles(formData.getAll("files")),
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`/funding/${callId}/edit?notice=documents`);
  }
  if (intent === "removeDocument") {
    const submission = parseWithZod(formData, { schema: RemoveDocumentSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await removeCallDocument({
        actor: user,
        actorRoles: roles,
        callId,
        attachmentId: submission.value.attachmentId,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`/funding/${callId}/edit?notice=documents`);
  }
  if (isRubricFrozen(call, new Date())) {
    const submission = parseWithZod(formData, { schema: EditFrozenCallSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await updateCall({
        actor: user,
        actorRoles: roles,
        callId,
        full: false,
        fields: submission.value.fields,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`/funding/${callId}?notice=updated`);
  }
  const submission = parseWithZod(formData, { schema: EditCallSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await updateCall({
      actor: user,
      actorRoles: roles,
      callId,
      full: true,
      fields: submission.value.fields,
      meta,
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/funding/${callId}?notice=updated`);
}

type Result = SubmissionResult<string[]> | undefined;

function DocumentsForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form] = useForm({
    id: "call-documents",
    lastResult: lastResult?.initialValue?.intent === "documents" ? lastResult : undefined,
  });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="documents" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="field">
        <label htmlFor="call-files">{t("calls:edit.files")}</label>
        <p id="call-files-hint" className="hint">
          {t("calls:edit.filesHint")}
        </p>
        <input
          id="call-files"
          type="file"
          name="files"
          multiple
          aria-describedby="call-files-hint"
          accept=".pdf,image/*"
        />
      </div>
      <button type="submit" className="secondary">
        {t("calls:edit.upload")}
      </button>
    </Form>
  );
}

export default function EditCall() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result as Result;
  const saveResult = result?.initialValue?.intent === "save" ? result : undefined;
  return (
    <>
      <p>
        <Link to={`/funding/${data.callId}`}>{t("calls:edit.back")}</Link>
      </p>
      <h1>{t("calls:edit.title")}</h1>
      <p className="lead">{data.callTitle}</p>
      <CallForm
        mode={data.frozen ? "frozen" : "full"}
        defaultValue={data.defaultValue}
        lastResult={saveResult}
        targetAreaOptions={data.targetAreaOptions}
        submitLabel={t("calls:edit.submit")}
      />
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t("calls:page.documents")}</h2>
        {data.documents.length === 0 ? <p>{t("calls:page.noDocuments")}</p> : null}
        <ul>
          {data.documents.map((d) => (
            <li key={d.id}>
              <a href={`/attachments/${d.id}`}>{d.fileName}</a>{" "}
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="removeDocument" />
                <input type="hidden" name="attachmentId" value={d.id} />
                <button
                  type="submit"
                  className="secondary"
                  aria-label={t("calls:edit.removeNamed", { name: d.fileName })}
                >
                  {t("calls:edit.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <DocumentsForm lastResult={result} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
