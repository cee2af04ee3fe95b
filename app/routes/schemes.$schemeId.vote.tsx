import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { cookieName, readCookie, serializeCookie } from "~/lib/cookies.server";
import { readForm } from "~/lib/csrf.server";
import { DomainError, isDomainError } from "~/lib/errors";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { keepsLoaders, loadersUnchanged } from "~/lib/revalidation";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { canParticipate } from "~/modules/livelihood/permissions";
import { schemePhase } from "~/modules/livelihood/scheme-phase";
import {
  answerField,
  CastBallotSchema,
  readAnswers,
  type YesNoAnswer,
} from "~/modules/voting/ballot-schemas";
import {
  findBallot,
  findRollEntry,
  getBallotContext,
  type BallotChoices,
} from "~/modules/livelihood/ballot-queries.server";
import { castBallot } from "~/modules/livelihood/cast-ballot.server";
import { localizeTimeParams, formatVoteTime } from "~/modules/voting/vote-format";
import { yuan } from "~/modules/voting/vote-result";
import { ballotKey, formatReceiptCode, voterToken } from "~/modules/voting/voter-token.server";
import votingStyles from "~/styles/voting.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

/**
 * Without JavaScript the receipt code travels from the action to the confirmation page in a short-lived
 * cookie, once. With JavaScript it comes back in the action's answer (see `enhancedField`).
 */
const receiptCookie = () => cookieName("kapok_receipt");

/**
 * Set by the page once hydrated, so the action knows the form was sent by script (single fetch) and can
 * answer with the receipt instead of redirecting: the page then shows it without re-running any loader.
 * A plain form post (no JavaScript) does not carry it and is redirected to the confirmation page.
 */
const enhancedField = "enhanced";

/**
 * The ballot schema with conform's form-value coercion, made once: `parseWithZod` would otherwise
 * rebuild the coercing copy of the schema on every post (casting is a vote's hot path).
 */
const castBallotForm = coerceFormValue(CastBallotSchema);

/** The scheme, the proposals on its ballot and the person's roles, in one round trip; 404 for drafts. */
async function loadBallot(schemeId: string | undefined, userId: string | null) {
  const ballot = await getBallotContext(schemeId, userId);
  if (!ballot || ballot.scheme.status === "draft") throw new Response(null, { status: 404 });
  return ballot;
}

type Choices = { proposalIds: string[]; answers: Record<string, YesNoAnswer> };

function shownChoices(choices: BallotChoices): Choices {
  return choices.kind === "select"
    ? { proposalIds: choices.proposalIds, answers: {} }
    : { proposalIds: [], answers: choices.answers };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { scheme, onBallot, voterRoles } = await loadBallot(params.schemeId, user?.id ?? null);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const phase = schemePhase(scheme, now);
  const proposals = onBallot.filter((p) => p.status === "eligible");
  const resident = user ? canParticipate(voterRoles, scheme.areaPath).allowed : false;

  let current: Choices | null = null;
  let voted = false;
  if (user && resident) {
    const [ballot, roll] = await Promise.all([
      findBallot(scheme.id, voterToken(await ballotKey(), scheme.id, user.id)),
      findRollEntry(scheme.id, user.id),
    ]);
    voted = ballot !== null || roll !== null;
    if (ballot) current = shownChoices(ballot.choices);
  }

  const url = new URL(request.url);
  const justCast = url.searchParams.get("cast") === "1";
  const headers = new Headers();
  let receipt: string | null = null;
  const flash = readCookie(request, receiptCookie());
  if (flash) {
    const [forScheme, code] = flash.split(":");
    if (justCast && forScheme === scheme.id && code) receipt = formatReceiptCode(code);
    headers.append("Set-Cookie", serializeCookie(receiptCookie(), "", { maxAgeSeconds: 0 }));
  }

  const state: "open" | "anonymous" | "notResident" | "council" | "notYet" | "closed" | "cancelled" =
    scheme.status === "cancelled"
      ? "cancelled"
      : scheme.votingMethod === "council"
        ? "council"
        : phase === "voting"
          ? !user
            ? "anonymous"
            : resident
              ? "open"
              : "notResident"
          : phase === "upcoming" || phase === "collecting" || phase === "deliberating"
            ? "notYet"
            : "closed";

  return data(
    {
      title: `${t("voting:vote.title", { scheme: scheme.title })} · ${t("common:appName")}`,
      scheme: {
        id: scheme.id,
        title: scheme.title,
        method: scheme.votingMethod,
        budget: scheme.budgetMinor,
        maxChoices: scheme.maxChoices,
        opensAt: formatVoteTime(scheme.votingOpensAt, locale),
        closesAt: formatVoteTime(scheme.votingClosesAt, locale),
      },
      locale,
      state,
      loginHref: `/login?${new URLSearchParams({ redirectTo: `/schemes/${scheme.id}/vote` })}`,
      proposals: proposals.map((p) => ({
        id: p.id,
        number: p.number,
        title: p.title,
        category: p.category,
        cost: p.cost,
      })),
      current,
      voted,
      justCast: justCast && voted,
      receipt,
    },
    { headers },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

/**
 * Checking the total changes nothing, and a ballot cast with JavaScript comes back with its receipt in
 * the action's answer (marked `loadersUnchanged`, which the root honours too): no loader runs again.
 * Without JavaScript, casting redirects to the confirmation page, which loads as any page does.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  actionResult,
  formData,
  defaultShouldRevalidate,
}) => {
  if (keepsLoaders(actionResult)) return false;
  if (formData?.get("intent") === "check") return false;
  return defaultShouldRevalidate;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  // Casting is the hot path of a vote: one read for everything it checks, passed on to castBallot.
  const ballot = await loadBallot(params.schemeId, user.id);
  const { scheme } = ballot;
  const submission = parseWithZod(formData, { schema: castBallotForm, disableAutoCoercion: true });
  if (submission.status !== "success") return invalidSubmission(submission);
  const { intent, proposalIds } = submission.value;
  const answers = readAnswers(formData);
  if (intent === "check") {
    // "Check total" without JavaScript: the server adds up the ticked proposals; nothing is stored.
    const costs = new Map(ballot.onBallot.map((p) => [p.id, p.cost]));
    const total = proposalIds.reduce((sum, id) => sum + (costs.get(id) ?? 0), 0);
    return data({
      result: submission.reply(),
      checked: { proposalIds, answers, total },
      ...loadersUnchanged,
    });
  }
  try {
    const { receiptCode, choices } = await castBallot({
      voter: user,
      voterRoles: ballot.voterRoles,
      schemeId: scheme.id,
      choices: { proposalIds, answers },
      loaded: ballot,
    });
    if (formData.get(enhancedField) === "1") {
      return data({
        result: submission.reply(),
        cast: { receipt: formatReceiptCode(receiptCode), choices: shownChoices(choices) },
        ...loadersUnchanged,
      });
    }
    return redirect(`/schemes/${scheme.id}/vote?cast=1`, {
      headers: {
        "Set-Cookie": serializeCookie(receiptCookie(), `${scheme.id}:${receiptCode}`, { maxAgeSeconds: 300 }),
      },
    });
  } catch (error) {
    const shown = isDomainError(error)
      ? new DomainError(
          error.code,
          error.status,
          // Only a refusal needs the person's language (to write the opening or closing time).
          localizeTimeParams(error.params, await resolveLocale(request, user.locale)),
        )
      : error;
    const refused = refusedSubmission(submission, shown);
    return data(
      { ...refused.data, checked: { proposalIds, answers, total: null } },
      { status: refused.init?.status ?? 409 },
    );
  }
}

/** What the person had ticked when the action answered (kept on a refusal or a "check total"). */
type Checked = { proposalIds: string[]; answers: Record<string, YesNoAnswer>; total: number | null };

/** A ballot just cast with JavaScript: the action's answer, shown without reloading the page's data. */
type Cast = { receipt: string; choices: Choices };

function BallotForm({ voted }: { voted: boolean }) {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && "result" in actionData ? actionData.result : undefined;
  const checked = (actionData as { checked?: Checked } | undefined)?.checked;
  const { scheme, proposals, locale } = loaded;
  // Rendered only once hydrated: a post without JavaScript never carries it (see `enhancedField`).
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const initial = checked?.proposalIds ?? loaded.current?.proposalIds ?? [];
  const initialAnswers: Record<string, string> = checked?.answers ?? loaded.current?.answers ?? {};
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial));
  const [form] = useForm({ id: "ballot", lastResult: result });
  const costOf = new Map(proposals.map((p) => [p.id, p.cost]));
  const total = [...chosen].reduce((sum, id) => sum + (costOf.get(id) ?? 0), 0);
  const over = scheme.method === "budget" && total > scheme.budget;
  const k = scheme.maxChoices ?? proposals.length;
  const toggle = (id: string, on: boolean) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  if (proposals.length === 0) return <p>{t("voting:vote.noProposals")}</p>;
  return (
    <Form method="post" {...getFormProps(form)} className="ballot" aria-labelledby="ballot-heading">
      <CsrfInput />
      {enhanced ? <input type="hidden" name={enhancedField} value="1" /> : null}
      <h2 id="ballot-heading">{voted ? t("voting:vote.changeHeading") : t("voting:vote.ballotHeading")}</h2>
      <p>
        {scheme.method === "budget"
          ? scheme.maxChoices
            ? t("voting:vote.budgetHintMax", { budget: yuan(scheme.budget, locale), max: scheme.maxChoices })
            : t("voting:vote.budgetHint", { budget: yuan(scheme.budget, locale) })
          : scheme.method === "approval"
            ? t("voting:vote.approvalHint", { k })
            : t("voting:vote.yesNoHint")}
      </p>
      <FormErrors id={form.errorId} errors={form.errors} />
      {scheme.method === "yes_no" ? (
        <ul className="ballot-list yes-no">
          {proposals.map((p) => (
            <li key={p.id}>
              <fieldset>
                <legend>{t("voting:vote.numbered", { number: p.number, title: p.title })}</legend>
                <p className="ballot-meta">
                  {t(`schemes:categories.${p.category}`)} ·{" "}
                  {t("voting:vote.cost", { cost: yuan(p.cost, locale) })} ·{" "}
                  <Link to={`/proposals/${p.id}`}>{t("voting:vote.details")}</Link>
                </p>
                <div className="choices">
                  {(["yes", "no", "abstain"] as const).map((answer) => (
                    <label key={answer}>
                      <input
                        type="radio"
                        name={answerField(p.id)}
                        value={answer}
                        defaultChecked={(initialAnswers[p.id] ?? "abstain") === answer}
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
        <ul className="ballot-list">
          {proposals.map((p) => (
            <li key={p.id}>
              <div className="ballot-option">
                <input
                  type="checkbox"
                  id={`choose-${p.id}`}
                  name="proposalIds"
                  value={p.id}
                  defaultChecked={initial.includes(p.id)}
                  onChange={(event) => toggle(p.id, event.currentTarget.checked)}
                  aria-describedby={`meta-${p.id}`}
                />
                <div>
                  <label htmlFor={`choose-${p.id}`}>
                    {t("voting:vote.numbered", { number: p.number, title: p.title })}
                  </label>
                  <p className="ballot-meta" id={`meta-${p.id}`}>
                    {t(`schemes:categories.${p.category}`)} ·{" "}
                    {t("voting:vote.cost", { cost: yuan(p.cost, locale) })} ·{" "}
                    <Link to={`/proposals/${p.id}`}>{t("voting:vote.details")}</Link>
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {scheme.method === "budget" ? (
        <div className={over ? "ballot-total over" : "ballot-total"}>
          <output aria-live="polite">
            {t("voting:vote.total", {
              total: yuan(checked?.total ?? total, locale),
              budget: yuan(scheme.budget, locale),
            })}
            {over ? ` ${t("voting:vote.overBudget")}` : null}
          </output>{" "}
          <button type="submit" name="intent" value="check" className="secondary">
            {t("voting:vote.checkTotal")}
          </button>
        </div>
      ) : scheme.method === "approval" ? (
        <p className="ballot-total">
          <output aria-live="polite">{t("voting:vote.chosenCount", { n: chosen.size, k })}</output>
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" name="intent" value="cast" className="primary">
          {voted ? t("voting:vote.change") : t("voting:vote.cast")}
        </button>
      </div>
    </Form>
  );
}

function Confirmation({ receipt, current }: { receipt: string | null; current: Choices | null }) {
  const { t } = useTranslation();
  const { scheme, proposals } = useLoaderData<typeof loader>();
  const titleOf = new Map(proposals.map((p) => [p.id, p.title]));
  return (
    <section className="notice" role="status" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">{t("voting:vote.confirmHeading")}</h2>
      {receipt ? (
        <>
          <p>{t("voting:vote.receiptIntro")}</p>
          <p className="receipt-code">{receipt}</p>
          <p>
            {t("voting:vote.receiptKeep")} <Link to="/receipts">{t("voting:vote.receiptCheckLink")}</Link>
          </p>
        </>
      ) : (
        <p>{t("voting:vote.receiptShownOnce")}</p>
      )}
      {current ? (
        <>
          <h3>{t("voting:vote.yourChoices")}</h3>
          <ul>
            {current.proposalIds.map((id) => (
              <li key={id}>{titleOf.get(id)}</li>
            ))}
            {Object.entries(current.answers).map(([id, answer]) => (
              <li key={id}>
                {titleOf.get(id)}: {t(`voting:answers.${answer}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>{t("voting:vote.changeUntil", { at: scheme.closesAt })}</p>
    </section>
  );
}

export default function Vote() {
  const { t } = useTranslation();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { scheme, state } = loaded;
  const cast = (actionData as { cast?: Cast } | undefined)?.cast ?? null;
  // Remembered after the next answer (a "check total", a refusal): the person has voted all the same.
  const [lastCast, setLastCast] = useState<Cast | null>(cast);
  if (cast && cast !== lastCast) setLastCast(cast);
  const voted = loaded.voted || lastCast !== null;
  const justCast = cast !== null || loaded.justCast;
  return (
    <>
      <p>
        <Link to={`/schemes/${scheme.id}`}>{t("voting:vote.back", { scheme: scheme.title })}</Link>
      </p>
      <h1>{t("voting:vote.title", { scheme: scheme.title })}</h1>
      <p className="lead">{t("voting:vote.window", { opens: scheme.opensAt, closes: scheme.closesAt })}</p>
      {state === "open" ? (
        <>
          {cast ? (
            <Confirmation receipt={cast.receipt} current={cast.choices} />
          ) : loaded.justCast ? (
            <Confirmation receipt={loaded.receipt} current={loaded.current} />
          ) : null}
          {voted && !justCast ? (
            <p className="notice">{t("voting:vote.alreadyVoted", { at: scheme.closesAt })}</p>
          ) : null}
          <BallotForm voted={voted} />
        </>
      ) : state === "anonymous" ? (
        <p>
          {t("voting:vote.loginFirst")} <Link to={loaded.loginHref}>{t("voting:vote.loginLink")}</Link>
        </p>
      ) : state === "notResident" ? (
        <p>
          {t("voting:vote.notResident")} <Link to="/account/residency">{t("voting:vote.residencyLink")}</Link>
        </p>
      ) : state === "council" ? (
        <p>{t("voting:vote.councilOnly")}</p>
      ) : state === "notYet" ? (
        <p>{t("voting:vote.notYet", { at: scheme.opensAt })}</p>
      ) : state === "cancelled" ? (
        <p>{t("voting:vote.cancelled")}</p>
      ) : (
        <p>
          {t("voting:vote.closed", { at: scheme.closesAt })}{" "}
          <Link to={`/schemes/${scheme.id}/results`}>{t("voting:vote.resultsLink")}</Link>
        </p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
