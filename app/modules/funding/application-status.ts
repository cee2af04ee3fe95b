/** Labels of application statuses (client-safe). */
export const applicationStatusLabel = {
  draft: "applications:status.draft",
  submitted: "applications:status.submitted",
  returned: "applications:status.returned",
  withdrawn: "applications:status.withdrawn",
  eligible: "applications:status.eligible",
  ineligible: "applications:status.ineligible",
  awarded: "applications:status.awarded",
  not_awarded: "applications:status.not_awarded",
} as const;
export type ApplicationStatus = keyof typeof applicationStatusLabel;
