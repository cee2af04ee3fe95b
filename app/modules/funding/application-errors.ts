import { DomainError } from "~/lib/errors";
import { toShanghaiLocal } from "~/lib/shanghai-time";

/** A submission refused for several reasons at once: every missing field and broken budget rule. */
export class ApplicationIncompleteError extends DomainError {
  constructor(readonly messages: string[]) {
    super("applications:errors.incomplete", 422);
    this.name = "ApplicationIncompleteError";
  }
}

export function isApplicationIncomplete(error: unknown): error is ApplicationIncompleteError {
  return error instanceof ApplicationIncompleteError;
}

/** A deadline in refusals: Guangzhou time, the same for every reader ("2026-12-12 18:00"). */
export function shanghaiTime(at: Date): string {
  return toShanghaiLocal(at).replace("T", " ");
}

// The timeline core lists its subjects; applications use "funding_application" (asked of the lead).
