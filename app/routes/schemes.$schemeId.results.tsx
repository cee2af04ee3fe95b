import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canManageScheme } from "~/modules/livelihood/permissions";
import { getVotingScheme, isUuid } from "~/modules/livelihood/ballot-queries.server";
import { countScheme } from "~/modules/livelihood/count-scheme.server";
import { publishResults } from "~/modules/livelihood/publish-results.server";
import { formatVoteTime } from "~/modules/voting/vote-format";
import { ruleExplanationKey, ruleNameKey, yuan } from "~/modules/voting/vote-result";
import votingStyles from "~/styles/voting.css";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

const PublishSchema = z.object({ intent: z.literal("publish") });

async function loadScheme(schemeId: string | undefined) {
  const scheme = isUuid(schemeId) ? await getVotingScheme(schemeId) : null;
  if (!scheme || scheme.status !== "published") throw new Response(null, { status: 404 });
  return scheme;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scheme = await loadScheme(params.schemeId);
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const manager = user ? canManageScheme(await listActiveRoles(user.id), scheme.areaPath).allowed : false;
  const closed = now.getTime() >= scheme.votingClosesAt.getTime();
  const stored = closed ? await countScheme(scheme.id, now) : null;
  const notice = new URL(request.url).searchParams.get("notice") === "published";
  return {
    title: `${t("voting:results.title", { scheme: scheme.title })} · ${t("common:appName")}`,
    locale,
    scheme: {
      id: scheme.id,
      title: scheme.title,
      method: scheme.votingMethod,
      closesAt: formatVoteTime(scheme.votingClosesAt, locale),
      publishedAt: scheme.resultsPublishedAt ? formatVoteTime(scheme.resultsPublishedAt, locale) : null,
      noticeEndsAt: scheme.noticeEndsAt ? formatVoteTime(scheme.noticeEndsAt, locale) : null,
    },
    result: stored?.result ?? null,
    countedAt: stored ? formatVoteTime(stored.countedAt, locale) : null,
    canPublish: manager && closed && !scheme.resultsPublishedAt,
    notice,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const scheme = await loadScheme(params.schemeId);
  const roles = await listActiveRoles(user.id);
  if (!canManageScheme(roles, scheme.areaPath).allowed) throw new Response(null, { status: 403 });
  const submission = parseWithZod(formData, { schema: PublishSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await publishResults({
      actor: user,
      actorRoles: roles,
      schemeId: scheme.id,
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/schemes/${scheme.id}/results?notice=published`);
}

function PublishForm() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>()?.result;
  const [form] = useForm({ id: "publish", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <h2>{t("voting:results.publishHeading")}</h2>
      <p>{t("voting:results.publishHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="button-row">
        <button type="submit" name="intent" value="publish" className="primary">
          {t("voting:results.publish")}
        </button>
      </div>
    </Form>
  );
}

export default function Results() {
  const { t } = useTranslation();
  const { scheme, result, countedAt, canPublish, notice, locale } = useLoaderData<typeof loader>();
  const titleOf = new Map(result?.rows.map((r) => [r.proposalId, r.title]) ?? []);
  return (
    <>
      <p>
        <Link to={`/schemes/${scheme.id}`}>{t("voting:vote.back", { scheme: scheme.title })}</Link>
      </p>
      <h1>{t("voting:results.title", { scheme: scheme.title })}</h1>
      {notice ? (
        <p className="notice" role="status">
          {t("voting:results.publishedNotice")}
        </p>
      ) : null}
      {!result ? (
        <p className="lead">{t("voting:results.hidden", { at: scheme.closesAt })}</p>
      ) : (
        <>
          <p className="lead">
            {scheme.publishedAt
              ? t("voting:results.published", { at: scheme.publishedAt, until: scheme.noticeEndsAt ?? "" })
              : t("voting:results.notYetPublished", { at: countedAt ?? "" })}
          </p>
          {scheme.publishedAt ? (
            <p>
              <Link to={`/schemes/${scheme.id}/notice`}>{t("voting:results.noticeLink")}</Link>
            </p>
          ) : null}
          <dl className="stat-grid">
            <div className="stat">
              <dt>{t("voting:results.ballots")}</dt>
              <dd className="stat-value">{result.ballots.total}</dd>
              <dd className="stat-note">
                {t("voting:results.ballotsSplit", {
                  online: result.ballots.online,
                  paper: result.ballots.paper,
                })}
              </dd>
            </div>
            <div className="stat">
              <dt>{t("voting:results.selectedCount")}</dt>
              <dd className="stat-value">{result.winners.length}</dd>
            </div>
            {result.method === "budget" ? (
              <div className="stat">
                <dt>{t("voting:results.spend")}</dt>
                <dd className="stat-value">{yuan(result.spend, locale)}</dd>
                <dd className="stat-note">
                  {t("voting:results.ofBudget", { budget: yuan(result.budget, locale) })}
                </dd>
              </div>
            ) : null}
          </dl>
          <section aria-labelledby="table-heading">
            <h2 id="table-heading">{t("voting:results.tableHeading")}</h2>
            <TableRegion labelledBy="table-heading">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("voting:results.proposal")}</th>
                    {result.method === "yes_no" || result.method === "council" ? (
                      <>
                        <th scope="col" className="num">
                          {t("voting:answers.yes")}
                        </th>
                        <th scope="col" className="num">
                          {t("voting:answers.no")}
                        </th>
                        <th scope="col" className="num">
                          {t("voting:answers.abstain")}
                        </th>
                      </>
                    ) : (
                      <th scope="col" className="num">
                        {t("voting:results.votes")}
                      </th>
                    )}
                    <th scope="col">{t("voting:results.selected")}</th>
                    <th scope="col" className="num">
                      {t("voting:results.cost")}
                    </th>
                    {result.method === "budget" ? (
                      <th scope="col" className="num">
                        {t("voting:results.cumulative")}
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((r) => (
                    <tr key={r.proposalId}>
                      <th scope="row">
                        <Link to={`/proposals/${r.proposalId}`}>
                          {t("voting:vote.numbered", { number: r.number, title: r.title })}
                        </Link>
                      </th>
                      {result.method === "yes_no" || result.method === "council" ? (
                        <>
                          <td className="num">{r.yes ?? "–"}</td>
                          <td className="num">{r.no ?? "–"}</td>
                          <td className="num">{r.abstain ?? "–"}</td>
                        </>
                      ) : (
                        <td className="num">{r.votes}</td>
                      )}
                      <td>
                        {r.selected ? (
                          <span className="selected-mark">✓ {t("voting:results.yes")}</span>
                        ) : (
                          t("voting:results.no")
                        )}
                      </td>
                      <td className="num">{yuan(r.cost, locale)}</td>
                      {result.method === "budget" ? (
                        <td className="num">{r.cumulative === null ? "" : yuan(r.cumulative, locale)}</td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          </section>
          <section aria-labelledby="rule-heading">
            <h2 id="rule-heading">
              {t("voting:results.ruleHeading", { rule: t(ruleNameKey[result.rule]) })}
            </h2>
            <p>{t(ruleExplanationKey[result.rule])}</p>
            <p>{t("voting:rules.ties")}</p>
            <h3>{t("voting:results.stepsHeading")}</h3>
            <ol className="steps">
              {result.steps.map((s, i) => (
                <li key={i}>{t(s.key, s.params)}</li>
              ))}
            </ol>
            {result.ties.length > 0 ? (
              <>
                <h3>{t("voting:results.tiesHeading")}</h3>
                <ul>
                  {result.ties.map((tie) => (
                    <li key={tie.proposalId}>
                      {t("voting:results.tie", {
                        title: titleOf.get(tie.proposalId) ?? "",
                        others: tie.tiedWith.map((id) => titleOf.get(id) ?? "").join(", "),
                        decidedBy: t(`voting:results.tieBy.${tie.decidedBy}`),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <section aria-labelledby="data-heading">
            <h2 id="data-heading">{t("voting:results.dataHeading")}</h2>
            <ul>
              {result.method === "budget" ? (
                <li>
                  {/* A resource route: a full document request, not client navigation. */}
                  <a href={`/schemes/${scheme.id}/results.pb`} download>
                    {t("voting:results.pabulib")}
                  </a>
                </li>
              ) : null}
              <li>
                <a href={`/schemes/${scheme.id}/results.json`}>{t("voting:results.json")}</a>
              </li>
              <li>
                <Link to="/receipts">{t("voting:results.receiptLink")}</Link>
              </li>
            </ul>
          </section>
          {canPublish ? <PublishForm /> : null}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
