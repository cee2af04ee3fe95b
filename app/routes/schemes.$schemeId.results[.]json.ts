import type { LoaderFunctionArgs } from "@remix-run/node";
import { getVotingScheme, isUuid } from "~/modules/livelihood/ballot-queries.server";
import { countScheme } from "~/modules/livelihood/count-scheme.server";

/** `/schemes/<id>/results.json`: the stored count of a closed vote, exactly as the results page shows it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const scheme = isUuid(params.schemeId) ? await getVotingScheme(params.schemeId) : null;
  const now = new Date();
  if (!scheme || scheme.status !== "published") throw new Response(null, { status: 404 });
  if (now.getTime() < scheme.votingClosesAt.getTime()) {
    return Response.json(
      { error: "not_closed", votingClosesAt: scheme.votingClosesAt.toISOString() },
      { status: 404 },
    );
  }
  const stored = await countScheme(scheme.id, now);
  return Response.json(
    {
      scheme: {
        id: scheme.id,
        title: scheme.title,
        votingOpensAt: scheme.votingOpensAt.toISOString(),
        votingClosesAt: scheme.votingClosesAt.toISOString(),
        resultsPublishedAt: scheme.resultsPublishedAt?.toISOString() ?? null,
        noticeEndsAt: scheme.noticeEndsAt?.toISOString() ?? null,
      },
      countedAt: stored.countedAt.toISOString(),
      moneyUnit: "fen",
      ...stored.result,
    },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
}
