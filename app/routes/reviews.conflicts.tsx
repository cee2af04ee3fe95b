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
import { ErrorList, Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { isExpertReviewer } from "~/modules/funding/permissions";
import {
  declareConflict,
  listConflicts,
  listDeclarableOrganisations,
} from "~/modules/funding/reviewer-conflicts.server";
import { DeclareConflictSchema } from "~/modules/funding/review-schemas";

async function requireReviewer(request: Request) {
  const user = await requireUser(request);
  if (!isExpertReviewer(await listActiveRoles(user.id))) throw new Response(null, { status: 403 });
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireReviewer(request);
  const t = await fixedT(await resolveLocale(request, user.locale));
  const declared = await listConflicts(user.id);
  const taken = new Set(declared.map((d) => d.organisationId));
  return {
    title: `${t("reviews:conflicts.title")} · ${t("common:appName")}`,
    declared,
    organisations: (await listDeclarableOrganisations()).filter((o) => !taken.has(o.id)),
    notice: new URL(request.url).searchParams.get("notice") === "declared",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireReviewer(request);
  const submission = parseWithZod(formData, { schema: DeclareConflictSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await declareConflict({
      actor: user,
      organisationId: submission.value.organisationId,
      note: submission.value.note ?? "",
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect("/reviews/conflicts?notice=declared");
}

export default function ConflictsPage() {
  const { declared, organisations, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof DeclareConflictSchema>>({
    id: "conflict",
    lastResult: actionData?.result,
    constraint: getZodConstraint(DeclareConflictSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeclareConflictSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="stack">
      <p>
        <Link to="/reviews">{t("reviews:workspace.back")}</Link>
      </p>
      <h1>{t("reviews:conflicts.title")}</h1>
      <p>{t("reviews:conflicts.intro")}</p>
      {notice ? (
        <p role="status" className="notice">
          {t("reviews:conflicts.declaredNotice")}
        </p>
      ) : null}
      {declared.length === 0 ? (
        <p>{t("reviews:conflicts.none")}</p>
      ) : (
        <table>
          <caption>{t("reviews:conflicts.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reviews:organisation")}</th>
              <th scope="col">{t("reviews:conflicts.note")}</th>
              <th scope="col">{t("reviews:conflicts.declaredAt")}</th>
            </tr>
          </thead>
          <tbody>
            {declared.map((d) => (
              <tr key={d.organisationId}>
                <td>{d.name}</td>
                <td>{d.note}</td>
                <td>{toShanghaiLocal(new Date(d.declaredAt)).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" {...getFormProps(form)} className="stack">
        <h2>{t("reviews:conflicts.addHeading")}</h2>
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="field">
          <label htmlFor={fields.organisationId.id}>{t("reviews:organisation")}</label>
          <select id={fields.organisationId.id} name={fields.organisationId.name} required>
            <option value="">{t("reviews:conflicts.pick")}</option>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <ErrorList id={fields.organisationId.errorId} errors={fields.organisationId.errors} />
        </div>
        <Field
          meta={fields.note}
          label={t("reviews:conflicts.note")}
          hint={t("reviews:conflicts.noteHint")}
        />
        <p className="hint">{t("reviews:conflicts.permanent")}</p>
        <div className="button-row">
          <button type="submit" className="primary">
            {t("reviews:conflicts.declareButton")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
