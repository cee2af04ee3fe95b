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
import { FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  certificateSubject,
  countInvitationsFor,
  latestDeclaration,
  listServiceAreas,
  loadVisibleOrganisationOr404,
} from "~/modules/funding/organisation-queries.server";
import { DecideOrganisationSchema, reasonMax, ResubmitSchema } from "~/modules/funding/organisation-schemas";
import { decideOrganisation, resubmitOrganisation } from "~/modules/funding/organisation-verify.server";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import organisationsStyles from "~/styles/organisations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: organisationsStyles }];

const notices = {
  registered: "organisations:notices.registered",
  updated: "organisations:notices.updated",
  verified: "organisations:notices.verified",
  rejected: "organisations:notices.rejected",
  resubmitted: "organisations:notices.resubmitted",
  declared: "organisations:notices.declared",
  joined: "organisations:notices.joined",
} as const;

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const roles = user ? await listActiveRoles(user.id) : [];
  const { org, viewer } = await loadVisibleOrganisationOr404(params.organisationId ?? "", roles);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const declaration = await latestDeclaration(org.id);
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    title: `${org.name} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    org: {
      id: org.id,
      name: org.name,
      nameEn: org.nameEn,
      status: org.status,
      legalForm: org.legalForm,
      creditCode: org.creditCode,
      registrationAuthority: org.registrationAuthority,
      area: localizedName(org.area, locale),
      address: org.address,
      description: org.description,
      registeredOn: formatDate(org.createdAt, locale),
      decidedOn: org.decidedAt ? formatDate(org.decidedAt, locale) : null,
      // The reason is for the organisation and its verifiers, not the public.
      rejectionReason: viewer.isMember || viewer.canVerify ? org.rejectionReason : null,
      contact: viewer.seesContact
        ? { name: org.contactName, phone: org.contactPhone, email: org.contactEmail }
        : null,
    },
    serviceAreas: (await listServiceAreas(org.id)).map((a) => localizedName(a, locale)),
    declaration: declaration
      ? {
          declarantName: declaration.declarantName,
          declaredOn: formatDate(declaration.declaredAt, locale),
          notAbnormal1y: declaration.notAbnormal1y,
          notSeriousViolation2y: declaration.notSeriousViolation2y,
          noMajorViolation3y: declaration.noMajorViolation3y,
          note: declaration.note,
        }
      : null,
    certificates:
      viewer.isMember || viewer.canVerify
        ? (await listAttachments(certificateSubject, org.id)).map((a) => ({ id: a.id, fileName: a.fileName }))
        : [],
    viewer,
    invitationCount: user ? await countInvitationsFor(user) : 0,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const organisationId = params.organisationId ?? "";
  const here = `/organisations/${organisationId}`;
  const meta = getRequestMeta(request, context);
  const intent = formData.get("intent");
  if (intent === "resubmit") {
    const submission = parseWithZod(formData, { schema: ResubmitSchema });
    try {
      await resubmitOrganisation({ actor: user, actorRoles: roles, organisationId, meta });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=resubmitted`);
  }
  if (intent === "verify" || intent === "reject") {
    const submission = parseWithZod(formData, { schema: DecideOrganisationSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await decideOrganisation({
        actor: user,
        actorRoles: roles,
        organisationId,
        decision: submission.value.intent,
        reason: submission.value.reason,
        meta,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect(`${here}?notice=${submission.value.intent === "verify" ? "verified" : "rejected"}`);
  }
  throw new Response(null, { status: 400 });
}

type Result = SubmissionResult<string[]> | undefined;

function DecideForm({ lastResult }: { lastResult: Result }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof DecideOrganisationSchema>>({
    id: "decide-organisation",
    lastResult,
    constraint: getZodConstraint(DecideOrganisationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecideOrganisationSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section aria-labelledby="decide-heading">
      <h2 id="decide-heading">{t("organisations:profile.decideHeading")}</h2>
      <p>{t("organisations:profile.decideLead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextareaField
          meta={fields.reason}
          label={t("organisations:profile.reason")}
          hint={t("organisations:profile.reasonHint", { max: reasonMax })}
        />
        <div className="button-row">
          <button type="submit" name="intent" value="verify" className="primary">
            {t("organisations:profile.verify")}
          </button>{" "}
          <button type="submit" name="intent" value="reject" className="secondary">
            {t("organisations:profile.reject")}
          </button>
        </div>
      </Form>
    </section>
  );
}

const statusClass = { pending: "warn", verified: "ok", rejected: "warn" } as const;

export default function OrganisationProfile() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const { org, viewer, declaration } = data;
  const decideResult = lastResult?.initialValue?.intent !== "resubmit" ? lastResult : undefined;
  const answer = (ok: boolean) =>
    ok ? t("organisations:declarations.affirmed") : t("organisations:declarations.notAffirmed");
  return (
    <>
      <h1>{org.name}</h1>
      {org.nameEn ? (
        <p className="lead" lang="en">
          {org.nameEn}
        </p>
      ) : null}
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <p>
        <span className={`badge ${statusClass[org.status]}`}>{t(`organisations:status.${org.status}`)}</span>
      </p>
      {org.status === "pending" && viewer.isMember ? <p>{t("organisations:profile.pendingNote")}</p> : null}
      {org.status === "rejected" && org.rejectionReason ? (
        <div className="form-error" role="note">
          <p>{t("organisations:profile.rejectedBecause", { reason: org.rejectionReason })}</p>
        </div>
      ) : null}
      {data.invitationCount > 0 ? (
        <p>
          <Link to="/organisations/invitations">
            {t("organisations:list.invitations", { n: data.invitationCount })}
          </Link>
        </p>
      ) : null}

      {viewer.isAdmin ? (
        <nav aria-label={t("organisations:profile.adminNav")}>
          <ul className="inline-list">
            <li>
              <Link to={`/organisations/${org.id}/edit`}>{t("organisations:profile.edit")}</Link>
            </li>
            <li>
              <Link to={`/organisations/${org.id}/members`}>{t("organisations:profile.members")}</Link>
            </li>
            <li>
              <Link to={`/organisations/${org.id}/declarations`}>{t("organisations:profile.declare")}</Link>
            </li>
          </ul>
        </nav>
      ) : viewer.isMember ? (
        <p>
          <Link to={`/organisations/${org.id}/members`}>{t("organisations:profile.members")}</Link>
        </p>
      ) : null}
      {viewer.isAdmin && org.status === "rejected" ? (
        <Form method="post" className="inline-form">
          <CsrfInput />
          <FormErrors
            errors={lastResult?.initialValue?.intent === "resubmit" ? lastResult.error?.[""] : null}
          />
          <p>{t("organisations:profile.resubmitLead")}</p>
          <button type="submit" name="intent" value="resubmit" className="primary">
            {t("organisations:profile.resubmit")}
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t("organisations:profile.details")}</h2>
        <dl className="facts">
          <dt>{t("organisations:form.legalForm")}</dt>
          <dd>{org.legalForm ? t(`organisations:legalForms.${org.legalForm}`) : "—"}</dd>
          <dt>{t("organisations:form.creditCode")}</dt>
          <dd>
            <code>{org.creditCode ?? "—"}</code>
          </dd>
          <dt>{t("organisations:form.authority")}</dt>
          <dd>{org.registrationAuthority ?? "—"}</dd>
          <dt>{t("organisations:form.area")}</dt>
          <dd>{org.area}</dd>
          <dt>{t("organisations:form.address")}</dt>
          <dd>{org.address ?? "—"}</dd>
          <dt>{t("organisations:form.serviceAreas")}</dt>
          <dd>{data.serviceAreas.join(t("organisations:profile.listSeparator"))}</dd>
          <dt>{t("organisations:profile.registeredOn")}</dt>
          <dd>{org.registeredOn}</dd>
          {org.status === "verified" && org.decidedOn ? (
            <>
              <dt>{t("organisations:profile.verifiedOn")}</dt>
              <dd>{org.decidedOn}</dd>
            </>
          ) : null}
          {org.contact ? (
            <>
              <dt>{t("organisations:form.contact")}</dt>
              <dd>
                {org.contact.name} · {org.contact.phone}
                {org.contact.email ? ` · ${org.contact.email}` : ""}
              </dd>
            </>
          ) : null}
        </dl>
        <h3>{t("organisations:form.description")}</h3>
        <p className="prewrap">{org.description}</p>
        {data.certificates.length > 0 ? (
          <>
            <h3>{t("organisations:form.certificate")}</h3>
            <ul>
              {data.certificates.map((c) => (
                <li key={c.id}>
                  <a href={`/organisations/${org.id}/certificate/${c.id}`}>{c.fileName}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="declaration-heading">
        <h2 id="declaration-heading">{t("organisations:declarations.heading")}</h2>
        {declaration ? (
          <>
            <p>
              {t("organisations:declarations.declaredBy", {
                name: declaration.declarantName,
                date: declaration.declaredOn,
              })}
            </p>
            <ul>
              <li>
                {t("organisations:declarations.items.notAbnormal1y")}: {answer(declaration.notAbnormal1y)}
              </li>
              <li>
                {t("organisations:declarations.items.notSeriousViolation2y")}:{" "}
                {answer(declaration.notSeriousViolation2y)}
              </li>
              <li>
                {t("organisations:declarations.items.noMajorViolation3y")}:{" "}
                {answer(declaration.noMajorViolation3y)}
              </li>
            </ul>
            {declaration.note ? <p className="prewrap">{declaration.note}</p> : null}
          </>
        ) : (
          <p>{t("organisations:declarations.none")}</p>
        )}
      </section>

      {viewer.canVerify && org.status === "pending" ? <DecideForm lastResult={decideResult} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
