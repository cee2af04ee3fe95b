import accounts from "./zh-CN/accounts.json";
import admin from "./zh-CN/admin.json";
import areas from "./zh-CN/areas.json";
import common from "./zh-CN/common.json";
import errors from "./zh-CN/errors.json";
import metrics from "./zh-CN/metrics.json";
import residency from "./zh-CN/residency.json";

/** All namespaces of one language, loaded on the client only for the page's language. */
export default { accounts, admin, areas, common, errors, metrics, residency };
