/**
 * An expected refusal with a stable code. The code is also the key of its message in the `errors`
 * namespace, so a route shows it in the user's language: `t(`errors:${error.code}`)`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: 400 | 403 | 404 | 409 | 410 | 422 | 429 = 409,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
