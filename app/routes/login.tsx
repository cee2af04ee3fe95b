import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { HoneypotField } from "~/components/honeypot-field";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readCookie } from "~/lib/cookies.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { checkHoneypot } from "~/lib/honeypot.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, safeRedirectPath, sessionCookie, sessionCookieName } from "~/modules/accounts/auth.server";
import { logIn } from "~/modules/accounts/log-in.server";
import { loginSchema, passwordFields } from "~/modules/accounts/schemas";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/account");
  if (await getUser(request)) throw redirect(redirectTo);
  const t = await fixedT(await resolveLocale(request));
  return { title: `${t("accounts:login.title")} · ${t("common:appName")}`, redirectTo };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  checkHoneypot(formData);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") return invalidSubmission(submission, { hideFields: passwordFields });
  const meta = getRequestMeta(request, context);
  try {
    const { token, expiresAt } = await logIn({
      ...submission.value,
      ip: meta.ip,
      userAgent: meta.userAgent,
      previousToken: readCookie(request, sessionCookieName()),
    });
    return redirect(safeRedirectPath(submission.value.redirectTo, "/account"), {
      headers: { "Set-Cookie": sessionCookie(token, expiresAt) },
    });
  } catch (error) {
    return refusedSubmission(submission, error, { hideFields: passwordFields });
  }
}

export default function Login() {
  const { t } = useTranslation();
  const { redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(loginSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>{t("accounts:login.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <HoneypotField />
        <input type="hidden" name={fields.redirectTo.name} value={redirectTo} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.identifier}
          label={t("accounts:fields.identifier")}
          hint={t("accounts:fields.identifierHint")}
          autoComplete="username"
        />
        <Field meta={fields.password} type="password" label={t("accounts:fields.password")} autoComplete="current-password" />
        <div>
          <button type="submit" className="primary">
            {t("accounts:login.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("accounts:login.noAccount")} <Link to="/register">{t("accounts:login.registerLink")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
