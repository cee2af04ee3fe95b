import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
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
import { deliberationStylesheet } from "~/components/comment-thread";
import { CsrfInput } from "~/components/csrf-input";
import { FollowButton } from "~/components/follow-button";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Timeline } from "~/components/timeline";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canBuyProject } from "~/modules/funding/livelihood-projects-link.server";
import { acceptProject } from "~/modules/livelihood/accept-project.server";
import { addMilestone } from "~/modules/livelihood/add-milestone.server";
import { completeMilestone } from "~/modules/livelihood/complete-milestone.server";
import { evaluateProject } from "~/modules/livelihood/evaluate-project.server";
import { canParticipate } from "~/modules/livelihood/permissions";
import { postProjectUpdate } from "~/modules/livelihood/post-project-update.server";
import {
  findProjectContext,
  getProjectPage,
  listVerifiedNgos,
} from "~/modules/livelihood/project-queries.server";
import {
  canManageProject,
  isEvaluationOpen,
  isMilestoneOverdue,
  readyForAcceptance,
  responsibleKinds,
  updateTracks,
} from "~/modules/livelihood/project-rules";
import {
  AcceptProjectSchema,
  acceptanceNoteMax,
  AddMilestoneSchema,
  CompleteMilestoneSchema,
  evaluationCommentMax,
  EvaluateProjectSchema,
  PostUpdateSchema,
  SetResponsibleSchema,
  updateBodyMax,
} from "~/modules/livelihood/project-schemas";
import { satisfactionRatings } from "~/modules/livelihood/satisfaction";
import { setProjectResponsible } from "~/modules/livelihood/set-project-responsible.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import { isFollowing } from "~/modules/notifications/follow.server";
import { notifyFollowers } from "~/modules/notifications/notify.server";
import projectsStyles from "~/styles/projects.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: projectsStyles },
  deliberationStylesheet,
];

const notices = {
  responsible: "projects:page.notices.responsible",
  milestone: "projects:page.notices.milestone",
  milestoneDone: "projects:page.notices.milestoneDone",
  update: "projects:page.notices.update",
  accept: "projects:page.notices.accept",
  evaluate: "projects:page.notices.evaluate",
} as const;
type Intent = keyof typeof notices;

function formatDateTime(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

/** A calendar day (YYYY-MM-DD in Beijing) in the reader's language. */
function formatDay(day: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(
    new Date(`${day}T12:00:00+08:00`),
  );
}

function formatMoney(minor: number, locale: Locale) {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" }).format(minor / 100);
}

async function loadPage(projectId: string | undefined, viewerId: string | null) {
  const page = await getProjectPage(projectId ?? "", viewerId);
  if (!page) throw new Response(null, { status: 404 });
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const page = await loadPage(params.projectId, user?.id ?? null);
  const { context, details } = page;
  const project = context.project;
  const roles = user ? await listActiveRoles(user.id) : [];
  const now = new Date();
  const isManager = canManageProject(roles, context);
  const evaluationOpen = isEvaluationOpen(project, now);
  const community = localizedName(details.community, locale);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${context.title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as Intent] : null,
    project: {
      id: project.id,
      title: context.title,
      proposalId: details.proposalId,
      schemeId: details.schemeId,
      schemeTitle: details.schemeTitle,
      community,
      cost: formatMoney(details.costMinor, locale),
      status: project.status,
      track: project.track,
      progress: project.progressPercent,
      responsibleKind: project.responsibleKind,
      responsibleName:
        project.responsibleKind === "organisation" && details.organisation && locale === "en"
          ? (details.organisation.nameEn ?? details.organisation.name)
          : project.responsibleName,
      acceptedAt: project.acceptedAt ? formatDateTime(project.acceptedAt, locale) : null,
      acceptanceNote: project.acceptanceNote,
      evaluationClosesAt: project.evaluationClosesAt
        ? formatDateTime(project.evaluationClosesAt, locale)
        : null,
    },
    milestones: page.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      due: formatDay(m.dueOn, locale),
      done: m.doneAt ? formatDateTime(m.doneAt, locale) : null,
      overdue: isMilestoneOverdue(m, now),
    })),
    updates: page.updates.map((u) => ({
      id: u.id,
      body: u.body,
      progress: u.progressPercent,
      track: u.track,
      by: u.authorLabel === "official" ? ("official" as const) : ("committee" as const),
      date: formatDateTime(u.createdAt, locale),
    })),
    satisfaction: page.satisfaction,
    myRating: page.myRating,
    timeline: await listTimeline("project", project.id),
    signedIn: user !== null,
    following: user ? await isFollowing(user.id, "project", project.id) : false,
    isManager,
    // Officials who run funding calls may buy an unassigned project's delivery through a call.
    canBuyThroughCall: roles.length > 0 && (await canBuyProject(roles, project.id)),
    canAccept: isManager && project.status === "implementing" && readyForAcceptance(project),
    evaluationOpen,
    canEvaluate: evaluationOpen && canParticipate(roles, context.schemeAreaPath).allowed,
    organisations: isManager
      ? (await listVerifiedNgos()).map((o) => ({
          id: o.id,
          name: locale === "en" ? (o.nameEn ?? o.name) : o.name,
        }))
      : [],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const found = await findProjectContext(params.projectId ?? "");
  if (!found) throw new Response(null, { status: 404 });
  const projectId = found.project.id;
  const roles = await listActiveRoles(user.id);
  const meta = getRequestMeta(request, context);
  const actor = { actorRoles: roles, projectId, meta };
  const back = (flag: Intent) => redirect(`/projects/${projectId}?notice=${flag}`);
  const intent = formData.get("intent");

  switch (intent) {
    case "responsible": {
      const submission = parseWithZod(formData, { schema: SetResponsibleSchema });
      if (submission.status !== "success") return invalidSubmission(submission);
      try {
        await setProjectResponsible({
          actor: user,
          ...actor,
          kind: submission.value.kind,
          name: submission.value.name,
          organisationId: submission.value.organisationId,
        });
      } catch (error) {
        return refusedSubmission(submission, error);
      }
      return back("responsible");
    }
    case "milestone": {
      const submission = parseWithZod(formData, { schema: AddMilestoneSchema });
      if (submission.status !== "success") return invalidSubmission(submission);
      try {
        await addMilestone({
          actor: user,
          ...actor,
          title: submission.value.title,
          dueOn: submission.value.dueOn,
        });
      } catch (error) {
        return refusedSubmission(submission, error);
      }
      return back("milestone");
    }
    case "milestoneDone": {
      const submission = parseWithZod(formData, { schema: CompleteMilestoneSchema });
      if (submission.status !== "success") return invalidSubmission(submission);
      try {
        await completeMilestone({ actor: user, ...actor, milestoneId: submission.value.milestoneId });
      } catch (error) {
        return refusedSubmission(submission, error);
      }
      return back("milestoneDone");
    }
    case "update": {
      const submission = parseWithZod(formData, { schema: PostUpdateSchema });
      if (submission.status !== "success") return invalidSubmission(submission);
      let title: string;
      try {
        ({ title } = await postProjectUpdate({ actor: user, ...actor, ...submission.value }));
      } catch (error) {
        return refusedSubmission(submission, error);
      }
      await notifyFollowers({
        subjectType: "project",
        subjectId: projectId,
        kind: "projects:notifications.updated",
        href: `/projects/${projectId}`,
        params: { title, percent: submission.value.progressPercent },
        exceptUserId: user.id,
      });
      return back("update");
    }
    case "accept": {
      const submission = parseWithZod(formData, { schema: AcceptProjectSchema });
      if (submission.status !== "success") return invalidSubmission(submission);
      let title: string;
      try {
        ({ title } = await acceptProject({ actor: user, ...actor, note: submission.value.note }));
      } catch (error) {
        return refusedSubmission(submission, error);
      }
      await notifyFollowers({
        subjectType: "project",
        subjectId: projectId,
        kind: "projects:notifications.accepted",
        href: `/projects/${projectId}`,
        params: { title },
        exceptUserId: user.id,
      });
      return back("accept");
    }
    case "evaluate": {
      const submission = parseWithZod(formData, { schema: EvaluateProjectSchema });
      if (submission.status !== "success") return invalidSubmission(submission);
      try {
        await evaluateProject({
          actor: user,
          actorRoles: roles,
          projectId,
          rating: submission.value.rating,
          comment: submission.value.comment,
        });
      } catch (error) {
        return refusedSubmission(submission, error);
      }
      return back("evaluate");
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionResult = SubmissionResult<string[]> | undefined;

function ResponsibleForm({ data, lastResult }: { data: LoaderData; lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof SetResponsibleSchema>>({
    id: "responsible",
    lastResult,
    constraint: getZodConstraint(SetResponsibleSchema),
    defaultValue: { kind: data.project.responsibleKind ?? undefined },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="choices">
        <legend>{t("projects:manage.responsibleKind")}</legend>
        {responsibleKinds.map((value) => (
          <label key={value} className="choice">
            <input
              {...getInputProps(fields.kind, { type: "radio", value })}
              key={`${fields.kind.key}-${value}`}
              id={`${fields.kind.id}-${value}`}
            />
            {t(`projects:responsible.${value}`)}
          </label>
        ))}
        <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      </fieldset>
      <Field
        meta={fields.name}
        label={t("projects:manage.responsibleName")}
        hint={t("projects:manage.responsibleNameHint")}
      />
      <div className="field">
        <label htmlFor={fields.organisationId.id}>{t("projects:manage.organisation")}</label>
        <select {...getSelectProps(fields.organisationId)} key={fields.organisationId.key}>
          <option value="">{t("projects:manage.noOrganisation")}</option>
          {data.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.organisationId.errorId} errors={fields.organisationId.errors} />
      </div>
      <div className="button-row">
        <button type="submit" name="intent" value="responsible" className="primary">
          {t("projects:manage.saveResponsible")}
        </button>
      </div>
    </Form>
  );
}

function MilestoneForm({ lastResult }: { lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof AddMilestoneSchema>>({
    id: "milestone",
    lastResult,
    constraint: getZodConstraint(AddMilestoneSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMilestoneSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field meta={fields.title} label={t("projects:manage.milestoneTitle")} />
      <Field meta={fields.dueOn} type="date" label={t("projects:manage.milestoneDue")} />
      <div className="button-row">
        <button type="submit" name="intent" value="milestone" className="primary">
          {t("projects:manage.addMilestone")}
        </button>
      </div>
    </Form>
  );
}

function MilestoneDoneForm({ milestoneId, title }: { milestoneId: string; title: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="milestoneId" value={milestoneId} />
      <button type="submit" name="intent" value="milestoneDone" className="secondary">
        {t("projects:manage.markDone")}
        <span className="visually-hidden"> {title}</span>
      </button>
    </Form>
  );
}

function UpdateForm({ data, lastResult }: { data: LoaderData; lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof PostUpdateSchema>>({
    id: "update",
    lastResult,
    constraint: getZodConstraint(PostUpdateSchema),
    defaultValue: {
      progressPercent: data.project.progress,
      track: data.project.track === "not_started" ? "on_track" : data.project.track,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PostUpdateSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.body}
        label={t("projects:manage.updateBody")}
        hint={t("projects:manage.updateBodyHint", { max: updateBodyMax })}
      />
      <Field
        meta={fields.progressPercent}
        type="number"
        inputMode="numeric"
        label={t("projects:manage.updatePercent")}
        hint={t("projects:manage.updatePercentHint", { last: data.project.progress })}
      />
      <fieldset className="choices">
        <legend>{t("projects:manage.updateTrack")}</legend>
        {updateTracks.map((value) => (
          <label key={value} className="choice">
            <input
              {...getInputProps(fields.track, { type: "radio", value })}
              key={`${fields.track.key}-${value}`}
              id={`${fields.track.id}-${value}`}
            />
            {t(`projects:track.${value}`)}
          </label>
        ))}
        <ErrorList id={fields.track.errorId} errors={fields.track.errors} />
      </fieldset>
      <div className="button-row">
        <button type="submit" name="intent" value="update" className="primary">
          {t("projects:manage.postUpdate")}
        </button>
      </div>
    </Form>
  );
}

function AcceptForm({ lastResult }: { lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof AcceptProjectSchema>>({
    id: "accept",
    lastResult,
    constraint: getZodConstraint(AcceptProjectSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptProjectSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.note}
        label={t("projects:manage.acceptNote")}
        hint={t("projects:manage.acceptNoteHint", { max: acceptanceNoteMax })}
      />
      <div className="button-row">
        <button type="submit" name="intent" value="accept" className="primary">
          {t("projects:manage.accept")}
        </button>
      </div>
    </Form>
  );
}

function EvaluateForm({ data, lastResult }: { data: LoaderData; lastResult: ActionResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof EvaluateProjectSchema>>({
    id: "evaluate",
    lastResult,
    constraint: getZodConstraint(EvaluateProjectSchema),
    defaultValue: data.myRating
      ? { rating: data.myRating.rating, comment: data.myRating.comment ?? undefined }
      : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EvaluateProjectSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="choices">
        <legend>{t("projects:evaluation.question")}</legend>
        {satisfactionRatings.map((value) => (
          <label key={value} className="choice">
            <input
              {...getInputProps(fields.rating, { type: "radio", value })}
              key={`${fields.rating.key}-${value}`}
              id={`${fields.rating.id}-${value}`}
            />
            {t(`projects:rating.${value}`)}
          </label>
        ))}
        <ErrorList id={fields.rating.errorId} errors={fields.rating.errors} />
      </fieldset>
      <TextareaField
        meta={fields.comment}
        label={t("projects:evaluation.comment")}
        hint={t("projects:evaluation.commentHint", { max: evaluationCommentMax })}
      />
      <div className="button-row">
        <button type="submit" name="intent" value="evaluate" className="primary">
          {data.myRating ? t("projects:evaluation.change") : t("projects:evaluation.submit")}
        </button>
      </div>
    </Form>
  );
}

export default function ProjectPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const sent = result?.initialValue?.intent;
  const { project, satisfaction } = data;
  const resultFor = (intent: Intent) => (sent === intent ? result : undefined);
  const responsible =
    project.responsibleKind === "committee"
      ? (project.responsibleName ?? t("projects:responsible.committeeOf", { community: project.community }))
      : project.responsibleName;
  return (
    <>
      <p>
        <Link to="/projects">{t("projects:page.backToList")}</Link>
      </p>
      <h1>{project.title}</h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      {data.signedIn ? (
        <FollowButton
          subjectType="project"
          subjectId={project.id}
          following={data.following}
          returnTo={`/projects/${project.id}`}
        />
      ) : null}
      <dl className="facts">
        <dt>{t("projects:page.proposal")}</dt>
        <dd>
          <Link to={`/proposals/${project.proposalId}`}>{t("projects:page.proposalLink")}</Link>
        </dd>
        <dt>{t("projects:page.scheme")}</dt>
        <dd>
          <Link to={`/schemes/${project.schemeId}`}>{project.schemeTitle}</Link>
        </dd>
        <dt>{t("projects:page.community")}</dt>
        <dd>{project.community}</dd>
        <dt>{t("projects:page.cost")}</dt>
        <dd>{project.cost}</dd>
        <dt>{t("projects:page.status")}</dt>
        <dd>{t(`projects:status.${project.status}`)}</dd>
        <dt>{t("projects:page.responsible")}</dt>
        <dd>
          {responsible
            ? `${responsible} (${t(`projects:responsible.${project.responsibleKind ?? "committee"}`)})`
            : t("projects:page.responsibleUnset")}
        </dd>
      </dl>

      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t("projects:page.progressHeading")}</h2>
        <div className="progress-row">
          <progress id="progress-bar" max={100} value={project.progress} aria-labelledby="progress-heading">
            {t("projects:percent", { percent: project.progress })}
          </progress>
          <span>{t("projects:percent", { percent: project.progress })}</span>
          <span className={`badge track-${project.track}`}>{t(`projects:track.${project.track}`)}</span>
        </div>
      </section>

      <section aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">{t("projects:page.milestonesHeading")}</h2>
        {data.milestones.length === 0 ? <p>{t("projects:page.noMilestones")}</p> : null}
        <ul className="milestone-list">
          {data.milestones.map((m) => (
            <li key={m.id}>
              <strong>{m.title}</strong> · {t("projects:page.due", { date: m.due })}{" "}
              {m.done ? (
                <span className="badge ok">{t("projects:page.doneOn", { date: m.done })}</span>
              ) : m.overdue ? (
                <span className="badge overdue">{t("projects:page.overdue")}</span>
              ) : (
                <span className="badge">{t("projects:page.pending")}</span>
              )}
              {data.isManager && !m.done && project.status === "implementing" ? (
                <MilestoneDoneForm milestoneId={m.id} title={m.title} />
              ) : null}
            </li>
          ))}
        </ul>
        {sent === "milestoneDone" ? <FormErrors errors={result?.error?.[""] ?? null} /> : null}
      </section>

      <section aria-labelledby="updates-heading">
        <h2 id="updates-heading">{t("projects:page.updatesHeading")}</h2>
        {data.updates.length === 0 ? <p>{t("projects:page.noUpdates")}</p> : null}
        <ul className="card-list">
          {data.updates.map((u) => (
            <li key={u.id}>
              <p className="muted">
                {u.date} · {t(`projects:page.by.${u.by}`)} · {t("projects:percent", { percent: u.progress })}{" "}
                · <span className={`badge track-${u.track}`}>{t(`projects:track.${u.track}`)}</span>
              </p>
              <p className="prose update-body">{u.body}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="acceptance-heading">
        <h2 id="acceptance-heading">{t("projects:page.acceptanceHeading")}</h2>
        {project.acceptedAt ? (
          <>
            <p>{t("projects:page.acceptedOn", { date: project.acceptedAt })}</p>
            {project.acceptanceNote ? <p className="prose update-body">{project.acceptanceNote}</p> : null}
          </>
        ) : (
          <p>{t("projects:page.notAccepted")}</p>
        )}
      </section>

      <section aria-labelledby="evaluation-heading">
        <h2 id="evaluation-heading">{t("projects:evaluation.heading")}</h2>
        {satisfaction.outcome ? (
          <p className="satisfaction-result">
            {t("projects:evaluation.result", {
              outcome: t(`projects:outcome.${satisfaction.outcome}`),
              satisfied: satisfaction.counts.satisfied,
              basically: satisfaction.counts.basically_satisfied,
              dissatisfied: satisfaction.counts.dissatisfied,
              total: satisfaction.total,
            })}
          </p>
        ) : (
          <p>{t("projects:evaluation.none")}</p>
        )}
        {project.status !== "accepted" ? (
          <p>{t("projects:evaluation.afterAcceptance")}</p>
        ) : data.evaluationOpen ? (
          <p>{t("projects:evaluation.openUntil", { date: project.evaluationClosesAt ?? "" })}</p>
        ) : (
          <p>{t("projects:evaluation.closed", { date: project.evaluationClosesAt ?? "" })}</p>
        )}
        {data.canEvaluate ? (
          <>
            {data.myRating ? (
              <p>
                {t("projects:evaluation.yours", { rating: t(`projects:rating.${data.myRating.rating}`) })}
              </p>
            ) : null}
            <EvaluateForm data={data} lastResult={resultFor("evaluate")} />
          </>
        ) : data.evaluationOpen && !data.signedIn ? (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(`/projects/${project.id}`)}`}>
              {t("projects:evaluation.signIn")}
            </Link>
          </p>
        ) : data.evaluationOpen ? (
          <p>{t("projects:evaluation.residentsOnly")}</p>
        ) : null}
      </section>

      {data.canBuyThroughCall ? (
        <p>
          <Link to={`/funding/new?projects=${project.id}`}>{t("calls:projectLink.buy")}</Link>
        </p>
      ) : null}

      <Timeline entries={data.timeline} headingId="timeline-heading" />

      {data.isManager && project.status === "implementing" ? (
        <section aria-labelledby="manage-heading" className="manage">
          <h2 id="manage-heading">{t("projects:manage.heading")}</h2>
          <h3>{t("projects:manage.responsibleHeading")}</h3>
          <ResponsibleForm data={data} lastResult={resultFor("responsible")} />
          <h3>{t("projects:manage.milestoneHeading")}</h3>
          <MilestoneForm lastResult={resultFor("milestone")} />
          <h3>{t("projects:manage.updateHeading")}</h3>
          <UpdateForm data={data} lastResult={resultFor("update")} />
          <h3>{t("projects:manage.acceptHeading")}</h3>
          {data.canAccept ? (
            <AcceptForm lastResult={resultFor("accept")} />
          ) : (
            <p>{t("projects:manage.acceptNotYet")}</p>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
