import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { localizedName, type LocalizedNames } from "~/lib/localized-name";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { cancelResidencyRequest } from "~/modules/accounts/cancel-residency-request.server";
import { redeemResidencyInvite } from "~/modules/accounts/redeem-residency-invite.server";
import { requestResidency } from "~/modules/accounts/request-residency.server";
import { getResidencyStatus, loadCommunityPicker } from "~/modules/accounts/residency-queries.server";
import {
  CancelResidencyRequestSchema,
  RedeemInviteSchema,
  RequestResidencySchema,
  residencyMessageMax,
} from "~/modules/accounts/residency-schemas";

const notices = {
  requested: "residency:account.notices.requested",
  cancelled: "residency:account.notices.cancelled",
  redeemed: "residency:account.notices.redeemed",
} as const;

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const url = new URL(request.url);
  const [status, picker] = await Promise.all([
    getResidencyStatus(user.id),
    loadCommunityPicker({
      district: url.searchParams.get("district"),
      street: url.searchParams.get("street"),
      community: url.searchParams.get("community"),
    }),
  ]);
  const name = (a: LocalizedNames) => localizedName(a, locale);
  const place = (community: LocalizedNames, grid: (LocalizedNames & { code: string | null }) | null) =>
    grid?.code ? `${name(community)} · ${name(grid as LocalizedNames)}` : name(community);
  const option = (a: { code: string } & LocalizedNames) => ({ code: a.code, name: name(a) });
  const noticeKey = url.searchParams.get("notice");
  return {
    title: `${t("residency:account.title")} · ${t("common:appName")}`,
    notice: noticeKey && noticeKey in notices ? notices[noticeKey as keyof typeof notices] : null,
    residence: status.residence
      ? {
          place: place(status.residence.community, status.residence.grid),
          code: status.residence.community.code,
          since: formatDate(status.residence.since, locale),
        }
      : null,
    pending: status.pending
      ? {
          id: status.pending.id,
          place: place(status.pending.community, status.pending.grid),
          message: status.pending.message,
          date: formatDate(status.pending.createdAt, locale),
        }
      : null,
    lastRejection: status.lastRejection
      ? {
          place: place(status.lastRejection.community, status.lastRejection.grid),
          reason: status.lastRejection.decisionReason ?? "",
          date: formatDate(status.lastRejection.decidedAt ?? status.lastRejection.createdAt, locale),
        }
      : null,
    picker: {
      districts: picker.districts.map(option),
      district: picker.district ? option(picker.district) : null,
      streets: picker.streets.map(option),
      street: picker.street ? option(picker.street) : null,
      communities: picker.communities.map(option),
      community: picker.community ? option(picker.community) : null,
      grids: picker.grids.map(option),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const intent = formData.get("intent");
  if (intent === "request") {
    const submission = parseWithZod(formData, { schema: RequestResidencySchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await requestResidency({
        actor: user,
        communityCode: submission.value.community,
        gridCode: submission.value.grid,
        message: submission.value.message,
      });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect("/account/residency?notice=requested");
  }
  if (intent === "cancel") {
    const submission = parseWithZod(formData, { schema: CancelResidencyRequestSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await cancelResidencyRequest({ actor: user, requestId: submission.value.requestId });
    } catch (error) {
      return refusedSubmission(submission, error);
    }
    return redirect("/account/residency?notice=cancelled");
  }
  if (intent === "redeem") {
    const submission = parseWithZod(formData, { schema: RedeemInviteSchema });
    if (submission.status !== "success") return invalidSubmission(submission);
    try {
      await redeemResidencyInvite({
        actor: user,
        code: submission.value.code,
        ip: getRequestMeta(request, context).ip,
      });
    } catch (error) {
      return refusedSubmission(submission, error, { hideFields: ["code"] });
    }
    return redirect("/account/residency?notice=redeemed");
  }
  throw new Response("Unknown form", { status: 400 });
}

/** Several forms share this page; each shows only the reply to its own submission. */
function resultFor(intent: string, result: SubmissionResult<string[]> | undefined) {
  const sent = result?.initialValue?.intent;
  return sent === intent ? result : undefined;
}

function RequestForm() {
  const { t } = useTranslation();
  const { picker } = useLoaderData<typeof loader>();
  const lastResult = resultFor("request", useActionData<typeof action>()?.result);
  const [form, fields] = useForm({
    id: "residency-request",
    lastResult,
    constraint: getZodConstraint(RequestResidencySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RequestResidencySchema }),
    // Not on blur: an error vanishing as the person clicks "send" moves the button from under the click.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">{t("residency:account.requestHeading")}</h2>
      <p>{t("residency:account.requestLead")}</p>
      {/* Step by step with plain GET forms, so choosing works without JavaScript. */}
      <Form method="get" className="stack">
        <div className="field">
          <label htmlFor="pick-district">{t("residency:account.district")}</label>
          <select id="pick-district" name="district" defaultValue={picker.district?.code ?? ""} required>
            <option value="">{t("residency:account.choose")}</option>
            {picker.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="secondary">
            {t("residency:account.next")}
          </button>
        </div>
      </Form>
      {picker.district ? (
        <Form method="get" className="stack">
          <input type="hidden" name="district" value={picker.district.code} />
          <div className="field">
            <label htmlFor="pick-street">{t("residency:account.street")}</label>
            <select id="pick-street" name="street" defaultValue={picker.street?.code ?? ""} required>
              <option value="">{t("residency:account.choose")}</option>
              {picker.streets.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="secondary">
              {t("residency:account.next")}
            </button>
          </div>
        </Form>
      ) : null}
      {picker.district && picker.street ? (
        <Form method="get" className="stack">
          <input type="hidden" name="district" value={picker.district.code} />
          <input type="hidden" name="street" value={picker.street.code} />
          <div className="field">
            <label htmlFor="pick-community">{t("residency:account.community")}</label>
            <select id="pick-community" name="community" defaultValue={picker.community?.code ?? ""} required>
              <option value="">{t("residency:account.choose")}</option>
              {picker.communities.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="secondary">
              {t("residency:account.next")}
            </button>
          </div>
        </Form>
      ) : null}
      {picker.community ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="request" />
          <input type="hidden" name="community" value={picker.community.code} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <p>
            {t("residency:account.chosenCommunity", {
              community: picker.community.name,
              street: picker.street?.name ?? "",
              district: picker.district?.name ?? "",
            })}
          </p>
          <ErrorList id={fields.community.errorId} errors={fields.community.errors} />
          <div className="field">
            <label htmlFor={fields.grid.id}>{t("residency:account.grid")}</label>
            <p id={`${fields.grid.id}-hint`} className="hint">
              {t("residency:account.gridHint")}
            </p>
            <select
              {...getSelectProps(fields.grid)}
              key={fields.grid.key}
              aria-describedby={`${fields.grid.id}-hint`}
            >
              <option value="">{t("residency:account.noGrid")}</option>
              {picker.grids.map((g) => (
                <option key={g.code} value={g.code}>
                  {g.name}
                </option>
              ))}
            </select>
            <ErrorList id={fields.grid.errorId} errors={fields.grid.errors} />
          </div>
          <TextareaField
            meta={fields.message}
            label={t("residency:account.message")}
            hint={t("residency:account.messageHint", { max: residencyMessageMax })}
          />
          <div>
            <button type="submit" className="primary">
              {t("residency:account.submit")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function CancelForm({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const lastResult = resultFor("cancel", useActionData<typeof action>()?.result);
  const [form] = useForm({ id: "residency-cancel", lastResult });
  return (
    <Form method="post" {...getFormProps(form)}>
      <CsrfInput />
      <input type="hidden" name="intent" value="cancel" />
      <input type="hidden" name="requestId" value={requestId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="secondary">
        {t("residency:account.cancel")}
      </button>
    </Form>
  );
}

function RedeemForm() {
  const { t } = useTranslation();
  const lastResult = resultFor("redeem", useActionData<typeof action>()?.result);
  const [form, fields] = useForm({
    id: "residency-redeem",
    lastResult,
    constraint: getZodConstraint(RedeemInviteSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RedeemInviteSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <section aria-labelledby="redeem-heading">
      <h2 id="redeem-heading">{t("residency:account.redeemHeading")}</h2>
      <p>{t("residency:account.redeemLead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <input type="hidden" name="intent" value="redeem" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.code}
          label={t("residency:account.code")}
          hint={t("residency:account.codeHint")}
          autoComplete="off"
        />
        <div>
          <button type="submit" className="primary">
            {t("residency:account.redeem")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function AccountResidency() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/account">{t("accounts:account.backLink")}</Link>
      </p>
      <h1>{t("residency:account.title")}</h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">{t("residency:account.statusHeading")}</h2>
        {data.residence ? (
          <p>
            <span className="badge ok">{t("residency:account.verifiedBadge")}</span>{" "}
            {t("residency:account.verified", { place: data.residence.place, date: data.residence.since })}{" "}
            <Link to={`/areas/${data.residence.code}`}>{t("residency:account.communityPage")}</Link>
          </p>
        ) : null}
        {data.pending ? (
          <div>
            <p>
              <span className="badge warn">{t("residency:account.pendingBadge")}</span>{" "}
              {t("residency:account.pending", { place: data.pending.place, date: data.pending.date })}
            </p>
            {data.pending.message ? (
              <p className="muted">{t("residency:account.yourMessage", { message: data.pending.message })}</p>
            ) : null}
            <CancelForm requestId={data.pending.id} />
          </div>
        ) : null}
        {!data.pending && data.lastRejection ? (
          <p>
            {t("residency:account.rejected", {
              place: data.lastRejection.place,
              date: data.lastRejection.date,
              reason: data.lastRejection.reason,
            })}
          </p>
        ) : null}
        {!data.residence && !data.pending ? <p>{t("residency:account.none")}</p> : null}
      </section>
      {data.pending ? null : (
        <>
          {data.residence ? <p className="muted">{t("residency:account.moveHint")}</p> : null}
          <RequestForm />
        </>
      )}
      <RedeemForm />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
