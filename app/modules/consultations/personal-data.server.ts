import { asc, eq } from "drizzle-orm";
import {
  consultationResponses,
  consultationStatements,
  consultations,
  statementVotes,
} from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/**
 * The person's own consultation data for "Download my data": their answers (including those a grid
 * worker recorded for them, without the grid worker's identity), the statements they wrote and their
 * votes on statements. Responses a grid worker recorded for other residents are those residents' data.
 */
export async function personalData(userId: string) {
  const responses = await db
    .select({
      consultationId: consultationResponses.consultationId,
      consultationTitle: consultations.title,
      channel: consultationResponses.channel,
      answers: consultationResponses.answers,
      createdAt: consultationResponses.createdAt,
      updatedAt: consultationResponses.updatedAt,
    })
    .from(consultationResponses)
    .innerJoin(consultations, eq(consultations.id, consultationResponses.consultationId))
    .where(eq(consultationResponses.userId, userId))
    .orderBy(asc(consultationResponses.createdAt));

  const statements = await db
    .select({
      id: consultationStatements.id,
      consultationId: consultationStatements.consultationId,
      text: consultationStatements.text,
      status: consultationStatements.status,
      createdAt: consultationStatements.createdAt,
      moderatedAt: consultationStatements.moderatedAt,
    })
    .from(consultationStatements)
    .where(eq(consultationStatements.authorId, userId))
    .orderBy(asc(consultationStatements.createdAt));

  const votes = await db
    .select({
      statementId: statementVotes.statementId,
      consultationId: consultationStatements.consultationId,
      statement: consultationStatements.text,
      vote: statementVotes.vote,
      createdAt: statementVotes.createdAt,
    })
    .from(statementVotes)
    .innerJoin(consultationStatements, eq(consultationStatements.id, statementVotes.statementId))
    .where(eq(statementVotes.userId, userId))
    .orderBy(asc(statementVotes.createdAt));

  return {
    responses: responses.map(isoDates),
    statements: statements.map(isoDates),
    statementVotes: votes.map(isoDates),
  };
}
