import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { isDomainError } from "~/lib/errors";
import { messageKey } from "~/lib/messages";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser } from "~/modules/accounts/auth.server";
import { ReceiptSchema } from "~/modules/voting/ballot-schemas";
import { checkReceipt, type ReceiptCheck } from "~/modules/livelihood/check-receipt.server";
import votingStyles from "~/styles/voting.css";
import { ErrorList } from "~/components/forms";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

/** `/receipts?code=XXXXX-XXXXX`: is the ballot this receipt was given for in the count, and what does it say? */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const t = await fixedT(await resolveLocale(request, user?.locale));
  const parsed = ReceiptSchema.safeParse({
    code: new URL(request.url).searchParams.get("code") ?? undefined,
  });
  const code = parsed.success ? (parsed.data.code ?? "") : "";
  let outcome: ReceiptCheck | null = null;
  let error: string | null = null;
  if (code !== "") {
    try {
      outcome = await checkReceipt({ code, ip: getRequestMeta(request, context).ip });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      error = messageKey(e.code, e.params);
    }
  }
  return {
    title: `${t("voting:receipts.title")} · ${t("common:appName")}`,
    code,
    outcome,
    error,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function Receipts() {
  const { t } = useTranslation();
  const { code, outcome, error } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("voting:receipts.title")}</h1>
      <p className="lead">{t("voting:receipts.lead")}</p>
      <Form method="get" className="stack">
        <div className="field">
          <label htmlFor="receipt-code">{t("voting:receipts.code")}</label>
          <p id="receipt-code-hint" className="hint">
            {t("voting:receipts.codeHint")}
          </p>
          <input
            id="receipt-code"
            name="code"
            type="text"
            defaultValue={code}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            aria-describedby="receipt-code-hint"
          />
        </div>
        <div className="button-row">
          <button type="submit" className="primary">
            {t("voting:receipts.check")}
          </button>
        </div>
      </Form>
      {error ? (
        <div className="form-error" role="alert">
          <ErrorList errors={[error]} />
        </div>
      ) : null}
      {outcome ? (
        <section aria-labelledby="receipt-result" role="status">
          {outcome.found ? (
            <>
              <h2 id="receipt-result">{t("voting:receipts.found")}</h2>
              <p>
                {t("voting:receipts.scheme")}{" "}
                <Link to={`/schemes/${outcome.scheme.id}/results`}>{outcome.scheme.title}</Link>
                {outcome.channel === "paper" ? ` · ${t("voting:receipts.paper")}` : null}
              </p>
              <h3>{t("voting:receipts.choices")}</h3>
              <ul>
                {outcome.chosen.map((c, i) => (
                  <li key={i}>{c.answer ? `${c.title}: ${t(`voting:answers.${c.answer}`)}` : c.title}</li>
                ))}
              </ul>
            </>
          ) : (
            <>
              <h2 id="receipt-result">{t("voting:receipts.notFound")}</h2>
              <p>{t("voting:receipts.notFoundHint")}</p>
            </>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
