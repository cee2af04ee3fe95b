import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { answerInvitation } from "~/modules/funding/organisation-members.server";
import { listInvitationsFor } from "~/modules/funding/organisation-queries.server";
import { AnswerInvitationSchema } from "~/modules/funding/organisation-schemas";

/** Invitations addressed to the signed-in person's e-mail or phone, to accept or decline. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  const declined = new URL(request.url).searchParams.get("notice") === "declined";
  return {
    title: `${t("organisations:invitations.title")} · ${t("common:appName")}`,
    declined,
    invitations: (await listInvitationsFor(user)).map((i) => ({
      id: i.id,
      role: i.role,
      organisation: locale === "en" && i.organisationNameEn ? i.organisationNameEn : i.organisationName,
      sent: dateFormat.format(i.createdAt),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const submission = parseWithZod(formData, { schema: AnswerInvitationSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let organisationId: string;
  try {
    ({ organisationId } = await answerInvitation({
      actor: user,
      invitationId: submission.value.invitationId,
      accept: submission.value.intent === "accept",
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return submission.value.intent === "accept"
    ? redirect(`/organisations/${organisationId}?notice=joined`)
    : redirect("/organisations/invitations?notice=declined");
}

export default function OrganisationInvitations() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  return (
    <>
      <h1>{t("organisations:invitations.title")}</h1>
      <p className="lead">{t("organisations:invitations.lead")}</p>
      {data.declined ? (
        <p className="notice" role="status">
          {t("organisations:notices.declined")}
        </p>
      ) : null}
      <FormErrors errors={lastResult?.error?.[""] ?? null} />
      {data.invitations.length === 0 ? (
        <p>{t("organisations:invitations.empty")}</p>
      ) : (
        <ul className="card-list">
          {data.invitations.map((i) => (
            <li key={i.id}>
              <p>
                {t("organisations:invitations.line", {
                  organisation: i.organisation,
                  role: t(`organisations:roles.${i.role}`),
                  date: i.sent,
                })}
              </p>
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="invitationId" value={i.id} />
                <button type="submit" name="intent" value="accept" className="primary">
                  {t("organisations:invitations.accept")}
                </button>
                <button type="submit" name="intent" value="decline" className="secondary">
                  {t("organisations:invitations.decline")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
