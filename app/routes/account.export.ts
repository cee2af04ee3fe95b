import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { exportAccount } from "~/modules/accounts/export-account.server";

/** "Download my data": the person's own data as a JSON file, never cached anywhere on the way. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const payload = await exportAccount({ userId: user.id });
  return new Response(`${JSON.stringify(payload, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="kapok-my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
