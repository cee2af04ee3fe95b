import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
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
import { CouncilVoteSchema } from "~/modules/voting/ballot-schemas";
import {
  getVotingScheme,
  isUuid,
  listBallotProposals,
  listCouncilVotes,
} from "~/modules/livelihood/ballot-queries.server";
import { countCouncilVote } from "~/modules/voting/council-vote";
import { paperEntryOpen } from "~/modules/livelihood/enter-paper-ballot.server";
import { recordCouncilVote } from "~/modules/livelihood/record-council-vote.server";
import { formatVoteTime } from "~/modules/voting/vote-format";
import votingStyles from "~/styles/voting.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

async function requireManager(request: Request, schemeId: string | undefined) {
  const user = await requireUser(request);
  const scheme = isUuid(schemeId) ? await getVotingScheme(schemeId) : null;
  if (!scheme || scheme.status === "draft" || scheme.votingMethod !== "council")
    throw new Response(null, { status: 404 });
  const roles = await listActiveRoles(user.id);
  if (!canManageScheme(roles, scheme.areaPath).allowed) throw new Response(null, { status: 403 });
  return { user, roles, scheme };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scheme } = await requireManager(request, params.schemeId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const records = await listCouncilVotes(scheme.id);
  const proposals = (await listBallotProposals(scheme.id)).filter((p) => p.status === "eligible");
  return {
    title: `${t("voting:council.title", { scheme: scheme.title })} · ${t("common:appName")}`,
    scheme: { id: scheme.id, title: scheme.title, councilSize: scheme.councilSize },
    open: scheme.status === "published" && paperEntryOpen(scheme, new Date()),
    proposals: proposals.map((p) => {
      const r = records.find((x) => x.proposalId === p.id);
      return {
        id: p.id,
        number: p.number,
        title: p.title,
        record: r
          ? {
              members: r.members,
              present: r.present,
              yes: r.yes,
              no: r.no,
              abstain: r.abstain,
              reason: countCouncilVote(r).reason,
              at: formatVoteTime(r.recordedAt, locale),
            }
          : null,
      };
    }),
    notice: new URL(request.url).searchParams.get("notice") === "recorded",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, scheme } = await requireManager(request, params.schemeId);
  const submission = parseWithZod(formData, { schema: CouncilVoteSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await recordCouncilVote({
      actor: user,
      actorRoles: roles,
      schemeId: scheme.id,
      ...submission.value,
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/schemes/${scheme.id}/council?notice=recorded`);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["proposals"][number];

function CouncilForm({
  proposal,
  councilSize,
  lastResult,
}: {
  proposal: Row;
  councilSize: number | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const r = proposal.record;
  const [form, fields] = useForm<z.input<typeof CouncilVoteSchema>>({
    id: `council-${proposal.id}`,
    lastResult,
    constraint: getZodConstraint(CouncilVoteSchema),
    defaultValue: {
      proposalId: proposal.id,
      members: String(r?.members ?? councilSize ?? ""),
      present: r ? String(r.present) : "",
      yes: r ? String(r.yes) : "",
      no: r ? String(r.no) : "",
      abstain: r ? String(r.abstain) : "0",
    },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="proposalId" value={proposal.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field meta={fields.members} label={t("voting:council.members")} type="number" inputMode="numeric" />
      <Field meta={fields.present} label={t("voting:council.present")} type="number" inputMode="numeric" />
      <Field meta={fields.yes} label={t("voting:answers.yes")} type="number" inputMode="numeric" />
      <Field meta={fields.no} label={t("voting:answers.no")} type="number" inputMode="numeric" />
      <Field meta={fields.abstain} label={t("voting:answers.abstain")} type="number" inputMode="numeric" />
      <div className="button-row">
        <button type="submit" className="primary">
          {r ? t("voting:council.correct") : t("voting:council.record")}
        </button>
      </div>
    </Form>
  );
}

export default function Council() {
  const { t } = useTranslation();
  const { scheme, open, proposals, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sentFor = result?.initialValue?.proposalId;
  return (
    <>
      <p>
        <Link to={`/schemes/${scheme.id}`}>{t("voting:vote.back", { scheme: scheme.title })}</Link>
      </p>
      <h1>{t("voting:council.title", { scheme: scheme.title })}</h1>
      <p className="lead">{t("voting:council.lead")}</p>
      <p>{t("voting:rules.council.body")}</p>
      {notice ? (
        <p className="notice" role="status">
          {t("voting:council.recorded")}
        </p>
      ) : null}
      {!open ? <p>{t("voting:council.closed")}</p> : null}
      {proposals.length === 0 ? <p>{t("voting:vote.noProposals")}</p> : null}
      <ul className="card-list">
        {proposals.map((p) => (
          <li key={p.id}>
            <h2>{t("voting:vote.numbered", { number: p.number, title: p.title })}</h2>
            <p>
              {p.record
                ? t(`voting:council.outcome.${p.record.reason}`, {
                    present: p.record.present,
                    members: p.record.members,
                    yes: p.record.yes,
                    at: p.record.at,
                  })
                : t("voting:council.none")}
            </p>
            {open ? (
              <CouncilForm
                proposal={p}
                councilSize={scheme.councilSize}
                lastResult={sentFor === p.id ? result : undefined}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
