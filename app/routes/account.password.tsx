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
import { requireUser, sessionCookie } from "~/modules/accounts/auth.server";
import { changePassword, currentPasswordWrong } from "~/modules/accounts/change-password.server";
import { changePasswordSchema, PASSWORD_MAX, PASSWORD_MIN, passwordFields } from "~/modules/accounts/schemas";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await fixedT(await resolveLocale(request, user.locale));
  return {
    title: `${t("accounts:password.title")} · ${t("common:appName")}`,
    username: user.phone ?? user.email ?? "",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const submission = parseWithZod(formData, { schema: changePasswordSchema });
  if (submission.status !== "success") return invalidSubmission(submission, { hideFields: passwordFields });
  const meta = getRequestMeta(request, context);
  try {
    const { token, expiresAt } = await changePassword({ ...submission.value, userId: user.id, ...meta });
    return redirect("/account?notice=passwordChanged", { headers: { "Set-Cookie": sessionCookie(token, expiresAt) } });
  } catch (error) {
    if (isDomainError(error) && error.code === currentPasswordWrong) {
      return data(
        { result: submission.reply({ fieldErrors: { currentPassword: [error.code] }, hideFields: passwordFields }) },
        { status: error.status },
      );
    }
    return refusedSubmission(submission, error, { hideFields: passwordFields });
  }
}

export default function ChangePassword() {
  const { t } = useTranslation();
  const { username } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(changePasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <p>
        <Link to="/account">{t("accounts:account.backLink")}</Link>
      </p>
      <h1>{t("accounts:password.title")}</h1>
      <p>{t("accounts:password.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        {/* Lets password managers file the new password under the right account; never shown or used. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.currentPassword}
          type="password"
          label={t("accounts:fields.currentPassword")}
          autoComplete="current-password"
        />
        <Field
          meta={fields.newPassword}
          type="password"
          label={t("accounts:fields.newPassword")}
          hint={t("accounts:fields.newPasswordHint", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          autoComplete="new-password"
        />
        <Field
          meta={fields.confirmPassword}
          type="password"
          label={t("accounts:fields.confirmPassword")}
          autoComplete="new-password"
        />
        <div>
          <button type="submit" className="primary">
            {t("accounts:password.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
