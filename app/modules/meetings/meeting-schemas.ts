import { z } from "zod";
import { messageKey } from "~/lib/messages";
import { requiredText } from "~/lib/validation";
import { parseShanghaiLocal } from "~/lib/shanghai-time";

/** Client-safe limits and form schemas for deliberation meetings (居民议事会). Messages are catalogue keys. */
export const meetingTitleMax = 120;
export const meetingPlaceMax = 200;
export const meetingCapacityMax = 10_000;
export const councilSizeMax = 500;
export const motionTextMax = 500;
export const minutesMax = 10_000;
export const cancelReasonMax = 500;
/** Check-in opens this long before the start and closes at the end. */
export const checkInOpensBeforeMs = 2 * 3_600_000;

const dateTime = z
  .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
  .transform((value, ctx) => {
    const date = parseShanghaiLocal(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "meetings:errors.notDateTime" });
      return z.NEVER;
    }
    return date;
  });

const whole = (min: number, max: number) =>
  z
    .number({ required_error: "errors:required", invalid_type_error: "meetings:errors.notWhole" })
    .int("meetings:errors.notWhole")
    .min(min, messageKey("meetings:errors.atLeast", { min }))
    .max(max, messageKey("meetings:errors.atMost", { max }));

const uuid = z.string().uuid();

export const CreateMeetingSchema = z
  .object({
    consultationId: uuid.optional(),
    matterId: uuid.optional(),
    title: requiredText({ max: meetingTitleMax }),
    place: requiredText({ max: meetingPlaceMax }),
    startsAt: dateTime,
    endsAt: dateTime,
    capacity: whole(1, meetingCapacityMax),
    councilSize: whole(1, councilSizeMax).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt.getTime() <= v.startsAt.getTime())
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "meetings:errors.endBeforeStart" });
  });
export type CreateMeetingValues = z.output<typeof CreateMeetingSchema>;

export const RegisterSchema = z.object({ intent: z.literal("register") });
export const CancelRegistrationSchema = z.object({ intent: z.literal("cancel") });

export const CheckInSchema = z.object({
  intent: z.literal("checkIn"),
  code: requiredText({ max: 20 }),
});

export const MotionSchema = z.object({
  intent: z.literal("motion"),
  motion: requiredText({ max: motionTextMax }),
  members: whole(1, councilSizeMax).optional(),
  present: whole(0, councilSizeMax),
  yes: whole(0, councilSizeMax),
  no: whole(0, councilSizeMax),
  abstain: whole(0, councilSizeMax),
});

export const MinutesSchema = z.object({
  intent: z.literal("minutes"),
  minutes: requiredText({ max: minutesMax }),
});

export const CancelMeetingSchema = z.object({
  intent: z.literal("cancelMeeting"),
  reason: requiredText({ max: cancelReasonMax }),
});

/** Every form of the meeting page, told apart by `intent`. */
export const MeetingPageSchema = z.discriminatedUnion("intent", [
  RegisterSchema,
  CancelRegistrationSchema,
  CheckInSchema,
  MotionSchema,
  MinutesSchema,
  CancelMeetingSchema,
]);
