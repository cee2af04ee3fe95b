import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { ProposalForm, type SimilarItem } from "~/components/proposal-form";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { draftProposal } from "~/modules/livelihood/draft-proposal.server";
import { canParticipate } from "~/modules/livelihood/permissions";
import { costHintFor, placesFor, similarInScheme } from "~/modules/livelihood/proposal-form-data.server";
import { countActiveProposals, getSchemeForProposals } from "~/modules/livelihood/proposal-queries.server";
import { ProposalSchema } from "~/modules/livelihood/proposal-schemas";
import { schemePhase } from "~/modules/livelihood/scheme-phase";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";
import { db } from "~/lib/db.server";
import proposalStyles from "~/styles/proposals.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

async function loadScheme(schemeId: string | undefined) {
  const scheme = schemeId ? await getSchemeForProposals(schemeId) : null;
  if (!scheme || scheme.status === "draft") throw new Response(null, { status: 404 });
  return scheme;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scheme = await loadScheme(params.schemeId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const roles = await listActiveRoles(user.id);
  const permission = canParticipate(roles, scheme.areaPath);
  const collecting = schemePhase(scheme, new Date()) === "collecting";
  const used = await countActiveProposals(db, scheme.id, user.id);
  const refusal = !permission.allowed
    ? permission.reason
    : !collecting
      ? "proposals:errors.notCollecting"
      : used >= scheme.maxProposalsPerResident
        ? "proposals:errors.tooManyProposals"
        : null;
  const home = roles.find((r) => r.role === "resident" && r.areaPath.startsWith(scheme.areaPath));
  return {
    title: `${t("proposals:propose.title")} · ${scheme.title} · ${t("common:appName")}`,
    scheme: {
      id: scheme.id,
      title: scheme.title,
      exclusions: scheme.exclusions,
      categories: scheme.categories,
      max: scheme.maxProposalsPerResident,
    },
    used,
    refusal,
    places: refusal ? [] : await placesFor(scheme, locale),
    costHint: await costHintFor(scheme, locale),
    defaultValue: {
      communityId: home ? String(home.areaId) : "",
      gridId: home?.gridId ? String(home.gridId) : "",
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

/** Only the title and body matter for the similar check; the rest is sent back as typed. */
const SimilarCheckSchema = z
  .object({ title: z.string().optional(), body: z.string().optional() })
  .passthrough();

const hidden = { hideFields: ["files", "csrf"] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const scheme = await loadScheme(params.schemeId);
  if (formData.get("intent") === "similar") {
    const submission = parseWithZod(formData, { schema: SimilarCheckSchema });
    return data({
      result: submission.reply(hidden),
      similar: await similarInScheme(scheme.id, {
        title: String(formData.get("title") ?? ""),
        body: String(formData.get("body") ?? ""),
      }),
    });
  }
  const submission = parseWithZod(formData, { schema: ProposalSchema });
  if (submission.status !== "success") return invalidSubmission(submission, hidden);
  const v = submission.value;
  try {
    const created = await draftProposal({
      actor: user,
      actorRoles: await listActiveRoles(user.id),
      schemeId: scheme.id,
      content: {
        title: v.title,
        body: v.body,
        category: v.category,
        type: v.type,
        costMinor: v.cost,
        communityId: v.communityId,
        gridId: v.gridId ?? null,
        address: v.address ?? "",
        coproposers: v.coproposers,
      },
      files: chosenFiles(formData.getAll("files")),
      publish: v.intent === "publish",
    });
    return redirect(`/proposals/${created.id}?notice=${v.intent === "publish" ? "published" : "saved"}`);
  } catch (error) {
    return refusedSubmission(submission, error, hidden);
  }
}

export default function Propose() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const similar = (actionData as { similar?: SimilarItem[] } | undefined)?.similar ?? null;
  return (
    <>
      <p>
        <Link to={`/schemes/${d.scheme.id}`}>{t("proposals:propose.back", { title: d.scheme.title })}</Link>
      </p>
      <h1>{t("proposals:propose.title")}</h1>
      <p className="lead">{t("proposals:propose.lead", { title: d.scheme.title })}</p>
      {d.refusal ? (
        <div className="form-error" role="alert">
          <p>{t(d.refusal, { max: d.scheme.max })}</p>
          <p>
            {d.refusal === "schemes:errors.notResidentHere" ? (
              <Link to="/account/residency">{t("proposals:propose.getVerified")}</Link>
            ) : (
              <Link to="/account/proposals">{t("proposals:propose.myProposals")}</Link>
            )}
          </p>
        </div>
      ) : (
        <>
          <p>{t("proposals:propose.quota", { used: d.used, max: d.scheme.max })}</p>
          {d.scheme.exclusions ? (
            <section aria-labelledby="exclusions-heading" className="exclusions">
              <h2 id="exclusions-heading">{t("proposals:propose.exclusionsHeading")}</h2>
              <p className="pre-line">{d.scheme.exclusions}</p>
            </section>
          ) : null}
          <ProposalForm
            mode="create"
            schemeId={d.scheme.id}
            categories={d.scheme.categories}
            places={d.places}
            costHint={d.costHint}
            defaultValue={d.defaultValue}
            canPublish
            lastResult={actionData?.result}
            similar={similar}
          />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
