import { getFormProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
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
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { canManageArea } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { findOutcomeFor } from "~/modules/outcomes/outcome-queries.server";
import {
  actionRows,
  defaultNoticeDays,
  itemRows,
  maxNoticeDays,
  optionHandlings,
  PublishOutcomeSchema,
} from "~/modules/outcomes/outcome-schemas";
import { getOutcomeParent, publishOutcome } from "~/modules/outcomes/publish-outcome.server";
import stylesheet from "~/styles/meetings.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

/** The consultation or matter in the query string; only its area's committee or officials get further. */
async function requireParent(request: Request) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const consultation = url.searchParams.get("consultation");
  const matter = url.searchParams.get("matter");
  const kind = consultation ? ("consultation" as const) : matter ? ("matter" as const) : null;
  if (!kind) throw new Response(null, { status: 404 });
  const parent = await getOutcomeParent(kind, (consultation ?? matter)!);
  if (!parent) throw new Response(null, { status: 404 });
  const roles = await listActiveRoles(user.id);
  if (!canManageArea(roles, parent.areaPath).allowed) throw new Response(null, { status: 403 });
  return { user, roles, kind, parent };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, kind, parent } = await requireParent(request);
  const existing = await findOutcomeFor(kind, parent.id);
  if (existing) throw redirect(`/outcomes/${existing.id}`);
  const t = await fixedT(await resolveLocale(request, user.locale));
  const now = new Date();
  return {
    title: `${t("meetings:outcomeNew.title")} · ${t("common:appName")}`,
    kind,
    parent: { id: parent.id, title: parent.title },
    stillOpen: kind === "consultation" && parent.closesAt !== null && now < parent.closesAt,
    notPublished: kind === "consultation" && parent.status !== "published",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, kind, parent } = await requireParent(request);
  formData.delete("consultationId");
  formData.delete("matterId");
  formData.set(kind === "consultation" ? "consultationId" : "matterId", parent.id);
  const submission = parseWithZod(formData, { schema: PublishOutcomeSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: string;
  try {
    ({ id } = await publishOutcome({
      actor: user,
      actorRoles: roles,
      values: submission.value,
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/outcomes/${id}?notice=published`);
}

function HandlingSelect({ meta }: { meta: FieldMetadata<string | undefined> }) {
  const { t } = useTranslation();
  const props = getSelectProps(meta);
  return (
    <div className="field">
      <label htmlFor={meta.id}>{t("meetings:outcomeNew.handling")}</label>
      <select {...props} key={props.key}>
        <option value="">{t("meetings:outcomeNew.handlingPick")}</option>
        {optionHandlings.map((h) => (
          <option key={h} value={h}>
            {t(`meetings:handling.${h}`)}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export default function NewOutcome() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm<z.input<typeof PublishOutcomeSchema>>({
    id: "new-outcome",
    lastResult,
    constraint: getZodConstraint(PublishOutcomeSchema),
    defaultValue: {
      title: data.parent.title,
      noticeDays: defaultNoticeDays,
      items: Array.from({ length: itemRows }, () => ({})),
      actions: Array.from({ length: actionRows }, () => ({})),
    },
  });
  const back =
    data.kind === "consultation" ? `/consultations/${data.parent.id}` : `/matters/${data.parent.id}`;
  const items = fields.items.getFieldList();
  const actions = fields.actions.getFieldList();
  return (
    <>
      <h1>{t("meetings:outcomeNew.title")}</h1>
      <p className="lead">
        {data.kind === "consultation"
          ? t("meetings:outcomeNew.forConsultation", { title: data.parent.title })
          : t("meetings:outcomeNew.forMatter", { title: data.parent.title })}{" "}
        <Link to={back}>{t("meetings:new.back")}</Link>
      </p>
      {data.stillOpen ? <p className="notice">{t("meetings:outcomeNew.stillOpen")}</p> : null}
      {data.notPublished ? <p className="notice">{t("meetings:outcomeNew.notPublished")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field meta={fields.title} label={t("meetings:outcomeNew.fields.title")} />
        <TextareaField
          meta={fields.summary}
          label={t("meetings:outcomeNew.fields.summary")}
          hint={t("meetings:outcomeNew.summaryHint")}
        />
        <TextareaField meta={fields.decisions} label={t("meetings:outcomeNew.fields.decisions")} />
        <h2 id="items-heading">{t("meetings:outcomeNew.itemsHeading")}</h2>
        <p className="hint">{t("meetings:outcomeNew.rowsHint")}</p>
        <div className="outcome-rows">
          {items.map((item, i) => {
            const row = item.getFieldset();
            return (
              <fieldset key={item.key}>
                <legend>{t("meetings:outcomeNew.itemLegend", { n: i + 1 })}</legend>
                <Field meta={row.opinion} label={t("meetings:outcomeNew.opinion")} />
                <HandlingSelect meta={row.handling} />
                <Field meta={row.reason} label={t("meetings:outcomeNew.reason")} />
              </fieldset>
            );
          })}
        </div>
        <h2 id="actions-heading">{t("meetings:outcomeNew.actionsHeading")}</h2>
        <p className="hint">{t("meetings:outcomeNew.rowsHint")}</p>
        <div className="outcome-rows">
          {actions.map((action, i) => {
            const row = action.getFieldset();
            return (
              <fieldset key={action.key}>
                <legend>{t("meetings:outcomeNew.actionLegend", { n: i + 1 })}</legend>
                <Field meta={row.title} label={t("meetings:outcomeNew.actionTitle")} />
                <Field
                  meta={row.owner}
                  label={t("meetings:outcomeNew.owner")}
                  hint={t("meetings:outcomeNew.ownerHint")}
                />
                <Field meta={row.dueOn} type="date" label={t("meetings:outcomeNew.dueOn")} />
              </fieldset>
            );
          })}
        </div>
        <Field
          meta={fields.noticeDays}
          type="number"
          inputMode="numeric"
          label={t("meetings:outcomeNew.fields.noticeDays")}
          hint={t("meetings:outcomeNew.noticeHint", { max: maxNoticeDays })}
        />
        <div className="button-row">
          <button type="submit" className="primary">
            {t("meetings:outcomeNew.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
