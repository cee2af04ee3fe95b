import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { HoneypotField } from "~/components/honeypot-field";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { checkHoneypot } from "~/lib/honeypot.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireAnonymous, sessionCookie } from "~/modules/accounts/auth.server";
import { registerAccount } from "~/modules/accounts/register.server";
import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, passwordFields, registerSchema } from "~/modules/accounts/schemas";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const t = await fixedT(await resolveLocale(request));
  return { title: `${t("accounts:register.title")} · ${t("common:appName")}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  checkHoneypot(formData);
  await requireAnonymous(request);
  const submission = parseWithZod(formData, { schema: registerSchema });
  if (submission.status !== "success") return invalidSubmission(submission, { hideFields: passwordFields });
  const meta = getRequestMeta(request, context);
  try {
    const { token, expiresAt } = await registerAccount({
      ...submission.value,
      locale: await resolveLocale(request),
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    return redirect("/account", { headers: { "Set-Cookie": sessionCookie(token, expiresAt) } });
  } catch (error) {
    return refusedSubmission(submission, error, { hideFields: passwordFields });
  }
}

export default function Register() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(registerSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registerSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>{t("accounts:register.title")}</h1>
      <p className="lead">{t("accounts:register.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <HoneypotField />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.identifier}
          label={t("accounts:fields.identifier")}
          hint={t("accounts:fields.identifierHint")}
          autoComplete="username"
        />
        <Field
          meta={fields.password}
          type="password"
          label={t("accounts:fields.password")}
          hint={t("accounts:fields.newPasswordHint", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          autoComplete="new-password"
        />
        <Field
          meta={fields.displayName}
          label={t("accounts:fields.displayName")}
          hint={t("accounts:fields.displayNameHint", { max: DISPLAY_NAME_MAX })}
          autoComplete="nickname"
        />
        <div>
          <button type="submit" className="primary">
            {t("accounts:register.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("accounts:register.haveAccount")} <Link to="/login">{t("accounts:register.loginLink")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
