import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
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
import { canManageArea } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { createMeeting } from "~/modules/meetings/create-meeting.server";
import { getMeetingParent } from "~/modules/meetings/meeting-queries.server";
import { CreateMeetingSchema, meetingCapacityMax } from "~/modules/meetings/meeting-schemas";

/** The consultation or matter named in the query string, which the person must manage. */
async function requireParent(request: Request) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const consultation = url.searchParams.get("consultation");
  const matter = url.searchParams.get("matter");
  const kind = consultation ? ("consultation" as const) : matter ? ("matter" as const) : null;
  if (!kind) throw new Response(null, { status: 404 });
  const parent = await getMeetingParent(kind, (consultation ?? matter)!);
  if (!parent) throw new Response(null, { status: 404 });
  const roles = await listActiveRoles(user.id);
  if (!canManageArea(roles, parent.areaPath).allowed) throw new Response(null, { status: 403 });
  return { user, roles, kind, parent };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, kind, parent } = await requireParent(request);
  const t = await fixedT(await resolveLocale(request, user.locale));
  return {
    title: `${t("meetings:new.title")} · ${t("common:appName")}`,
    kind,
    parent: { id: parent.id, title: parent.title },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const { user, roles, kind, parent } = await requireParent(request);
  formData.delete("consultationId");
  formData.delete("matterId");
  formData.set(kind === "consultation" ? "consultationId" : "matterId", parent.id);
  const submission = parseWithZod(formData, { schema: CreateMeetingSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: string;
  try {
    ({ id } = await createMeeting({
      actor: user,
      actorRoles: roles,
      values: submission.value,
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/meetings/${id}?notice=created`);
}

export default function NewMeeting() {
  const { t } = useTranslation();
  const { kind, parent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm<z.input<typeof CreateMeetingSchema>>({
    id: "new-meeting",
    lastResult,
    constraint: getZodConstraint(CreateMeetingSchema),
  });
  const back = kind === "consultation" ? `/consultations/${parent.id}` : `/matters/${parent.id}`;
  return (
    <>
      <h1>{t("meetings:new.title")}</h1>
      <p className="lead">
        {kind === "consultation"
          ? t("meetings:new.forConsultation", { title: parent.title })
          : t("meetings:new.forMatter", { title: parent.title })}{" "}
        <Link to={back}>{t("meetings:new.back")}</Link>
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field meta={fields.title} label={t("meetings:new.fields.title")} />
        <Field meta={fields.place} label={t("meetings:new.fields.place")} />
        <Field
          meta={fields.startsAt}
          type="datetime-local"
          label={t("meetings:new.fields.startsAt")}
          hint={t("meetings:new.timeHint")}
        />
        <Field meta={fields.endsAt} type="datetime-local" label={t("meetings:new.fields.endsAt")} />
        <Field
          meta={fields.capacity}
          type="number"
          inputMode="numeric"
          label={t("meetings:new.fields.capacity")}
          hint={t("meetings:new.capacityHint", { max: meetingCapacityMax })}
        />
        <Field
          meta={fields.councilSize}
          type="number"
          inputMode="numeric"
          label={t("meetings:new.fields.councilSize")}
          hint={t("meetings:new.councilSizeHint")}
        />
        <div className="button-row">
          <button type="submit" className="primary">
            {t("meetings:new.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
