import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { OrganisationForm } from "~/components/organisation-form";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { invalidSubmission, refusedSubmission } from "~/lib/form-reply.server";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  listServiceAreas,
  loadVisibleOrganisationOr404,
  organisationFormOptions,
} from "~/modules/funding/organisation-queries.server";
import { updateOrganisation } from "~/modules/funding/organisation-register.server";
import { EditOrganisationSchema } from "~/modules/funding/organisation-schemas";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const { org, viewer } = await loadVisibleOrganisationOr404(params.organisationId ?? "", roles);
  if (!viewer.isAdmin) throw new Response(null, { status: 403 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  return {
    title: `${t("organisations:edit.title")} · ${org.name} · ${t("common:appName")}`,
    id: org.id,
    name: org.name,
    creditCodeLocked: org.status === "verified",
    values: {
      name: org.name,
      nameEn: org.nameEn ?? "",
      legalForm: org.legalForm ?? undefined,
      creditCode: org.creditCode ?? "",
      registrationAuthority: org.registrationAuthority ?? "",
      area: org.area.code,
      address: org.address ?? "",
      contactName: org.contactName ?? "",
      contactPhone: org.contactPhone ?? "",
      contactEmail: org.contactEmail ?? "",
      serviceAreas: (await listServiceAreas(org.id)).map((a) => a.code),
      description: org.description,
    },
    ...(await organisationFormOptions(locale)),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context, params }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const organisationId = params.organisationId ?? "";
  const submission = parseWithZod(formData, { schema: EditOrganisationSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await updateOrganisation({
      actor: user,
      actorRoles: roles,
      organisationId,
      details: submission.value,
      certificate: chosenFiles(formData.getAll("certificate")),
      meta: getRequestMeta(request, context),
    });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/organisations/${organisationId}?notice=updated`);
}

export default function EditOrganisation() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  return (
    <>
      <h1>{t("organisations:edit.title")}</h1>
      <p className="lead">
        <Link to={`/organisations/${data.id}`}>{data.name}</Link>
      </p>
      <OrganisationForm
        id="edit-organisation"
        mode="edit"
        lastResult={lastResult}
        defaultValue={data.values}
        registrationAreas={data.registrationAreas}
        serviceAreaGroups={data.serviceAreaGroups}
        creditCodeLocked={data.creditCodeLocked}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
