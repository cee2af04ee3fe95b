import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { consultationState } from "./consultation-schemas";
import { getConsultation, isOrganiser } from "./consultation-queries.server";

export function formatDateTime(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

/**
 * What every consultation page loads: the person (optional or required), their roles, the consultation
 * (404 for a malformed or unknown id, and for a draft seen by someone who does not organise it).
 */
export async function loadConsultationPage(
  request: Request,
  id: string | undefined,
  options: { requireLogin?: boolean } = {},
) {
  const user = options.requireLogin ? await requireUser(request) : await getUser(request);
  const roles = user ? await listActiveRoles(user.id) : [];
  const consultation = await getConsultation(id);
  if (!consultation) throw new Response(null, { status: 404 });
  const organiser = isOrganiser(roles, consultation);
  if (consultation.status === "draft" && !organiser) throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  return {
    user,
    roles,
    consultation,
    organiser,
    locale,
    t,
    now,
    state: consultationState(consultation, now),
    summary: {
      id: consultation.id,
      title: consultation.title,
      areaName: localizedName(consultation.area, locale),
      areaCode: consultation.area.code,
      opensAt: formatDateTime(consultation.opensAt, locale),
      closesAt: formatDateTime(consultation.closesAt, locale),
    },
  };
}

/** The catalogue key of a notice flag from `?notice=`, if it is one of `allowed`. */
export function noticeFrom<T extends Record<string, string>>(
  request: Request,
  allowed: T,
): T[keyof T] | null {
  const key = new URL(request.url).searchParams.get("notice");
  return key && key in allowed ? allowed[key as keyof T] : null;
}
