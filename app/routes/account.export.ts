import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { exportAccount } from "~/modules/accounts/export-account.server";
import { personalData as auditData } from "~/modules/audit/personal-data.server";
import { personalData as consultationsData } from "~/modules/consultations/personal-data.server";
import { personalData as deliberationData } from "~/modules/deliberation/personal-data.server";
import { personalData as fundingData } from "~/modules/funding/personal-data.server";
import { personalData as livelihoodData } from "~/modules/livelihood/personal-data.server";
import { personalData as mattersData } from "~/modules/matters/personal-data.server";
import { personalData as meetingsData } from "~/modules/meetings/personal-data.server";
import { personalData as noticesData } from "~/modules/notices/personal-data.server";
import { personalData as notificationsData } from "~/modules/notifications/personal-data.server";
import { personalData as uploadsData } from "~/modules/uploads/personal-data.server";

/**
 * "Download my data" (PIPL Art. 45): the account itself, then each module's own section of what the
 * person wrote or did there. Each module answers for its tables; the route only puts them together.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const userId = user.id;
  const payload = {
    ...(await exportAccount({ userId })),
    livelihood: await livelihoodData(userId),
    deliberation: await deliberationData(userId),
    matters: await mattersData(userId),
    consultations: await consultationsData(userId),
    meetings: await meetingsData(userId),
    notices: await noticesData(userId),
    funding: await fundingData(userId),
    notifications: await notificationsData(userId),
    uploads: await uploadsData(userId),
    audit: await auditData(userId),
  };
  return new Response(`${JSON.stringify(payload, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="kapok-my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
