import accounts from "./zh-CN/accounts.json";
import admin from "./zh-CN/admin.json";
import applications from "./zh-CN/applications.json";
import areas from "./zh-CN/areas.json";
import awards from "./zh-CN/awards.json";
import calls from "./zh-CN/calls.json";
import common from "./zh-CN/common.json";
import consultations from "./zh-CN/consultations.json";
import deliberation from "./zh-CN/deliberation.json";
import errors from "./zh-CN/errors.json";
import matters from "./zh-CN/matters.json";
import meetings from "./zh-CN/meetings.json";
import metrics from "./zh-CN/metrics.json";
import organisations from "./zh-CN/organisations.json";
import projects from "./zh-CN/projects.json";
import proposals from "./zh-CN/proposals.json";
import residency from "./zh-CN/residency.json";
import reviews from "./zh-CN/reviews.json";
import schemes from "./zh-CN/schemes.json";
import voting from "./zh-CN/voting.json";

/** All namespaces of one language, loaded on the client only for the page's language. */
export default {
  accounts,
  admin,
  applications,
  areas,
  awards,
  calls,
  common,
  consultations,
  deliberation,
  errors,
  matters,
  meetings,
  metrics,
  organisations,
  projects,
  proposals,
  residency,
  reviews,
  schemes,
  voting,
};
