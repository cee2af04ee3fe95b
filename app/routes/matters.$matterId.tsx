import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
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
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Timeline } from "~/components/timeline";
import { findOutcomeFor } from "~/modules/outcomes/outcome-queries.server";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { canManageArea, isResidentWithin } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { listTimeline } from "~/modules/timeline/timeline.server";
import { acknowledgeMatter } from "~/modules/matters/acknowledge-matter.server";
import { loadCalendarAround } from "~/modules/matters/calendar.server";
import { getMatter, hasMeToo } from "~/modules/matters/matter-queries.server";
import {
  AcknowledgeMatterSchema,
  handlerNameMax,
  MeTooSchema,
  pageResponseKinds,
  RateMatterSchema,
  RespondToMatterSchema,
  responseTextMax,
} from "~/modules/matters/matter-schemas";
import { canRate, isOpenStatus, ratings } from "~/modules/matters/matter-status";
import { addMeToo, retractMeToo } from "~/modules/matters/me-too.server";
import { rateResponse } from "~/modules/matters/rate-response.server";
import { respondToMatter } from "~/modules/matters/respond-to-matter.server";
import { workingDaysLeft } from "~/modules/matters/working-days";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { isImage } from "~/modules/uploads/file-type";
import mattersStyles from "~/styles/matters.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mattersStyles }];

const notices = {
  raised: "matters:detail.notices.raised",
  meToo: "matters:detail.notices.meToo",
  meTooRetracted: "matters:detail.notices.meTooRetracted",
  acknowledged: "matters:detail.notices.acknowledged",
  responded: "matters:detail.notices.responded",
  rated: "matters:detail.notices.rated",
} as const;

function formatDate(date: Date, locale: Locale, withTime = false) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone: "Asia/Shanghai",
  }).format(date);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const matter = await getMatter(params.matterId ?? "");
  if (!matter) throw new Response(null, { status: 404 });
  const user = await getUser(request);
  const roles = user ? await listActiveRoles(user.id) : [];
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  const open = isOpenStatus(matter.status);
  const deadline = open ? workingDaysLeft(matter.responseDueAt, now, await loadCalendarAround(now)) : null;
  const isAuthor = Boolean(user && matter.authorId === user.id);
  // The consultation's outcome when there is one; otherwise one published for the matter itself (also
  // allowed while a consultation on it is still running).
  const outcome =
    (matter.consultationId ? await findOutcomeFor("consultation", matter.consultationId) : null) ??
    (await findOutcomeFor("matter", matter.id));
  const resident = isResidentWithin(roles, matter.community.path);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${matter.title} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    signedIn: Boolean(user),
    userName: user?.displayName ?? "",
    outcomeId: outcome?.id ?? null,
    matter: {
      id: matter.id,
      title: matter.title,
      description: matter.description,
      category: matter.category,
      address: matter.address,
      status: matter.status,
      communityCode: matter.community.code,
      community: localizedName(matter.community, locale),
      grid: matter.grid?.code
        ? localizedName(
            {
              nameZhCn: matter.grid.nameZhCn ?? "",
              nameZhHk: matter.grid.nameZhHk ?? "",
              nameEn: matter.grid.nameEn ?? "",
            },
            locale,
          )
        : null,
      raisedAt: formatDate(matter.createdAt, locale, true),
      dueDate: formatDate(matter.responseDueAt, locale),
      handlerName: matter.handlerName,
      acknowledgedAt: matter.acknowledgedAt ? formatDate(matter.acknowledgedAt, locale, true) : null,
      respondedAt: matter.respondedAt ? formatDate(matter.respondedAt, locale, true) : null,
      respondedOnTime: matter.respondedAt
        ? matter.respondedAt.getTime() <= matter.responseDueAt.getTime()
        : null,
      responseKind: matter.responseKind,
      responseText: matter.responseText,
      referredDepartment: matter.referredDepartment,
      consultationId: matter.consultationId,
      meTooCount: matter.meTooCount,
      rating: matter.rating,
    },
    deadline,
    canManage: canManageArea(roles, matter.community.path).allowed,
    isAuthor,
    canMeToo: resident && !isAuthor,
    meToo: user && resident && !isAuthor ? await hasMeToo(matter.id, user.id) : false,
    canRate: canRate(matter, isAuthor ? "author" : "resident").ok,
    timeline: await listTimeline("matter", matter.id),
    photos: (await listAttachments("matter", matter.id)).filter((a) => isImage(a.mimeType)),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const matterId = params.matterId ?? "";
  const here = `/matters/${matterId}`;
  const intent = formData.get("intent");
  const requestMeta = getRequestMeta(request, context);

  if (intent === "meToo" || intent === "retractMeToo") {
    const submission = parseWithZod(formData, { schema: MeTooSchema });
    try {
      if (intent === "meToo") await addMeToo({ actor: user, actorRoles: roles, matterId });
      else await retractMeToo({ actor: user, actorRoles: roles, matterId });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=${intent === "meToo" ? "meToo" : "meTooRetracted"}`);
  }
  if (intent === "acknowledge") {
    const submission = parseWithZod(formData, { schema: AcknowledgeMatterSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await acknowledgeMatter({
        actor: user,
        actorRoles: roles,
        matterId,
        handlerName: submission.value.handlerName,
        meta: requestMeta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=acknowledged`);
  }
  if (intent === "respond") {
    const submission = parseWithZod(formData, { schema: RespondToMatterSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await respondToMatter({
        actor: user,
        actorRoles: roles,
        matterId,
        kind: submission.value.kind,
        text: submission.value.text,
        department: submission.value.department,
        meta: requestMeta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=responded`);
  }
  if (intent === "rate") {
    const submission = parseWithZod(formData, { schema: RateMatterSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await rateResponse({ actor: user, matterId, rating: submission.value.rating });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=rated`);
  }
  throw new Response(null, { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;

function resultFor(result: Result, intent: string): Result {
  return result?.initialValue?.intent === intent ? result : undefined;
}

function MeTooForm({ meToo, lastResult }: { meToo: boolean; lastResult: Result }) {
  const { t } = useTranslation();
  const errors = lastResult?.error?.[""] ?? null;
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <FormErrors errors={errors} />
      {meToo ? (
        <button type="submit" name="intent" value="retractMeToo" className="secondary">
          {t("matters:detail.retractMeToo")}
        </button>
      ) : (
        <button type="submit" name="intent" value="meToo" className="primary">
          {t("matters:detail.meTooButton")}
        </button>
      )}
    </Form>
  );
}

function AcknowledgeForm({ defaultName, lastResult }: { defaultName: string; lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof AcknowledgeMatterSchema>>({
    id: "acknowledge",
    lastResult,
    constraint: getZodConstraint(AcknowledgeMatterSchema),
    defaultValue: { handlerName: defaultName },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcknowledgeMatterSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <h3 id="acknowledge-heading">{t("matters:manage.acknowledgeHeading")}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="acknowledge" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        meta={fields.handlerName}
        label={t("matters:manage.handlerName")}
        hint={t("matters:manage.handlerNameHint", { max: handlerNameMax })}
      />
      <div className="button-row">
        <button type="submit" className="primary">
          {t("matters:manage.acknowledge")}
        </button>
      </div>
    </Form>
  );
}

const responseKindLabel = {
  answer: "matters:responseKinds.answer",
  proposal: "matters:responseKinds.proposal",
  referral: "matters:responseKinds.referral",
  decline: "matters:responseKinds.decline",
  consultation: "matters:responseKinds.consultation",
} as const;

function RespondForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof RespondToMatterSchema>>({
    id: "respond",
    lastResult,
    constraint: getZodConstraint(RespondToMatterSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RespondToMatterSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <h3>{t("matters:manage.respondHeading")}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="respond" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="choice-group" aria-describedby={fields.kind.errorId}>
        <legend>{t("matters:manage.kind")}</legend>
        {pageResponseKinds.map((kind) => (
          <label key={kind} className="choice">
            <input
              {...getInputProps(fields.kind, { type: "radio", value: kind })}
              id={`${fields.kind.id}-${kind}`}
              key={`${fields.kind.key}-${kind}`}
            />
            {t(responseKindLabel[kind])}
          </label>
        ))}
        <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      </fieldset>
      <TextareaField
        meta={fields.text}
        label={t("matters:manage.text")}
        hint={t("matters:manage.textHint", { max: responseTextMax })}
      />
      <Field
        meta={fields.department}
        label={t("matters:manage.department")}
        hint={t("matters:manage.departmentHint")}
      />
      <div className="button-row">
        <button type="submit" className="primary">
          {t("matters:manage.respond")}
        </button>
      </div>
    </Form>
  );
}

const ratingLabel = {
  satisfied: "matters:ratings.satisfied",
  basically_satisfied: "matters:ratings.basically_satisfied",
  dissatisfied: "matters:ratings.dissatisfied",
} as const;

function RateForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof RateMatterSchema>>({
    id: "rate",
    lastResult,
    constraint: getZodConstraint(RateMatterSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RateMatterSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <CsrfInput />
      <input type="hidden" name="intent" value="rate" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="choice-group" aria-describedby={fields.rating.errorId}>
        <legend>{t("matters:rating.question")}</legend>
        {ratings.map((r) => (
          <label key={r} className="choice">
            <input
              {...getInputProps(fields.rating, { type: "radio", value: r })}
              id={`${fields.rating.id}-${r}`}
              key={`${fields.rating.key}-${r}`}
            />
            {t(ratingLabel[r])}
          </label>
        ))}
        <ErrorList id={fields.rating.errorId} errors={fields.rating.errors} />
      </fieldset>
      <div className="button-row">
        <button type="submit" className="primary">
          {t("matters:rating.submit")}
        </button>
      </div>
    </Form>
  );
}

export default function MatterPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result as Result;
  const m = data.matter;
  const d = data.deadline;
  const open = isOpenStatus(m.status);
  return (
    <article className="matter-page">
      <p>
        <Link to={`/matters?area=${m.communityCode}`}>{t("matters:detail.back")}</Link>
      </p>
      <h1>{m.title}</h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <p>
        <span className={`badge status-${m.status}`}>{t(`matters:status.${m.status}`)}</span>{" "}
        {d?.state === "overdue" ? (
          <span className="badge overdue">{t("matters:list.overdueBadge")}</span>
        ) : null}
      </p>

      <section aria-labelledby="handling-heading" className="handling-box">
        <h2 id="handling-heading">{t("matters:detail.handlingHeading")}</h2>
        <dl className="facts">
          <dt>{t("matters:detail.handler")}</dt>
          <dd>{m.handlerName ?? t("matters:detail.noHandler")}</dd>
          <dt>{t("matters:detail.deadline")}</dt>
          <dd>
            {d === null
              ? m.respondedOnTime
                ? t("matters:detail.respondedOnTime", { date: m.respondedAt ?? "" })
                : t("matters:detail.respondedLate", { date: m.respondedAt ?? "", due: m.dueDate })
              : d.state === "open"
                ? t("matters:detail.dueIn", { date: m.dueDate, days: d.left })
                : d.state === "dueToday"
                  ? t("matters:detail.dueToday", { date: m.dueDate })
                  : t("matters:detail.overdueBy", { date: m.dueDate, days: d.by })}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="about-heading">
        <h2 id="about-heading">{t("matters:detail.aboutHeading")}</h2>
        <dl className="facts">
          <dt>{t("matters:detail.place")}</dt>
          <dd>
            <Link to={`/areas/${m.communityCode}`}>{m.community}</Link>
            {m.grid ? ` · ${m.grid}` : null}
          </dd>
          {m.address ? (
            <>
              <dt>{t("matters:detail.address")}</dt>
              <dd>{m.address}</dd>
            </>
          ) : null}
          <dt>{t("matters:detail.category")}</dt>
          <dd>{t(`matters:categories.${m.category}`)}</dd>
          <dt>{t("matters:detail.raisedAt")}</dt>
          <dd>{m.raisedAt}</dd>
        </dl>
        <p className="pre-line matter-body">{m.description}</p>
        {data.photos.length > 0 ? (
          <>
            <h3>{t("matters:detail.photosHeading")}</h3>
            <ul className="photo-grid">
              {data.photos.map((p) => (
                <li key={p.id}>
                  <a href={`/attachments/${p.id}`}>
                    <img src={`/attachments/${p.id}`} alt={p.fileName} loading="lazy" />
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {m.responseKind ? (
        <section aria-labelledby="response-heading" className="official-response">
          <h2 id="response-heading">{t("matters:detail.responseHeading")}</h2>
          <p>
            <strong>{t(responseKindLabel[m.responseKind])}</strong>
            {m.respondedAt ? ` · ${m.respondedAt}` : null}
          </p>
          {m.referredDepartment ? (
            <p>{t("matters:detail.referredTo", { department: m.referredDepartment })}</p>
          ) : null}
          {m.responseText ? <p className="pre-line">{m.responseText}</p> : null}
          {m.responseKind === "consultation" && m.consultationId ? (
            <p>
              <Link to={`/consultations/${m.consultationId}`}>{t("matters:detail.consultationLink")}</Link>
            </p>
          ) : null}
          {m.responseKind === "proposal" ? (
            <p>
              <Link to="/schemes">{t("matters:detail.schemesLink")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {m.rating ? (
        <p>{t("matters:rating.given", { rating: t(ratingLabel[m.rating]) })}</p>
      ) : data.canRate ? (
        <section aria-labelledby="rate-heading">
          <h2 id="rate-heading">{t("matters:rating.heading")}</h2>
          <RateForm lastResult={resultFor(result, "rate")} />
        </section>
      ) : null}

      <section aria-labelledby="metoo-heading">
        <h2 id="metoo-heading">{t("matters:detail.meTooHeading")}</h2>
        <p>{t("matters:detail.meTooCount", { n: m.meTooCount })}</p>
        {data.canMeToo ? (
          <MeTooForm
            meToo={data.meToo}
            lastResult={resultFor(result, "meToo") ?? resultFor(result, "retractMeToo")}
          />
        ) : !data.signedIn ? (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(`/matters/${m.id}`)}`}>
              {t("matters:detail.signInToMeToo")}
            </Link>
          </p>
        ) : data.isAuthor ? null : (
          <p className="muted">{t("matters:detail.meTooResidentsOnly")}</p>
        )}
      </section>

      {data.canManage && open ? (
        <section aria-labelledby="manage-heading" className="manage-box">
          <h2 id="manage-heading">{t("matters:manage.heading")}</h2>
          {m.status === "raised" ? (
            <AcknowledgeForm defaultName={data.userName} lastResult={resultFor(result, "acknowledge")} />
          ) : null}
          <RespondForm lastResult={resultFor(result, "respond")} />
          <h3>{t("matters:manage.consultHeading")}</h3>
          <p>
            <Link to={`/consultations/new?matter=${m.id}`}>{t("matters:manage.consultLink")}</Link>
          </p>
        </section>
      ) : null}

      {data.outcomeId ? (
        <p>
          <Link to={`/outcomes/${data.outcomeId}`}>{t("matters:detail.outcomeLink")}</Link>
        </p>
      ) : null}
      <Timeline entries={data.timeline} headingId="timeline-heading" />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
