import { sql } from "drizzle-orm";
import { db } from "~/lib/db.server";

/** Liveness and database reachability for load balancers; no rendering, no session. */
export async function loader() {
  await db.execute(sql`select 1`);
  return new Response("ok\n", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
