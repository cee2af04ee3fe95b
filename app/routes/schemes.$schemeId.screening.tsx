import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
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
import type { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { screeningReasons } from "~/modules/livelihood/categories";
import { canManageScheme } from "~/modules/livelihood/permissions";
import { getScheme } from "~/modules/livelihood/scheme-queries.server";
import { screeningDecisions, ScreenProposalSchema } from "~/modules/livelihood/scheme-schemas";
import { formatFen } from "~/lib/money";
import { screenProposal } from "~/modules/livelihood/screen-proposal.server";
import { listScreeningQueue } from "~/modules/livelihood/screening-queries.server";
import schemesStyles from "~/styles/schemes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: schemesStyles }];

/**
 * Whoever runs the scheme, and the committees of communities inside it (each screens its own
 * community's proposals); everyone else is refused rather than shown an empty queue.
 */
async function requireScreener(request: Request, schemeId: string | undefined) {
  const user = await requireUser(request);
  const found = await getScheme(schemeId ?? "");
  if (!found || found.scheme.status === "draft") throw new Response(null, { status: 404 });
  const roles = await listActiveRoles(user.id);
  const path = found.area.path;
  const allowed =
    canManageScheme(roles, path).allowed ||
    roles.some((r) => r.role === "committee_member" && r.areaPath.startsWith(path));
  if (!allowed) throw new Response(null, { status: 403 });
  return { user, roles, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, roles, scheme, area } = await requireScreener(request, params.schemeId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const { queue, mergeTargets } = await listScreeningQueue(scheme.id, area.path, roles);
  const caps = { service: scheme.capServiceMinor, goods: scheme.capGoodsMinor, works: scheme.capWorksMinor };
  return {
    title: `${t("schemes:screening.title")} · ${scheme.title} · ${t("common:appName")}`,
    scheme: { id: scheme.id, title: scheme.title, open: scheme.status === "published" },
    notice: new URL(request.url).searchParams.get("notice") === "screened",
    queue: queue.map((p) => {
      const cap = caps[p.type];
      return {
        id: p.id,
        title: p.title,
        body: p.body,
        category: p.category,
        type: p.type,
        address: p.address,
        community: localizedName(p.community, locale),
        supports: p.supports,
        estimated: formatFen(p.estimatedCostMinor, locale),
        revised: p.revisedCostMinor === null ? null : formatFen(p.revisedCostMinor, locale),
        cap: cap === null ? null : formatFen(cap, locale),
        overCap: cap !== null && (p.revisedCostMinor ?? p.estimatedCostMinor) > cap,
      };
    }),
    mergeTargets,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, scheme } = await requireScreener(request, params.schemeId);
  const submission = parseWithZod(formData, { schema: ScreenProposalSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const v = submission.value;
  try {
    await screenProposal({
      actor: user,
      actorRoles: roles,
      proposalId: v.proposalId,
      decision: v.decision,
      reason: v.reason ?? null,
      note: v.note ?? null,
      mergeIntoId: v.mergeIntoId ?? null,
      revisedCostMinor: v.revisedCost,
      costNote: v.costNote ?? null,
      response: v.response ?? null,
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/schemes/${scheme.id}/screening?notice=screened`);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ScreenForm({
  proposal,
  mergeTargets,
  lastResult,
}: {
  proposal: Data["queue"][number];
  mergeTargets: Data["mergeTargets"];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof ScreenProposalSchema>>({
    id: `screen-${proposal.id}`,
    lastResult,
    defaultValue: { proposalId: proposal.id },
  });
  const reasonProps = getSelectProps(fields.reason);
  const mergeProps = getSelectProps(fields.mergeIntoId);
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="proposalId" value={proposal.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset aria-describedby={fields.decision.errors ? fields.decision.errorId : undefined}>
        <legend>{t("schemes:screening.decision")}</legend>
        {screeningDecisions.map((d) => (
          <label key={d} className="choice">
            <input
              {...getInputProps(fields.decision, { type: "radio", value: d })}
              id={`${fields.decision.id}-${d}`}
              key={`${fields.decision.key}-${d}`}
            />
            {t(`schemes:screening.decisions.${d}`)}
          </label>
        ))}
        <ErrorList id={fields.decision.errorId} errors={fields.decision.errors} />
      </fieldset>
      <div className="field">
        <label htmlFor={fields.reason.id}>{t("schemes:screening.reason")}</label>
        <select {...reasonProps} key={reasonProps.key}>
          <option value="">{t("schemes:screening.noReason")}</option>
          {screeningReasons.map((r) => (
            <option key={r} value={r}>
              {t(`schemes:screeningReasons.${r}`)}
            </option>
          ))}
        </select>
        <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <TextareaField
        meta={fields.note}
        label={t("schemes:screening.note")}
        hint={t("schemes:screening.noteHint")}
      />
      <div className="field">
        <label htmlFor={fields.mergeIntoId.id}>{t("schemes:screening.mergeInto")}</label>
        <select {...mergeProps} key={mergeProps.key}>
          <option value="">{t("schemes:screening.noMerge")}</option>
          {mergeTargets
            .filter((m) => m.id !== proposal.id)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
        </select>
        <ErrorList id={fields.mergeIntoId.errorId} errors={fields.mergeIntoId.errors} />
      </div>
      <Field
        meta={fields.revisedCost}
        label={t("schemes:screening.revisedCost")}
        hint={t("schemes:screening.revisedCostHint")}
        inputMode="decimal"
      />
      <TextareaField meta={fields.costNote} label={t("schemes:screening.costNote")} />
      <TextareaField
        meta={fields.response}
        label={t("schemes:screening.response")}
        hint={t("schemes:screening.responseHint")}
      />
      <div className="button-row">
        <button type="submit" className="primary">
          {t("schemes:screening.submit")}
        </button>
      </div>
    </Form>
  );
}

export default function Screening() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sentFor = result?.initialValue?.proposalId;
  return (
    <>
      <p>
        <Link to={`/schemes/${data.scheme.id}`}>{t("schemes:edit.back")}</Link>
      </p>
      <h1>{t("schemes:screening.title")}</h1>
      <p className="lead">{t("schemes:screening.lead", { title: data.scheme.title })}</p>
      {data.notice ? (
        <p className="notice" role="status">
          {t("schemes:screening.screened")}
        </p>
      ) : null}
      {result && typeof sentFor === "string" && !data.queue.some((p) => p.id === sentFor) ? (
        <FormErrors errors={result.error?.[""] ?? null} />
      ) : null}
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t("schemes:screening.queueHeading", { count: data.queue.length })}</h2>
        {data.queue.length === 0 ? <p>{t("schemes:screening.empty")}</p> : null}
        <ul className="card-list">
          {data.queue.map((p) => (
            <li key={p.id} className="screening-card">
              <h3>
                <Link to={`/proposals/${p.id}`}>{p.title}</Link>
              </h3>
              <dl className="facts">
                <dt>{t("schemes:screening.community")}</dt>
                <dd>{p.address ? `${p.community} · ${p.address}` : p.community}</dd>
                <dt>{t("schemes:screening.categoryType")}</dt>
                <dd>
                  {t(`schemes:categories.${p.category as "other"}`)} · {t(`schemes:types.${p.type}`)}
                </dd>
                <dt>{t("schemes:overview.supports")}</dt>
                <dd>{p.supports}</dd>
                <dt>{t("schemes:overview.cost")}</dt>
                <dd>
                  {p.revised
                    ? t("schemes:screening.costWithRevision", { estimated: p.estimated, revised: p.revised })
                    : p.estimated}
                  {p.cap ? ` · ${t("schemes:screening.capIs", { cap: p.cap })}` : null}
                  {p.overCap ? (
                    <>
                      {" "}
                      <span className="badge warn">{t("schemes:screening.overCapBadge")}</span>
                    </>
                  ) : null}
                </dd>
              </dl>
              <p className="proposal-body">{p.body}</p>
              {data.scheme.open ? (
                <ScreenForm
                  proposal={p}
                  mergeTargets={data.mergeTargets}
                  lastResult={sentFor === p.id ? result : undefined}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
