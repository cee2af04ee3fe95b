import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { messageKey } from "~/lib/messages";
import { getRequestMeta } from "~/lib/request-meta.server";
import { loadConsultationPage, noticeFrom } from "~/modules/consultations/consultation-page.server";
import {
  assistingGridIds,
  listAssistableResidents,
  listQuestions,
} from "~/modules/consultations/consultation-queries.server";
import { readAnswerForm, type AnswerErrors, type Answers } from "~/modules/consultations/questionnaire";
import { QuestionnaireFields } from "~/components/questionnaire-fields";
import { recordAssistedResponse } from "~/modules/consultations/record-assisted-response.server";
import { AnswerError } from "~/modules/consultations/submit-response.server";
import styles from "~/styles/consultations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const notices = { recorded: "consultations:assisted.notices.recorded" } as const;

/** Grid workers of a grid inside the consultation's area only. */
async function requireGridWorker(request: Request, id: string | undefined) {
  const page = await loadConsultationPage(request, id, { requireLogin: true });
  if (assistingGridIds(page.roles, page.consultation.area.path).length === 0)
    throw new Response(null, { status: 403 });
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await requireGridWorker(request, params.consultationId);
  const [questions, { residents }] = await Promise.all([
    listQuestions(page.consultation.id),
    listAssistableResidents(page.roles, page.consultation),
  ]);
  return {
    title: `${page.t("consultations:assisted.title")} · ${page.consultation.title} · ${page.t("common:appName")}`,
    notice: noticeFrom(request, notices),
    summary: page.summary,
    state: page.state,
    questions,
    residents: residents.map((r) => ({ id: r.userId, name: r.displayName, channel: r.channel })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const page = await requireGridWorker(request, params.consultationId);
  const questions = await listQuestions(page.consultation.id);
  const residentId = String(formData.get("residentId") ?? "");
  const read = readAnswerForm(questions, (name) =>
    formData.getAll(name).filter((v): v is string => typeof v === "string"),
  );
  if (!read.ok)
    return data(
      { answerErrors: read.errors, values: read.values, residentId, pageError: null },
      { status: 400 },
    );
  try {
    await recordAssistedResponse({
      actor: page.user!,
      actorRoles: page.roles,
      consultationId: page.consultation.id,
      residentId,
      answers: read.answers,
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    if (error instanceof AnswerError)
      return data(
        { answerErrors: error.errors, values: read.values, residentId, pageError: null },
        { status: 422 },
      );
    if (!isDomainError(error)) throw error;
    return data(
      {
        answerErrors: {} as AnswerErrors,
        values: read.values,
        residentId,
        pageError: messageKey(error.code, error.params),
      },
      { status: error.status },
    );
  }
  return redirect(`/consultations/${page.consultation.id}/assisted?notice=recorded`);
}

export default function AssistedResponse() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <>
      <h1>{t("consultations:assisted.title")}</h1>
      <p className="lead">
        <Link to={`/consultations/${d.summary.id}`}>{d.summary.title}</Link> · {d.summary.areaName} ·{" "}
        {t(`consultations:states.${d.state}`)}
      </p>
      <p>{t("consultations:assisted.lead")}</p>
      {d.notice ? (
        <p className="notice" role="status">
          {t(d.notice)}
        </p>
      ) : null}
      <FormErrors errors={a?.pageError ? [a.pageError] : null} />
      {d.state !== "open" ? (
        <p>{t(`consultations:respond.closedState.${d.state}`)}</p>
      ) : d.residents.length === 0 ? (
        <p>{t("consultations:assisted.noResidents")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <div className="field">
            <label htmlFor="resident">{t("consultations:assisted.resident")}</label>
            <p id="resident-hint" className="hint">
              {t("consultations:assisted.residentHint")}
            </p>
            <select
              id="resident"
              name="residentId"
              defaultValue={a?.residentId ?? ""}
              aria-describedby="resident-hint"
              required
            >
              <option value="">{t("consultations:assisted.choose")}</option>
              {d.residents.map((r) => (
                <option key={r.id} value={r.id} disabled={r.channel === "web"}>
                  {r.channel === "web"
                    ? t("consultations:assisted.answeredOnline", { name: r.name })
                    : r.channel === "assisted"
                      ? t("consultations:assisted.answeredAssisted", { name: r.name })
                      : r.name}
                </option>
              ))}
            </select>
          </div>
          <QuestionnaireFields
            questions={d.questions}
            values={(a?.values ?? {}) as Answers}
            errors={a?.answerErrors ?? {}}
          />
          <div className="button-row">
            <button type="submit" className="primary">
              {t("consultations:assisted.submit")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
