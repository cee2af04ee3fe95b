import { getFormProps, getInputProps, useForm } from "@conform-to/react";
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
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { recordDeclaration } from "~/modules/funding/organisation-declarations.server";
import {
  listDeclarations,
  loadVisibleOrganisationOr404,
} from "~/modules/funding/organisation-queries.server";
import { DeclarationSchema, noteMax } from "~/modules/funding/organisation-schemas";

const items = ["notAbnormal1y", "notSeriousViolation2y", "noMajorViolation3y"] as const;

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const { org, viewer } = await loadVisibleOrganisationOr404(params.organisationId ?? "", roles);
  if (!viewer.isAdmin) throw new Response(null, { status: 403 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  return {
    title: `${t("organisations:declarations.title")} · ${org.name} · ${t("common:appName")}`,
    org: { id: org.id, name: org.name },
    declarantName: user.displayName,
    history: (await listDeclarations(org.id)).map((d) => ({
      id: d.id,
      declarantName: d.declarantName,
      declaredAt: formatDate(d.declaredAt, locale),
      notAbnormal1y: d.notAbnormal1y,
      notSeriousViolation2y: d.notSeriousViolation2y,
      noMajorViolation3y: d.noMajorViolation3y,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const organisationId = params.organisationId ?? "";
  const submission = parseWithZod(formData, { schema: DeclarationSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await recordDeclaration({
      actor: user,
      actorRoles: roles,
      organisationId,
      ...submission.value,
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/organisations/${organisationId}?notice=declared`);
}

export default function OrganisationDeclarations() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm<z.input<typeof DeclarationSchema>, z.output<typeof DeclarationSchema>>({
    id: "declaration",
    lastResult,
    constraint: getZodConstraint(DeclarationSchema),
    defaultValue: { declarantName: data.declarantName },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeclarationSchema }),
    shouldRevalidate: "onBlur",
  });
  const answer = (ok: boolean) =>
    ok ? t("organisations:declarations.affirmed") : t("organisations:declarations.notAffirmed");
  return (
    <>
      <h1>{t("organisations:declarations.title")}</h1>
      <p className="lead">
        <Link to={`/organisations/${data.org.id}`}>{data.org.name}</Link>
      </p>
      <p>{t("organisations:declarations.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset>
          <legend>{t("organisations:declarations.legend")}</legend>
          {items.map((item) => (
            <div className="field" key={item}>
              <label>
                <input
                  {...getInputProps(fields[item], { type: "checkbox", value: "on" })}
                  id={undefined}
                  key={fields[item].key}
                />{" "}
                {t(`organisations:declarations.items.${item}`)}
              </label>
              <ErrorList id={fields[item].errorId} errors={fields[item].errors} />
            </div>
          ))}
          <p className="hint">{t("organisations:declarations.uncheckedMeans")}</p>
        </fieldset>
        <Field
          meta={fields.declarantName}
          label={t("organisations:declarations.declarantName")}
          hint={t("organisations:declarations.declarantHint")}
          autoComplete="name"
        />
        <TextareaField
          meta={fields.note}
          label={t("organisations:declarations.note")}
          hint={t("organisations:declarations.noteHint", { max: noteMax })}
        />
        <div className="button-row">
          <button type="submit" className="primary">
            {t("organisations:declarations.submit")}
          </button>
        </div>
      </Form>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("organisations:declarations.history")}</h2>
        {data.history.length === 0 ? (
          <p>{t("organisations:declarations.none")}</p>
        ) : (
          <table>
            <caption>{t("organisations:declarations.historyCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("organisations:declarations.declaredAt")}</th>
                <th scope="col">{t("organisations:declarations.declarantName")}</th>
                {items.map((item) => (
                  <th scope="col" key={item}>
                    {t(`organisations:declarations.short.${item}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.history.map((d) => (
                <tr key={d.id}>
                  <td>{d.declaredAt}</td>
                  <td>{d.declarantName}</td>
                  {items.map((item) => (
                    <td key={item}>{answer(d[item])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
