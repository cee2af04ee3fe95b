import { expect } from "vitest";
import { pgErrorText } from "~/lib/pg-errors.server";

/** Asserts that a query fails with a database message matching `pattern` (drizzle wraps the driver error). */
export async function expectDbError(promise: Promise<unknown>, pattern: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the query should have failed").not.toBeNull();
  expect(pgErrorText(error)).toMatch(pattern);
}
