/** One entry of a public timeline as pages receive it (client-safe). */
export type TimelineEntry = {
  id: number;
  at: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  official: boolean;
  /** The actor's display name for official acts only; residents stay unnamed on the public timeline. */
  actorName: string | null;
  note: string | null;
  params: Record<string, string | number | null>;
};
