import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
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
import { localizedName } from "~/lib/localized-name";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles, type ActiveRole } from "~/modules/accounts/role-queries.server";
import { listChildAreas } from "~/modules/geography/queries.server";
import { addressMax, descriptionMax, RaiseMatterSchema, titleMax } from "~/modules/matters/matter-schemas";
import { matterCategories } from "~/modules/matters/matter-status";
import { raiseMatter } from "~/modules/matters/raise-matter.server";
import { responseDaysFor } from "~/modules/matters/response-settings.server";
import { maxUploadFiles } from "~/modules/uploads/file-type";
import { chosenFiles } from "~/modules/uploads/save-attachments.server";
import mattersStyles from "~/styles/matters.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mattersStyles }];

/** A person lives in one community at a time: the matter is raised there. */
function residence(roles: ActiveRole[]) {
  return roles.find((r) => r.role === "resident") ?? null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const home = residence(roles);
  const grids = home ? await listChildAreas(home.areaId) : [];
  return {
    title: `${t("matters:raise.title")} · ${t("common:appName")}`,
    community: home
      ? {
          code: home.areaCode,
          name: localizedName(
            { nameZhCn: home.areaNameZhCn, nameZhHk: home.areaNameZhHk, nameEn: home.areaNameEn },
            locale,
          ),
          responseDays: (await responseDaysFor(home.areaPath)).days,
        }
      : null,
    grids: grids
      .filter((g) => g.level === "grid")
      .map((g) => ({ code: g.code, name: localizedName(g, locale) })),
    ownGrid: home?.gridId ? (grids.find((g) => g.id === home.gridId)?.code ?? "") : "",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const submission = parseWithZod(formData, { schema: RaiseMatterSchema });
  if (submission.status !== "success") return invalidSubmission(submission);
  const home = residence(roles);
  if (!home) throw new Response(null, { status: 403 });
  let id: string;
  try {
    ({ id } = await raiseMatter({
      actor: user,
      actorRoles: roles,
      communityCode: home.areaCode,
      gridCode: submission.value.grid,
      title: submission.value.title,
      description: submission.value.description,
      category: submission.value.category,
      address: submission.value.address,
      photos: chosenFiles(formData.getAll("photos")),
    }));
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/matters/${id}?notice=raised`);
}

export default function RaiseMatter() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm<z.input<typeof RaiseMatterSchema>>({
    id: "raise-matter",
    lastResult,
    constraint: getZodConstraint(RaiseMatterSchema),
    defaultValue: { grid: data.ownGrid },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RaiseMatterSchema }),
    shouldRevalidate: "onBlur",
  });
  if (!data.community) {
    return (
      <>
        <h1>{t("matters:raise.title")}</h1>
        <p>{t("matters:raise.notResident")}</p>
        <p>
          <Link to="/account/residency">{t("matters:raise.residencyLink")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("matters:raise.title")}</h1>
      <p className="lead">
        {t("matters:raise.lead", { community: data.community.name, days: data.community.responseDays })}
      </p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.title}
          label={t("matters:raise.titleLabel")}
          hint={t("matters:raise.titleHint", { max: titleMax })}
        />
        <TextareaField
          meta={fields.description}
          label={t("matters:raise.description")}
          hint={t("matters:raise.descriptionHint", { max: descriptionMax })}
        />
        <div className="field">
          <label htmlFor={fields.category.id}>{t("matters:raise.category")}</label>
          <select {...getSelectProps(fields.category)} key={fields.category.key}>
            <option value="">{t("matters:raise.pickCategory")}</option>
            {matterCategories.map((c) => (
              <option key={c} value={c}>
                {t(`matters:categories.${c}`)}
              </option>
            ))}
          </select>
          <ErrorList id={fields.category.errorId} errors={fields.category.errors} />
        </div>
        {data.grids.length > 0 ? (
          <div className="field">
            <label htmlFor={fields.grid.id}>{t("matters:raise.grid")}</label>
            <select {...getSelectProps(fields.grid)} key={fields.grid.key}>
              <option value="">{t("matters:raise.noGrid")}</option>
              {data.grids.map((g) => (
                <option key={g.code} value={g.code}>
                  {g.name}
                </option>
              ))}
            </select>
            <ErrorList id={fields.grid.errorId} errors={fields.grid.errors} />
          </div>
        ) : null}
        <Field
          meta={fields.address}
          label={t("matters:raise.address")}
          hint={t("matters:raise.addressHint", { max: addressMax })}
          autoComplete="street-address"
        />
        <div className="field">
          <label htmlFor="matter-photos">{t("matters:raise.photos")}</label>
          <p id="matter-photos-hint" className="hint">
            {t("matters:raise.photosHint", { max: maxUploadFiles })}
          </p>
          <input
            id="matter-photos"
            type="file"
            name="photos"
            multiple
            accept="image/jpeg,image/png,image/webp"
            aria-describedby="matter-photos-hint"
          />
        </div>
        <p className="muted">{t("matters:raise.privacy")}</p>
        <div className="button-row">
          <button type="submit" className="primary">
            {t("matters:raise.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
