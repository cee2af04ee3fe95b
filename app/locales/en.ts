import accounts from "./en/accounts.json";
import admin from "./en/admin.json";
import areas from "./en/areas.json";
import common from "./en/common.json";
import errors from "./en/errors.json";
import metrics from "./en/metrics.json";
import residency from "./en/residency.json";

/** All namespaces of one language, loaded on the client only for the page's language. */
export default { accounts, admin, areas, common, errors, metrics, residency };
