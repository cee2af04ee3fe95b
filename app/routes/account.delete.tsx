import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { clearSessionCookie, getUser, requireUser } from "~/modules/accounts/auth.server";
import { deleteAccount, passwordWrong } from "~/modules/accounts/delete-account.server";
import { deleteAccountSchema, passwordFields } from "~/modules/accounts/schemas";

const DONE = "/account/delete?done=1";

export async function loader({ request }: LoaderFunctionArgs) {
  const done = new URL(request.url).searchParams.has("done");
  // After deletion the person is signed out: this page then only confirms that it happened.
  const user = done ? await getUser(request) : await requireUser(request);
  const t = await fixedT(await resolveLocale(request, user?.locale));
  const heading = done && !user ? t("accounts:delete.doneTitle") : t("accounts:delete.title");
  return { title: `${heading} · ${t("common:appName")}`, done: done && !user };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const submission = parseWithZod(formData, { schema: deleteAccountSchema });
  if (submission.status !== "success") return invalidSubmission(submission, { hideFields: passwordFields });
  try {
    await deleteAccount({ userId: user.id, password: submission.value.password, meta: getRequestMeta(request, context) });
    return redirect(DONE, { headers: { "Set-Cookie": clearSessionCookie() } });
  } catch (error) {
    if (isDomainError(error) && error.code === passwordWrong) {
      return data(
        { result: submission.reply({ fieldErrors: { password: [error.code] }, hideFields: passwordFields }) },
        { status: error.status },
      );
    }
    return refusedSubmission(submission, error, { hideFields: passwordFields });
  }
}

function Done() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("accounts:delete.doneTitle")}</h1>
      <p className="notice" role="status">
        {t("accounts:delete.doneBody")}
      </p>
      <p>
        <Link to="/">{t("accounts:delete.homeLink")}</Link>
      </p>
    </>
  );
}

export default function DeleteAccount() {
  const { t } = useTranslation();
  const { done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(deleteAccountSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deleteAccountSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  if (done) return <Done />;
  return (
    <>
      <p>
        <Link to="/account">{t("accounts:account.backLink")}</Link>
      </p>
      <h1>{t("accounts:delete.title")}</h1>
      <p>{t("accounts:delete.lead")}</p>
      <ul>
        <li>{t("accounts:delete.consequencePersonal")}</li>
        <li>{t("accounts:delete.consequenceRoles")}</li>
        <li>{t("accounts:delete.consequenceParticipation")}</li>
        <li>{t("accounts:delete.consequenceFinal")}</li>
      </ul>
      <p>
        {t("accounts:delete.exportFirst")}{" "}
        <a href="/account/export" download="kapok-my-data.json">
          {t("accounts:account.exportLink")}
        </a>
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.password}
          type="password"
          label={t("accounts:delete.passwordLabel")}
          autoComplete="current-password"
        />
        <div>
          <button type="submit" className="primary">
            {t("accounts:delete.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
