import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { deliberationStylesheet } from "~/components/comment-thread";
import { CsrfInput } from "~/components/csrf-input";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { requireUser, safeRedirectPath } from "~/modules/accounts/auth.server";
import { markAllRead, markRead } from "~/modules/notifications/mark-read.server";
import { countUnread, listNotifications } from "~/modules/notifications/notification-queries.server";
import { NotificationActionSchema } from "~/modules/notifications/notification-schemas";

export const links: LinksFunction = () => [deliberationStylesheet];

function pageOf(url: URL) {
  const page = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const url = new URL(request.url);
  const page = pageOf(url);
  const [list, unread] = await Promise.all([listNotifications(user.id, page), countUnread(user.id)]);
  return {
    title: `${t("deliberation:notifications.title")} · ${t("common:appName")}`,
    notice:
      url.searchParams.get("notice") === "allRead" ? ("deliberation:notifications.allRead" as const) : null,
    page: list.page,
    hasMore: list.hasMore,
    unread,
    items: list.items.map((n) => ({
      id: n.id,
      kind: n.kind,
      // Only same-site paths are ever links.
      href: safeRedirectPath(n.href, "/notifications"),
      params: n.params,
      createdAt: n.createdAt.toISOString(),
      unread: n.readAt === null,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const user = await requireUser(request);
  const submission = parseWithZod(formData, { schema: NotificationActionSchema });
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const page = Number(formData.get("page") ?? "1");
  const back = Number.isInteger(page) && page > 1 ? `/notifications?page=${page}` : "/notifications";
  if (submission.value.intent === "markAllRead") {
    await markAllRead(user.id);
    return redirect("/notifications?notice=allRead");
  }
  try {
    await markRead(user.id, submission.value.notificationId);
  } catch (error) {
    if (isDomainError(error)) throw new Response(null, { status: error.status });
    throw error;
  }
  return redirect(back);
}

export default function Notifications() {
  const { t, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });
  return (
    <>
      <h1>{t("deliberation:notifications.title")}</h1>
      <p className="lead">{t("deliberation:notifications.lead")}</p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      {data.unread > 0 ? (
        <Form method="post" className="inline-form">
          <CsrfInput />
          <button type="submit" name="intent" value="markAllRead" className="secondary">
            {t("deliberation:notifications.markAllRead")}
          </button>
        </Form>
      ) : null}
      {data.items.length === 0 ? (
        <p>{t("deliberation:notifications.empty")}</p>
      ) : (
        <ul className="notification-list">
          {data.items.map((n) => (
            <li key={n.id} className={n.unread ? "unread" : undefined}>
              {n.unread ? <span className="badge">{t("deliberation:notifications.unread")}</span> : null}{" "}
              <Link to={n.href}>{t(n.kind, n.params as Record<string, string>)}</Link>
              <time dateTime={n.createdAt}>{format.format(new Date(n.createdAt))}</time>
              {n.unread ? (
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="notificationId" value={n.id} />
                  <input type="hidden" name="page" value={data.page} />
                  <button type="submit" name="intent" value="markRead" className="link-button">
                    {t("deliberation:notifications.markRead")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {data.page > 1 || data.hasMore ? (
        <nav aria-label={t("deliberation:notifications.pagination")} className="pager">
          {data.page > 1 ? (
            <Link to={data.page === 2 ? "/notifications" : `/notifications?page=${data.page - 1}`}>
              {t("deliberation:notifications.newer")}
            </Link>
          ) : null}
          {data.hasMore ? (
            <Link to={`/notifications?page=${data.page + 1}`}>{t("deliberation:notifications.older")}</Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
