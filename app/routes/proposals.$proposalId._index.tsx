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
import { CommentThread } from "~/components/comment-thread";
import { CsrfInput } from "~/components/csrf-input";
import { FollowButton } from "~/components/follow-button";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Timeline } from "~/components/timeline";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { displayNameOrDeleted } from "~/modules/accounts/identifier";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { loadCommentThread } from "~/modules/deliberation/comment-queries.server";
import { canParticipate } from "~/modules/livelihood/permissions";
import { renderProposalMarkdown } from "~/modules/livelihood/proposal-markdown";
import { publishProposal } from "~/modules/livelihood/publish-proposal.server";
import {
  getArea,
  getProposalTitle,
  getProposalWithScheme,
  isSupporting,
  listCoproposers,
} from "~/modules/livelihood/proposal-queries.server";
import { ProposalActionSchema } from "~/modules/livelihood/proposal-schemas";
import { isEditable } from "~/modules/livelihood/proposal-status";
import { formatFen } from "~/lib/money";
import {
  retractSupport,
  supportProposal,
  supportWindowOpen,
} from "~/modules/livelihood/support-proposal.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import { withdrawProposal } from "~/modules/livelihood/withdraw-proposal.server";
import { isFollowing } from "~/modules/notifications/follow.server";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { isImage } from "~/modules/uploads/file-type";
import proposalStyles from "~/styles/proposals.css";
import { deliberationStylesheet } from "~/components/comment-thread";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: proposalStyles },
  deliberationStylesheet,
];

const DAY = 86_400_000;

const notices = {
  published: "proposals:page.notices.published",
  saved: "proposals:page.notices.saved",
  updated: "proposals:page.notices.updated",
  supported: "proposals:page.notices.supported",
  alreadySupported: "proposals:page.notices.alreadySupported",
  thresholdReached: "proposals:page.notices.thresholdReached",
  retracted: "proposals:page.notices.retracted",
  withdrawn: "proposals:page.notices.withdrawn",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const found = params.proposalId ? await getProposalWithScheme(params.proposalId) : null;
  if (!found) throw new Response(null, { status: 404 });
  const { proposal: p, scheme, supports } = found;
  const isAuthor = !!user && p.authorId === user.id;
  if (p.status === "draft" && !isAuthor) throw new Response(null, { status: 404 });

  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const roles = user ? await listActiveRoles(user.id) : [];
  const coproposers = await listCoproposers(p.id);
  const isCoproposer = !!user && coproposers.some((c) => c.id === user.id);
  const windowOpen = supportWindowOpen(p, now);
  // Shown as expired as soon as the deadline passes, before the periodic sweep records it.
  const status = p.status === "collecting" && !windowOpen ? "expired" : p.status;
  const [community, grid] = await Promise.all([getArea(p.communityId), p.gridId ? getArea(p.gridId) : null]);
  const files = await listAttachments("proposal", p.id);
  const mergedInto = p.mergedIntoId ? await getProposalTitle(p.mergedIntoId) : null;
  const formatDate = (d: Date) =>
    new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Asia/Shanghai",
    }).format(d);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  const isPublic = p.status !== "draft";

  return {
    title: `${p.title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    proposal: {
      id: p.id,
      title: p.title,
      status,
      category: p.category,
      type: p.type,
      cost: formatFen(p.estimatedCostMinor, locale),
      revisedCost: p.revisedCostMinor !== null ? formatFen(p.revisedCostMinor, locale) : null,
      costNote: p.costNote,
      place: [community ? localizedName(community, locale) : null, grid ? localizedName(grid, locale) : null]
        .filter(Boolean)
        .join(" · "),
      address: p.address,
      bodyHtml: renderProposalMarkdown(p.body),
      publishedAt: p.publishedAt ? formatDate(p.publishedAt) : null,
      officialResponse: p.officialResponse,
      respondedAt: p.respondedAt ? formatDate(p.respondedAt) : null,
      mergedInto:
        mergedInto && mergedInto.status !== "draft" ? { id: mergedInto.id, title: mergedInto.title } : null,
    },
    scheme: { id: scheme.id, title: scheme.title },
    coproposers: coproposers.map((c) => displayNameOrDeleted(c.displayName, t)),
    files: files.map((f) => ({ id: f.id, fileName: f.fileName, image: isImage(f.mimeType) })),
    support: {
      count: supports,
      threshold: scheme.supportThreshold,
      open: windowOpen,
      deadline: p.supportDeadline ? formatDate(p.supportDeadline) : null,
      deadlineIso: p.supportDeadline?.toISOString() ?? null,
      daysLeft:
        windowOpen && p.supportDeadline
          ? Math.max(0, Math.ceil((p.supportDeadline.getTime() - now.getTime()) / DAY))
          : 0,
      mine: user ? await isSupporting(p.id, user.id) : false,
      canSupport:
        !!user && windowOpen && !isAuthor && !isCoproposer && canParticipate(roles, scheme.areaPath).allowed,
      signedIn: !!user,
    },
    author: {
      isAuthor,
      canEdit: isAuthor && isEditable(p.status, supports) && (p.status === "draft" || windowOpen),
      canPublish: isAuthor && p.status === "draft",
      canWithdraw: isAuthor && (p.status === "draft" || p.status === "collecting"),
    },
    timeline: isPublic ? await listTimeline("proposal", p.id) : [],
    comments: isPublic
      ? await loadCommentThread(
          { subjectType: "proposal", subjectId: p.id },
          user ? { id: user.id, roles } : null,
          locale,
        )
      : null,
    following: user && isPublic ? await isFollowing(user.id, "proposal", p.id) : false,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const proposalId = params.proposalId ?? "";
  const submission = parseWithZod(formData, { schema: ProposalActionSchema });
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const actorRoles = await listActiveRoles(user.id);
  let notice: keyof typeof notices;
  try {
    switch (submission.value.intent) {
      case "support": {
        const r = await supportProposal({ actor: user, actorRoles, proposalId });
        notice = r.thresholdReached ? "thresholdReached" : r.status;
        break;
      }
      case "retract":
        await retractSupport({ actor: user, actorRoles, proposalId });
        notice = "retracted";
        break;
      case "withdraw":
        await withdrawProposal({ actor: user, proposalId });
        notice = "withdrawn";
        break;
      case "publish":
        await publishProposal({ actor: user, actorRoles, proposalId });
        notice = "published";
        break;
    }
  } catch (error) {
    if (isDomainError(error) && error.status === 404) throw new Response(null, { status: 404 });
    return refusedSubmission(submission, error);
  }
  return redirect(`/proposals/${proposalId}?notice=${notice}`);
}

function SupportBox() {
  const { t } = useTranslation();
  const { proposal, support, author } = useLoaderData<typeof loader>();
  const returnTo = `/proposals/${proposal.id}`;
  if (proposal.status === "draft") return null;
  return (
    <section aria-labelledby="support-heading" className="support-box">
      <h2 id="support-heading">{t("proposals:page.supportHeading")}</h2>
      <label htmlFor="support-progress">
        {t("proposals:page.supportCount", { count: support.count, threshold: support.threshold })}
        {support.open ? ` · ${t("proposals:page.daysLeft", { count: support.daysLeft })}` : null}
      </label>
      <progress
        id="support-progress"
        max={support.threshold}
        value={Math.min(support.count, support.threshold)}
      >
        {support.count}/{support.threshold}
      </progress>
      {support.deadline ? (
        <p className="muted">
          {t(support.open ? "proposals:page.deadlineOpen" : "proposals:page.deadlinePassed", {
            date: support.deadline,
          })}
        </p>
      ) : null}
      {support.open ? (
        support.mine ? (
          <Form method="post">
            <CsrfInput />
            <p>{t("proposals:page.youSupport")}</p>
            <button type="submit" name="intent" value="retract" className="secondary">
              {t("proposals:page.retract")}
            </button>
          </Form>
        ) : support.canSupport ? (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="support" className="primary">
              {t("proposals:page.support")}
            </button>
          </Form>
        ) : author.isAuthor ? (
          <p>{t("proposals:page.ownProposal")}</p>
        ) : !support.signedIn ? (
          <p>
            <Link to={`/login?${new URLSearchParams({ redirectTo: returnTo })}`}>
              {t("proposals:page.loginToSupport")}
            </Link>
          </p>
        ) : (
          <p>{t("proposals:page.cannotSupport")}</p>
        )
      ) : null}
    </section>
  );
}

export default function ProposalPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const p = d.proposal;
  const returnTo = `/proposals/${p.id}`;
  const photos = d.files.filter((f) => f.image);
  const documents = d.files.filter((f) => !f.image);
  return (
    <>
      <p>
        <Link to={`/schemes/${d.scheme.id}`}>{t("proposals:page.scheme", { title: d.scheme.title })}</Link>
      </p>
      <h1>{p.title}</h1>
      <p>
        <span className="status-badge">{t(`proposals:status.${p.status}`)}</span>
        {p.publishedAt ? (
          <span className="muted"> · {t("proposals:page.publishedAt", { date: p.publishedAt })}</span>
        ) : null}
      </p>
      {d.notice ? (
        <p className="notice" role="status">
          {t(d.notice)}
        </p>
      ) : null}
      <FormErrors errors={actionData?.result.error?.[""] ?? null} />

      {p.mergedInto ? (
        <p className="notice">
          {t("proposals:page.mergedInto")}{" "}
          <Link to={`/proposals/${p.mergedInto.id}`}>{p.mergedInto.title}</Link>
        </p>
      ) : null}
      {p.officialResponse ? (
        <section aria-labelledby="response-heading" className="official-response">
          <h2 id="response-heading">{t("proposals:page.officialResponse")}</h2>
          <p className="pre-line">{p.officialResponse}</p>
          {p.respondedAt ? <p className="muted">{p.respondedAt}</p> : null}
        </section>
      ) : null}

      {d.author.isAuthor && (d.author.canEdit || d.author.canPublish || d.author.canWithdraw) ? (
        <div className="button-row author-actions">
          {d.author.canEdit ? (
            <>
              <Link className="button" to={`/proposals/${p.id}/edit`}>
                {t("proposals:page.edit")}
              </Link>{" "}
            </>
          ) : null}
          {d.author.canPublish ? (
            <Form method="post" className="inline-form">
              <CsrfInput />
              <button type="submit" name="intent" value="publish" className="primary">
                {t("proposals:page.publish")}
              </button>
            </Form>
          ) : null}
          {d.author.canWithdraw ? (
            <Form method="post" className="inline-form">
              <CsrfInput />
              <button type="submit" name="intent" value="withdraw" className="secondary">
                {t("proposals:page.withdraw")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <dl className="facts">
        <dt>{t("proposals:page.category")}</dt>
        <dd>
          {t(`schemes:categories.${p.category}`)} · {t(`schemes:types.${p.type}`)}
        </dd>
        <dt>{t("proposals:page.cost")}</dt>
        <dd>
          {p.revisedCost ? (
            <>
              {t("proposals:page.revisedCost", { cost: p.revisedCost, original: p.cost })}
              {p.costNote ? <span className="pre-line"> ({p.costNote})</span> : null}
            </>
          ) : (
            p.cost
          )}
        </dd>
        <dt>{t("proposals:page.place")}</dt>
        <dd>{p.address ? `${p.place} · ${p.address}` : p.place}</dd>
        {d.coproposers.length > 0 ? (
          <>
            <dt>{t("proposals:page.coproposers")}</dt>
            <dd>{d.coproposers.join(t("proposals:page.listSeparator"))}</dd>
          </>
        ) : null}
      </dl>

      <SupportBox />

      <section aria-labelledby="description-heading">
        <h2 id="description-heading">{t("proposals:page.description")}</h2>
        {/* Rendered by markdown-it with raw HTML off and only http(s)/mailto links: see proposal-markdown.ts. */}
        <div className="proposal-body" dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
      </section>

      {photos.length > 0 ? (
        <section aria-labelledby="photos-heading">
          <h2 id="photos-heading">{t("proposals:page.photos")}</h2>
          <ul className="photo-grid">
            {photos.map((f) => (
              <li key={f.id}>
                <a href={`/attachments/${f.id}`}>
                  <img src={`/attachments/${f.id}`} alt={f.fileName} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {documents.length > 0 ? (
        <section aria-labelledby="documents-heading">
          <h2 id="documents-heading">{t("proposals:page.documents")}</h2>
          <ul>
            {documents.map((f) => (
              <li key={f.id}>
                <a href={`/attachments/${f.id}`} download={f.fileName}>
                  {f.fileName}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {p.status !== "draft" ? (
        <>
          <FollowButton subjectType="proposal" subjectId={p.id} following={d.following} returnTo={returnTo} />
          <Timeline entries={d.timeline} headingId="timeline-heading" />
          {d.comments ? <CommentThread data={d.comments} returnTo={returnTo} /> : null}
        </>
      ) : (
        <p className="muted">{t("proposals:page.draftNote")}</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
