import { z } from "zod";
import { messageKey } from "./messages";

/** Shared zod pieces whose messages are catalogue keys (client-safe). */
export function requiredText({ min = 1, max }: { min?: number; max: number }) {
  return z
    .string({ required_error: "errors:required", invalid_type_error: "errors:required" })
    .trim()
    .min(min, min <= 1 ? "errors:required" : messageKey("errors:tooShort", { min }))
    .max(max, messageKey("errors:tooLong", { max }));
}

export function optionalText({ max }: { max: number }) {
  return z.string().trim().max(max, messageKey("errors:tooLong", { max })).optional();
}
