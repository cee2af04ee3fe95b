import { z } from "zod";
import { followableTypes } from "./followable-types";

/** Client-safe schemas of the follow and notification forms. */

export const FollowSchema = z.object({
  intent: z.enum(["follow", "unfollow"]),
  subjectType: z.enum(followableTypes),
  subjectId: z.string().uuid(),
  returnTo: z.string().optional(),
});

export const NotificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("markRead"), notificationId: z.string().uuid() }),
  z.object({ intent: z.literal("markAllRead") }),
]);
