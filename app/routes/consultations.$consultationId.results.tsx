import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { loadConsultationPage } from "~/modules/consultations/consultation-page.server";
import { canExport, canSeeResults, consultationResults } from "~/modules/consultations/results.server";
import styles from "~/styles/consultations.css";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadConsultationPage(request, params.consultationId);
  const { consultation: c, roles, t } = page;
  const visible = canSeeResults(c, roles, page.now);
  return {
    title: `${t("consultations:results.title")} · ${c.title} · ${t("common:appName")}`,
    summary: page.summary,
    state: page.state,
    visible,
    organiserPreview: visible && page.organiser && page.state !== "closed" && !c.liveResults,
    showExports: canExport(c, roles, page.now),
    results: visible ? await consultationResults(c.id) : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

type Results = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["results"]>;
type QuestionResult = Results["questions"][number];

const percent = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);

/** Horizontal bars drawn with plain elements (readable without JavaScript); the table beside is the alternative. */
function Bars({
  rows,
  total,
  labelledBy,
}: {
  rows: { label: string; value: number; note: string }[];
  total: number;
  labelledBy: string;
}) {
  const max = Math.max(total, ...rows.map((r) => r.value), 1);
  return (
    <ul className="result-bars" aria-hidden="true" data-labelledby={labelledBy}>
      {rows.map((r, i) => (
        <li key={i}>
          <span className="result-bar-label">
            <span>{r.label}</span>
            <span>{r.note}</span>
          </span>
          <span className="result-bar-track" style={{ display: "block" }}>
            <span
              className="result-bar-fill"
              style={{ display: "block", width: `${(r.value / max) * 100}%` }}
            />
          </span>
        </li>
      ))}
    </ul>
  );
}

function CaptionedTable({
  id,
  caption,
  children,
}: {
  id: string;
  caption: string;
  children: React.ReactNode;
}) {
  return (
    <TableRegion labelledBy={id}>
      <table>
        <caption id={id}>{caption}</caption>
        {children}
      </table>
    </TableRegion>
  );
}

function QuestionBlock({ r, n }: { r: QuestionResult; n: number }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const headingId = `q${n}-heading`;
  const q = r.question;
  let body: React.ReactNode = null;
  if (r.kind === "single" || r.kind === "multiple") {
    const rows = q.options.map((label, i) => ({
      label,
      value: r.counts[i] ?? 0,
      note: t("consultations:results.countPercent", {
        count: r.counts[i] ?? 0,
        percent: number.format(percent(r.counts[i] ?? 0, r.answered)),
      }),
    }));
    body = (
      <>
        <Bars rows={rows} total={r.answered} labelledBy={headingId} />
        <CaptionedTable id={`q${n}-table`} caption={t("consultations:results.tableCaption", { n: n + 1 })}>
          <thead>
            <tr>
              <th scope="col">{t("consultations:results.option")}</th>
              <th scope="col">{t("consultations:results.count")}</th>
              <th scope="col">{t("consultations:results.percent")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <th scope="row">{row.label}</th>
                <td>{row.value}</td>
                <td>{number.format(percent(row.value, r.answered))}%</td>
              </tr>
            ))}
          </tbody>
        </CaptionedTable>
        {r.kind === "multiple" ? <p className="muted">{t("consultations:results.multipleNote")}</p> : null}
      </>
    );
  } else if (r.kind === "scale") {
    const rows = r.counts.map((value, i) => ({
      label: String(i + 1),
      value,
      note: t("consultations:results.countPercent", {
        count: value,
        percent: number.format(percent(value, r.answered)),
      }),
    }));
    body = (
      <>
        <p>
          {r.mean === null
            ? t("consultations:results.noMean")
            : t("consultations:results.mean", { mean: number.format(r.mean) })}
        </p>
        <Bars rows={rows} total={r.answered} labelledBy={headingId} />
        <CaptionedTable id={`q${n}-table`} caption={t("consultations:results.tableCaption", { n: n + 1 })}>
          <thead>
            <tr>
              <th scope="col">{t("consultations:results.scaleValue")}</th>
              <th scope="col">{t("consultations:results.count")}</th>
              <th scope="col">{t("consultations:results.percent")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{row.value}</td>
                <td>{number.format(percent(row.value, r.answered))}%</td>
              </tr>
            ))}
          </tbody>
        </CaptionedTable>
      </>
    );
  } else if (r.kind === "ranking") {
    const rounds = r.runoff.rounds;
    body = (
      <>
        <h4 id={`q${n}-borda`}>{t("consultations:results.bordaHeading")}</h4>
        <p className="muted">{t("consultations:results.bordaRule", { top: q.options.length - 1 })}</p>
        <Bars
          rows={r.borda.map((b) => ({
            label: q.options[b.option] ?? "",
            value: b.score,
            note: t("consultations:results.points", { count: b.score }),
          }))}
          total={Math.max(...r.borda.map((b) => b.score), 1)}
          labelledBy={`q${n}-borda`}
        />
        <CaptionedTable
          id={`q${n}-borda-table`}
          caption={t("consultations:results.bordaCaption", { n: n + 1 })}
        >
          <thead>
            <tr>
              <th scope="col">{t("consultations:results.place")}</th>
              <th scope="col">{t("consultations:results.option")}</th>
              <th scope="col">{t("consultations:results.score")}</th>
            </tr>
          </thead>
          <tbody>
            {r.borda.map((b) => (
              <tr key={b.option}>
                <td>{b.place}</td>
                <th scope="row">{q.options[b.option]}</th>
                <td>{b.score}</td>
              </tr>
            ))}
          </tbody>
        </CaptionedTable>
        <h4>{t("consultations:results.irvHeading")}</h4>
        <p className="muted">{t("consultations:results.irvRule")}</p>
        <p>
          {r.runoff.winner === null
            ? t("consultations:results.irvNoWinner")
            : t("consultations:results.irvWinner", {
                option: q.options[r.runoff.winner] ?? "",
                rounds: rounds.length,
              })}
        </p>
        {rounds.length ? (
          <CaptionedTable
            id={`q${n}-irv-table`}
            caption={t("consultations:results.irvCaption", { n: n + 1 })}
          >
            <thead>
              <tr>
                <th scope="col">{t("consultations:results.option")}</th>
                {rounds.map((_, i) => (
                  <th key={i} scope="col">
                    {t("consultations:results.round", { n: i + 1 })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.options.map((label, o) => (
                <tr key={o}>
                  <th scope="row">{label}</th>
                  {rounds.map((round, i) => (
                    <td key={i}>
                      {round.counts[o] ?? "—"}
                      {round.eliminated === o
                        ? ` ${round.tieBroken ? t("consultations:results.eliminatedTie") : t("consultations:results.eliminated")}`
                        : ""}
                      {round.winner === o ? ` ${t("consultations:results.won")}` : ""}
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{t("consultations:results.exhausted")}</th>
                {rounds.map((round, i) => (
                  <td key={i}>{round.exhausted}</td>
                ))}
              </tr>
            </tbody>
          </CaptionedTable>
        ) : null}
      </>
    );
  } else if (r.kind === "text") {
    body =
      r.texts.length === 0 ? (
        <p>{t("consultations:results.noTexts")}</p>
      ) : (
        <ul className="free-texts">
          {r.texts.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ul>
      );
  }
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t("consultations:respond.questionNumber", { n: n + 1 })} {q.prompt}
      </h3>
      <p className="muted">
        {t(`consultations:kinds.${q.kind}`)} · {t("consultations:results.answered", { count: r.answered })}
      </p>
      {body}
    </section>
  );
}

export default function ConsultationResults() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const base = `/consultations/${d.summary.id}`;
  return (
    <>
      <h1>{t("consultations:results.title")}</h1>
      <p className="lead">
        <Link to={base}>{d.summary.title}</Link> · {d.summary.areaName} ·{" "}
        {t(`consultations:states.${d.state}`)}
      </p>
      {!d.results ? (
        <p>{t("consultations:results.hidden", { at: d.summary.closesAt })}</p>
      ) : (
        <>
          {d.organiserPreview ? (
            <p className="notice">{t("consultations:results.organiserPreview")}</p>
          ) : null}
          <section aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t("consultations:results.summaryHeading")}</h2>
            <div className="stat-grid">
              <p className="stat">
                <span className="stat-value">{d.results.responses.total}</span>{" "}
                {t("consultations:results.total")}
              </p>
              <p className="stat">
                <span className="stat-value">{d.results.responses.web}</span> {t("consultations:results.web")}
              </p>
              <p className="stat">
                <span className="stat-value">{d.results.responses.assisted}</span>{" "}
                {t("consultations:results.assisted")}
              </p>
            </div>
            {d.showExports ? (
              <p className="downloads">
                {t("consultations:page.downloads")}{" "}
                <a href={`${base}/responses.csv`}>{t("consultations:page.csv")}</a> ·{" "}
                <a href={`${base}/responses.json`}>{t("consultations:page.json")}</a>
              </p>
            ) : null}
          </section>
          <section aria-labelledby="questions-heading">
            <h2 id="questions-heading">{t("consultations:results.questionsHeading")}</h2>
            {d.results.questions.map((r, n) => (
              <QuestionBlock key={r.question.id} r={r} n={n} />
            ))}
          </section>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
