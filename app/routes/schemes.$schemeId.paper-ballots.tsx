import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { Field, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canManageScheme } from "~/modules/livelihood/permissions";
import { answerField, PaperBallotSchema, readAnswers } from "~/modules/voting/ballot-schemas";
import {
  countBallots,
  getVotingScheme,
  isUuid,
  listBallotProposals,
} from "~/modules/livelihood/ballot-queries.server";
import { enterPaperBallot, paperEntryOpen } from "~/modules/livelihood/enter-paper-ballot.server";
import { formatVoteTime } from "~/modules/voting/vote-format";
import { yuan } from "~/modules/voting/vote-result";
import votingStyles from "~/styles/voting.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

/** Whoever runs the scheme; everyone else is refused. */
async function requireManager(request: Request, schemeId: string | undefined) {
  const user = await requireUser(request);
  const scheme = isUuid(schemeId) ? await getVotingScheme(schemeId) : null;
  if (!scheme || scheme.status === "draft") throw new Response(null, { status: 404 });
  const roles = await listActiveRoles(user.id);
  if (!canManageScheme(roles, scheme.areaPath).allowed) throw new Response(null, { status: 403 });
  return { user, roles, scheme };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scheme } = await requireManager(request, params.schemeId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const proposals = (await listBallotProposals(scheme.id)).filter((p) => p.status === "eligible");
  return {
    title: `${t("voting:paper.title", { scheme: scheme.title })} · ${t("common:appName")}`,
    locale,
    scheme: {
      id: scheme.id,
      title: scheme.title,
      method: scheme.votingMethod,
      budget: scheme.budgetMinor,
      closesAt: formatVoteTime(scheme.votingClosesAt, locale),
    },
    open:
      scheme.status === "published" &&
      scheme.votingMethod !== "council" &&
      paperEntryOpen(scheme, new Date()),
    counts: await countBallots(scheme.id),
    proposals: proposals.map((p) => ({ id: p.id, number: p.number, title: p.title, cost: p.cost })),
    notice: new URL(request.url).searchParams.get("notice") === "entered",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, scheme } = await requireManager(request, params.schemeId);
  const submission = parseWithZod(formData, { schema: PaperBallotSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await enterPaperBallot({
      actor: user,
      actorRoles: roles,
      schemeId: scheme.id,
      sheet: submission.value.sheet,
      choices: { proposalIds: submission.value.proposalIds, answers: readAnswers(formData) },
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/schemes/${scheme.id}/paper-ballots?notice=entered`);
}

export default function PaperBallots() {
  const { t } = useTranslation();
  const { scheme, open, counts, proposals, notice, locale } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm<z.input<typeof PaperBallotSchema>>({
    id: "paper-ballot",
    lastResult,
    constraint: getZodConstraint(PaperBallotSchema),
    shouldRevalidate: "onBlur",
  });
  return (
    <>
      <p>
        <Link to={`/schemes/${scheme.id}`}>{t("voting:vote.back", { scheme: scheme.title })}</Link>
      </p>
      <h1>{t("voting:paper.title", { scheme: scheme.title })}</h1>
      <p className="lead">{t("voting:paper.lead")}</p>
      {notice ? (
        <p className="notice" role="status">
          {t("voting:paper.entered")}
        </p>
      ) : null}
      <p>{t("voting:paper.counts", { paper: counts.paper, online: counts.online, total: counts.total })}</p>
      {scheme.method === "council" ? (
        <p>
          {t("voting:paper.council")}{" "}
          <Link to={`/schemes/${scheme.id}/council`}>{t("voting:paper.councilLink")}</Link>
        </p>
      ) : !open ? (
        <p>{t("voting:paper.closed")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <CsrfInput />
          <h2>{t("voting:paper.formHeading")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field meta={fields.sheet} label={t("voting:paper.sheet")} hint={t("voting:paper.sheetHint")} />
          {scheme.method === "yes_no" ? (
            <ul className="ballot-list yes-no">
              {proposals.map((p) => (
                <li key={p.id}>
                  <fieldset>
                    <legend>{t("voting:vote.numbered", { number: p.number, title: p.title })}</legend>
                    <div className="choices">
                      {(["yes", "no", "abstain"] as const).map((answer) => (
                        <label key={answer}>
                          <input
                            type="radio"
                            name={answerField(p.id)}
                            value={answer}
                            defaultChecked={answer === "abstain"}
                          />
                          {t(`voting:answers.${answer}`)}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                </li>
              ))}
            </ul>
          ) : (
            <fieldset className="ballot-list">
              <legend>{t("voting:paper.choices")}</legend>
              {proposals.map((p) => (
                <div key={p.id} className="ballot-option">
                  <input type="checkbox" id={`paper-${p.id}`} name="proposalIds" value={p.id} />
                  <label htmlFor={`paper-${p.id}`}>
                    {t("voting:vote.numbered", { number: p.number, title: p.title })} ·{" "}
                    {t("voting:vote.cost", { cost: yuan(p.cost, locale) })}
                  </label>
                </div>
              ))}
            </fieldset>
          )}
          <div className="button-row">
            <button type="submit" className="primary">
              {t("voting:paper.submit")}
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
