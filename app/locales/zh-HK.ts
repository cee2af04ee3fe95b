import accounts from "./zh-HK/accounts.json";
import admin from "./zh-HK/admin.json";
import applications from "./zh-HK/applications.json";
import areas from "./zh-HK/areas.json";
import awards from "./zh-HK/awards.json";
import calls from "./zh-HK/calls.json";
import common from "./zh-HK/common.json";
import consultations from "./zh-HK/consultations.json";
import deliberation from "./zh-HK/deliberation.json";
import errors from "./zh-HK/errors.json";
import matters from "./zh-HK/matters.json";
import meetings from "./zh-HK/meetings.json";
import metrics from "./zh-HK/metrics.json";
import organisations from "./zh-HK/organisations.json";
import projects from "./zh-HK/projects.json";
import proposals from "./zh-HK/proposals.json";
import residency from "./zh-HK/residency.json";
import reviews from "./zh-HK/reviews.json";
import schemes from "./zh-HK/schemes.json";
import voting from "./zh-HK/voting.json";

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
