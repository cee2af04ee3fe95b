/**
 * An action's answer can say that it changed nothing any loader on the page shows (a ballot cast with
 * JavaScript, whose receipt comes back in the answer itself; a "check total"). The routes' (and the
 * root's) `shouldRevalidate` then keep their data instead of running every loader again.
 */
export const loadersUnchanged = { loadersUnchanged: true } as const;

export function keepsLoaders(actionResult: unknown): boolean {
  return (
    typeof actionResult === "object" &&
    actionResult !== null &&
    (actionResult as { loadersUnchanged?: unknown }).loadersUnchanged === true
  );
}
