import accounts from "./en/accounts.json";
import admin from "./en/admin.json";
import applications from "./en/applications.json";
import areas from "./en/areas.json";
import awards from "./en/awards.json";
import calls from "./en/calls.json";
import common from "./en/common.json";
import consultations from "./en/consultations.json";
import deliberation from "./en/deliberation.json";
import errors from "./en/errors.json";
import matters from "./en/matters.json";
import meetings from "./en/meetings.json";
import metrics from "./en/metrics.json";
import organisations from "./en/organisations.json";
import projects from "./en/projects.json";
import proposals from "./en/proposals.json";
import residency from "./en/residency.json";
import reviews from "./en/reviews.json";
import schemes from "./en/schemes.json";
import voting from "./en/voting.json";

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
