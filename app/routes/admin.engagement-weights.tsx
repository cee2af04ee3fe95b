import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { Field, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { componentDefinitions, componentKeys } from "~/modules/metrics/components";
import { getActiveWeights } from "~/modules/metrics/queries.server";
import { saveWeights } from "~/modules/metrics/save-weights.server";
import { canSetWeights, weightsFormSchema } from "~/modules/metrics/weights";

/** Only a platform administrator or a city official sets the index weights (403 for anyone else). */
async function requireWeightsEditor(request: Request) {
  const user = await requireUser(request);
  if (!canSetWeights(await listActiveRoles(user.id)).allowed) throw new Response(null, { status: 403 });
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireWeightsEditor(request);
  const t = await fixedT(await resolveLocale(request, user.locale));
  const active = await getActiveWeights();
  const saved = Number(new URL(request.url).searchParams.get("saved"));
  return {
    title: `${t("metrics:weightsAdmin.title")} · ${t("common:appName")}`,
    active,
    saved: Number.isInteger(saved) && saved > 0 ? saved : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireWeightsEditor(request);
  const submission = parseWithZod(formData, { schema: weightsFormSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const { note, ...weights } = submission.value;
  try {
    const { version } = await saveWeights({
      actor: { id: user.id },
      weights,
      note: note ?? null,
      meta: getRequestMeta(request, context),
    });
    return redirect(`/admin/engagement-weights?saved=${version}`);
  } catch (error) {
    return refusedSubmission(submission, error);
  }
}

export default function EngagementWeights() {
  const { t } = useTranslation();
  const { active, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { ...active.weights, note: "" },
    constraint: getZodConstraint(weightsFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: weightsFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  // The running total: what the fields hold now (updated as one types when scripts run; without them,
  // the total of the values last shown, which the server checks again anyway).
  const total = componentKeys.reduce((sum, key) => {
    const value = Number(fields[key].value ?? fields[key].initialValue ?? 0);
    return sum + (Number.isFinite(value) ? value : 0);
  }, 0);
  return (
    <>
      <h1>{t("metrics:weightsAdmin.title")}</h1>
      <p className="lead">{t("metrics:weightsAdmin.lead")}</p>
      <p>
        {t("metrics:weightsAdmin.activeVersion", { version: active.version })}{" "}
        <Link to="/engagement/methodology#method-history">{t("metrics:weightsAdmin.historyLink")}</Link>
      </p>
      {saved ? (
        <p className="notice" role="status">
          {t("metrics:weightsAdmin.saved", { version: saved })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="weights-grid">
          {componentDefinitions.map((d) => (
            <Field key={d.key} meta={fields[d.key]} type="number" inputMode="numeric" label={t(d.nameKey)} />
          ))}
        </div>
        <p className={total === 100 ? "weights-total" : "weights-total off"}>
          <output htmlFor={componentKeys.map((k) => fields[k].id).join(" ")} aria-live="polite">
            {t("metrics:weightsAdmin.total", { total })}
          </output>
        </p>
        <TextareaField
          meta={fields.note}
          label={t("metrics:weightsAdmin.note")}
          hint={t("metrics:weightsAdmin.noteHint")}
        />
        <div>
          <button type="submit" className="primary">
            {t("metrics:weightsAdmin.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
