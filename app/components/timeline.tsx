import { useTranslation } from "react-i18next";
import type { TimelineEntry } from "~/modules/timeline/timeline";

/**
 * A subject's public timeline: every status change and official act, oldest first. `kind` is a full
 * catalogue key recorded by the use-case, so each feature words its own entries.
 */
export function Timeline({ entries, headingId }: { entries: TimelineEntry[]; headingId: string }) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });
  return (
    <section aria-labelledby={headingId} className="timeline">
      <h2 id={headingId}>{t("schemes:timeline.heading")}</h2>
      {entries.length === 0 ? (
        <p>{t("schemes:timeline.empty")}</p>
      ) : (
        <ol className="timeline-list">
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{format.format(new Date(e.at))}</time>{" "}
              <span>{t(e.kind, e.params as Record<string, string>)}</span>
              {e.official ? (
                <span className="badge">
                  {" "}
                  {e.actorName
                    ? t("schemes:timeline.officialBy", { name: e.actorName })
                    : t("schemes:timeline.official")}
                </span>
              ) : null}
              {e.note ? <p className="timeline-note">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
