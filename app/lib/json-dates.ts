/** A row with every Date field (nullable or not) as its ISO string, ready for a JSON download. */
export type WithIsoDates<T> = {
  [K in keyof T]: T[K] extends Date ? string : Date extends T[K] ? Exclude<T[K], Date> | string : T[K];
};

/** Turns the top-level Date fields of a database row into ISO strings (null stays null). */
export function isoDates<T extends Record<string, unknown>>(row: T): WithIsoDates<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    out[key] = value instanceof Date ? value.toISOString() : value;
  return out as WithIsoDates<T>;
}
