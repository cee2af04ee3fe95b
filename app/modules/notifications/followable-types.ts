/** Subject types a person can follow from the UI (`POST /follows`). Client-safe. */
export const followableTypes = [
  "proposal",
  "scheme",
  "project",
  "matter",
  "consultation",
  "outcome",
] as const;
export type FollowableType = (typeof followableTypes)[number];
