import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { OrganisationForm } from "~/components/organisation-form";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { organisationFormOptions } from "~/modules/funding/organisation-queries.server";
import { registerOrganisation } from "~/modules/funding/organisation-register.server";
import { RegisterOrganisationSchema } from "~/modules/funding/organisation-schemas";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  return {
    title: `${t("organisations:new.title")} · ${t("common:appName")}`,
    contactName: user.displayName,
    ...(await organisationFormOptions(locale)),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const submission = parseWithZod(formData, { schema: RegisterOrganisationSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  let id: string;
  try {
    ({ id } = await registerOrganisation({
      actor: user,
      details: submission.value,
      certificate: chosenFiles(formData.getAll("certificate")),
      meta: getRequestMeta(request, context),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/organisations/${id}?notice=registered`);
}

export default function NewOrganisation() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  return (
    <>
      <h1>{t("organisations:new.title")}</h1>
      <p className="lead">{t("organisations:new.lead")}</p>
      <OrganisationForm
        id="register-organisation"
        mode="register"
        lastResult={lastResult}
        defaultValue={{ contactName: data.contactName }}
        registrationAreas={data.registrationAreas}
        serviceAreaGroups={data.serviceAreaGroups}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
