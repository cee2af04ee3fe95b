/**
 * Error messages travel as catalogue keys, with parameters appended as JSON after a "|"
 * ("errors:tooLong|{"max":100}"), so the server never picks a language for them and the UI translates.
 */
export function messageKey(key: string, params?: Record<string, string | number>): string {
  return params && Object.keys(params).length ? `${key}|${JSON.stringify(params)}` : key;
}

export function parseMessageKey(message: string): { key: string; params: Record<string, unknown> } {
  const bar = message.indexOf("|");
  if (bar === -1) return { key: message, params: {} };
  try {
    return { key: message.slice(0, bar), params: JSON.parse(message.slice(bar + 1)) as Record<string, unknown> };
  } catch {
    return { key: message.slice(0, bar), params: {} };
  }
}
