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
import { reviseProposal } from "~/modules/livelihood/draft-proposal.server";
import { costHintFor, placesFor, similarInScheme } from "~/modules/livelihood/proposal-form-data.server";
import { getProposalWithScheme, listCoproposers } from "~/modules/livelihood/proposal-queries.server";
import { ProposalSchema } from "~/modules/livelihood/proposal-schemas";
import { isEditable } from "~/modules/livelihood/proposal-status";
import { publishProposal } from "~/modules/livelihood/publish-proposal.server";
import { fenToYuanInput } from "~/lib/money";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";
import proposalStyles from "~/styles/proposals.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

/** The author's own proposal; anyone else gets 404 for a draft and 403 for a published one. */
async function loadOwnProposal(request: Request, proposalId: string | undefined) {
  const user = await requireUser(request);
  const found = proposalId ? await getProposalWithScheme(proposalId) : null;
  if (!found || (found.proposal.status === "draft" && found.proposal.authorId !== user.id))
    throw new Response(null, { status: 404 });
  if (found.proposal.authorId !== user.id) throw new Response(null, { status: 403 });
  return { user, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, proposal: p, scheme, supports } = await loadOwnProposal(request, params.proposalId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const coproposers = await listCoproposers(p.id);
  return {
    title: `${t("proposals:edit.title")} · ${p.title} · ${t("common:appName")}`,
    proposal: { id: p.id, title: p.title, status: p.status },
    editable: isEditable(p.status, supports),
    scheme: { id: scheme.id, categories: scheme.categories },
    places: await placesFor(scheme, locale),
    costHint: await costHintFor(scheme, locale),
    attachments: (await listAttachments("proposal", p.id)).map((a) => ({ id: a.id, fileName: a.fileName })),
    defaultValue: {
      title: p.title,
      body: p.body,
      category: p.category,
      type: p.type,
      cost: fenToYuanInput(p.estimatedCostMinor),
      communityId: String(p.communityId),
      gridId: p.gridId ? String(p.gridId) : "",
      address: p.address,
      coproposers: coproposers
        .map((c) => c.phone ?? c.email ?? "")
        .filter(Boolean)
        .join("\n"),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

const SimilarCheckSchema = z
  .object({ title: z.string().optional(), body: z.string().optional() })
  .passthrough();
const hidden = { hideFields: ["files", "csrf"] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, proposal, scheme } = await loadOwnProposal(request, params.proposalId);
  if (formData.get("intent") === "similar") {
    const submission = parseWithZod(formData, { schema: SimilarCheckSchema });
    const query = { title: String(formData.get("title") ?? ""), body: String(formData.get("body") ?? "") };
    return data({
      result: submission.reply(hidden),
      similar: await similarInScheme(scheme.id, query, proposal.id),
    });
  }
  const submission = parseWithZod(formData, { schema: ProposalSchema });
  if (submission.status !== "success") return invalidSubmission(submission, hidden);
  const v = submission.value;
  const actorRoles = await listActiveRoles(user.id);
  try {
    await reviseProposal({
      actor: user,
      actorRoles,
      proposalId: proposal.id,
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
      removeAttachmentIds: v.removeAttachment ?? [],
    });
    if (v.intent === "publish" && proposal.status === "draft") {
      await publishProposal({ actor: user, actorRoles, proposalId: proposal.id });
      return redirect(`/proposals/${proposal.id}?notice=published`);
    }
  } catch (error) {
    return refusedSubmission(submission, error, hidden);
  }
  return redirect(`/proposals/${proposal.id}?notice=updated`);
}

export default function EditProposal() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const similar = (actionData as { similar?: SimilarItem[] } | undefined)?.similar ?? null;
  return (
    <>
      <p>
        <Link to={`/proposals/${d.proposal.id}`}>
          {t("proposals:edit.back", { title: d.proposal.title })}
        </Link>
      </p>
      <h1>{t("proposals:edit.title")}</h1>
      {d.editable ? (
        <>
          <p className="lead">{t("proposals:edit.lead")}</p>
          <ProposalForm
            mode="edit"
            proposalId={d.proposal.id}
            schemeId={d.scheme.id}
            categories={d.scheme.categories}
            places={d.places}
            costHint={d.costHint}
            defaultValue={d.defaultValue}
            attachments={d.attachments}
            canPublish={d.proposal.status === "draft"}
            lastResult={actionData?.result}
            similar={similar}
          />
        </>
      ) : (
        <div className="form-error" role="alert">
          <p>{t("proposals:errors.notEditable")}</p>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
