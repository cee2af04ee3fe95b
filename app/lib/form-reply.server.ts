import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { isDomainError } from "./errors";
import { messageKey } from "./messages";

/** 400 with field errors; conform re-renders the form with what the person typed. */
export function invalidSubmission(submission: Submission<unknown>, options: { hideFields?: string[] } = {}) {
  return data({ result: submission.reply({ hideFields: options.hideFields }) }, { status: 400 });
}

/**
 * An expected refusal (DomainError) shown as a form error in the person's language, with its status;
 * anything else is rethrown to the error boundary.
 */
export function refusedSubmission(submission: Submission<unknown>, error: unknown, options: { hideFields?: string[] } = {}) {
  if (!isDomainError(error)) throw error;
  return data(
    { result: submission.reply({ formErrors: [messageKey(error.code, error.params)], hideFields: options.hideFields }) },
    { status: error.status },
  );
}
