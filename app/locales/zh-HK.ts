import accounts from "./zh-HK/accounts.json";
import admin from "./zh-HK/admin.json";
import areas from "./zh-HK/areas.json";
import common from "./zh-HK/common.json";
import errors from "./zh-HK/errors.json";
import metrics from "./zh-HK/metrics.json";
import residency from "./zh-HK/residency.json";

/** All namespaces of one language, loaded on the client only for the page's language. */
export default { accounts, admin, areas, common, errors, metrics, residency };
