import { invalidateSession, sessionIdFromToken } from "./session.server";

/** Ends the session behind this cookie token, if there is one; logging out twice is not an error. */
export async function logOut({ token }: { token: string | null | undefined }) {
  if (!token) return;
  await invalidateSession(sessionIdFromToken(token));
}
