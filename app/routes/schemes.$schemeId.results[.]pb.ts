import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  getVotingScheme,
  isUuid,
  listBallotChoices,
  listBallotProposals,
} from "~/modules/livelihood/ballot-queries.server";
import { budgetInstance, countScheme } from "~/modules/livelihood/count-scheme.server";
import { exportPabulib } from "~/modules/voting/pabulib-export";
import { ballotKey } from "~/modules/voting/voter-token.server";

/**
 * `/schemes/<id>/results.pb`: the closed budget vote as a Pabulib file (pabulib.org/format): projects
 * numbered as on the ballot, ballots anonymised and shuffled with a seed only this installation knows.
 * 404 before the close and for other voting methods.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const scheme = isUuid(params.schemeId) ? await getVotingScheme(params.schemeId) : null;
  const now = new Date();
  if (
    !scheme ||
    scheme.status !== "published" ||
    scheme.votingMethod !== "budget" ||
    now.getTime() < scheme.votingClosesAt.getTime()
  )
    throw new Response(null, { status: 404 });
  const { result } = await countScheme(scheme.id, now);
  const onBallot = await listBallotProposals(scheme.id);
  const instance = budgetInstance(scheme, onBallot, await listBallotChoices(scheme.id));
  const numberOf = new Map(onBallot.map((p) => [p.id, String(p.number)]));
  const seed = encodeHexLowerCase(
    hmac(SHA256, await ballotKey(), new TextEncoder().encode(`pabulib:${scheme.id}`)),
  );
  const text = exportPabulib({
    instance,
    voteType: "approval",
    rule: scheme.countingRule,
    selected: result.winners.flatMap((id) => numberOf.get(id) ?? []),
    seed,
    meta: {
      description: scheme.title,
      country: "China",
      unit: scheme.areaNameEn,
      instance: String(scheme.votingClosesAt.getUTCFullYear()),
      currency: "CNY",
      date_begin: scheme.votingOpensAt.toISOString().slice(0, 10),
      date_end: scheme.votingClosesAt.toISOString().slice(0, 10),
      language: "zh",
    },
  });
  return new Response(text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="kapok-${scheme.id}.pb"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
