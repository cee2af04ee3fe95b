import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
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
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canManageReviewerPool } from "~/modules/funding/permissions";
import {
  addReviewer,
  listReviewerPool,
  poolAreasOf,
  removeReviewer,
} from "~/modules/funding/reviewer-pool.server";
import { AddReviewerSchema, RemoveReviewerSchema } from "~/modules/funding/review-schemas";

const notices = { added: "reviews:pool.notices.added", removed: "reviews:pool.notices.removed" } as const;

async function requirePoolOfficial(request: Request) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  if (!canManageReviewerPool(roles).allowed || poolAreasOf(roles).length === 0)
    throw new Response(null, { status: 403 });
  return { user, roles };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, roles } = await requirePoolOfficial(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  const names = (r: { areaNameZhCn: string; areaNameZhHk: string; areaNameEn: string }) =>
    localizedName({ nameZhCn: r.areaNameZhCn, nameZhHk: r.areaNameZhHk, nameEn: r.areaNameEn }, locale);
  return {
    title: `${t("reviews:pool.title")} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    areas: poolAreasOf(roles).map((r) => ({ id: r.areaId, name: names(r) })),
    reviewers: (await listReviewerPool(roles)).map((r) => ({
      assignmentId: r.assignmentId,
      displayName: r.displayName,
      contact: r.contact,
      area: names(r),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles } = await requirePoolOfficial(request);
  const meta = getRequestMeta(request, context);
  const intent = formData.get("intent");
  if (intent === "add") {
    const submission = parseWithZod(formData, { schema: AddReviewerSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await addReviewer({
        actor: user,
        actorRoles: roles,
        identifier: submission.value.identifier,
        areaId: submission.value.area,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect("/reviewers?notice=added");
  }
  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: RemoveReviewerSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await removeReviewer({
        actor: user,
        actorRoles: roles,
        assignmentId: submission.value.assignmentId,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect("/reviewers?notice=removed");
  }
  throw new Response(null, { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;

export default function ReviewerPoolPage() {
  const { reviewers, areas, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result?: Result } | undefined;
  const { t } = useTranslation();
  const addResult = actionData?.result?.initialValue?.intent === "add" ? actionData.result : undefined;
  const removeErrors =
    actionData?.result?.initialValue?.intent === "remove" ? (actionData.result.error?.[""] ?? null) : null;
  const [form, fields] = useForm<z.input<typeof AddReviewerSchema>>({
    id: "add-reviewer",
    lastResult: addResult,
    constraint: getZodConstraint(AddReviewerSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddReviewerSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="stack">
      <h1>{t("reviews:pool.title")}</h1>
      <p>{t("reviews:pool.intro")}</p>
      {notice ? (
        <p role="status" className="notice">
          {t(notice)}
        </p>
      ) : null}
      <FormErrors errors={removeErrors} />
      {reviewers.length === 0 ? (
        <p>{t("reviews:pool.empty")}</p>
      ) : (
        <table>
          <caption>{t("reviews:pool.caption", { count: reviewers.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reviews:pool.name")}</th>
              <th scope="col">{t("reviews:pool.contact")}</th>
              <th scope="col">{t("reviews:pool.area")}</th>
              <th scope="col">{t("reviews:pool.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {reviewers.map((r) => (
              <tr key={r.assignmentId}>
                <td>{r.displayName}</td>
                <td>{r.contact}</td>
                <td>{r.area}</td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="assignmentId" value={r.assignmentId} />
                    <button
                      type="submit"
                      name="intent"
                      value="remove"
                      className="secondary"
                      aria-label={t("reviews:pool.removeNamed", { name: r.displayName })}
                    >
                      {t("reviews:pool.remove")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form method="post" {...getFormProps(form)} className="stack">
        <h2>{t("reviews:pool.addHeading")}</h2>
        <CsrfInput />
        <input type="hidden" name="intent" value="add" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.identifier}
          label={t("reviews:pool.identifier")}
          hint={t("reviews:pool.identifierHint")}
          autoComplete="off"
        />
        {areas.length > 1 ? (
          <div className="field">
            <label htmlFor={fields.area.id}>{t("reviews:pool.area")}</label>
            <select id={fields.area.id} name={fields.area.name}>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            <ErrorList id={fields.area.errorId} errors={fields.area.errors} />
          </div>
        ) : null}
        <div className="button-row">
          <button type="submit" className="primary">
            {t("reviews:pool.addButton")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
