import { z } from "zod";
import { optionalText } from "~/lib/validation";
import { componentKeys, defaultWeights, type ComponentKey } from "./components";

export { defaultWeights };

export type Weights = Record<ComponentKey, number>;

export type WeightsCheck =
  | { ok: true; weights: Weights }
  | { ok: false; code: "metrics:errors.weightsSum" | "metrics:errors.weightsInvalid" };

/**
 * Index weights are whole numbers 0–100, one per component, summing to exactly 100. Extra keys are
 * refused too: a weight for a component that does not exist would be silently ignored otherwise.
 */
export function checkWeights(input: unknown): WeightsCheck {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, code: "metrics:errors.weightsInvalid" };
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.some(([key]) => !(componentKeys as readonly string[]).includes(key))) {
    return { ok: false, code: "metrics:errors.weightsInvalid" };
  }
  const weights = {} as Weights;
  for (const key of componentKeys) {
    const value = (input as Record<string, unknown>)[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 100) {
      return { ok: false, code: "metrics:errors.weightsInvalid" };
    }
    weights[key] = value;
  }
  const sum = componentKeys.reduce((total, key) => total + weights[key], 0);
  if (sum !== 100) return { ok: false, code: "metrics:errors.weightsSum" };
  return { ok: true, weights };
}

const weightField = z.coerce
  .number({ invalid_type_error: "metrics:errors.weightsInvalid" })
  .int("metrics:errors.weightsInvalid")
  .min(0, "metrics:errors.weightsInvalid")
  .max(100, "metrics:errors.weightsInvalid");

/** The admin form: one integer field per component plus a note; the sum is checked as a form error. */
export const weightsFormSchema = z
  .object({
    ...(Object.fromEntries(componentKeys.map((key) => [key, weightField])) as Record<
      ComponentKey,
      typeof weightField
    >),
    note: optionalText({ max: 500 }),
  })
  .refine((form) => componentKeys.reduce((total, key) => total + form[key], 0) === 100, {
    message: "metrics:errors.weightsSum",
  });

/** The role fields the decision needs (what listActiveRoles returns). */
export type WeightsActorRole = { role: string; areaLevel: string };

/**
 * Index weights are a city-wide published choice: only a platform admin or a city official (a role held
 * on the city itself) may set them. The loader sends the same decision to the UI.
 */
export function canSetWeights(
  roles: readonly WeightsActorRole[],
): { allowed: true } | { allowed: false; reason: "metrics:errors.forbidden" } {
  const allowed = roles.some(
    (r) => r.role === "platform_admin" || (r.role === "city_official" && r.areaLevel === "city"),
  );
  return allowed ? { allowed: true } : { allowed: false, reason: "metrics:errors.forbidden" };
}
