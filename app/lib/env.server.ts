import path from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  KAPOK_DATA_DIR: z.string().default("./data"),
  /** Where uploaded photos and documents are stored (default: <KAPOK_DATA_DIR>/uploads). */
  KAPOK_UPLOAD_DIR: z.string().optional(),
  /** Where `remix build` output lives (default build/ and public/build/). */
  KAPOK_BUILD_DIR: z.string().optional(),
  /** Seed the demo city on an empty embedded database at start. */
  KAPOK_DEMO: z.enum(["auto", "on", "off"]).default("auto"),
  /** Public origin(s) accepted on non-GET requests besides the request's own host, comma separated. */
  KAPOK_ALLOWED_ORIGINS: z.string().default(""),
  /** Set behind a TLS-terminating proxy that is not itself HTTPS-aware. */
  KAPOK_SECURE_COOKIES: z.enum(["auto", "on", "off"]).default("auto"),
  /** Trust X-Forwarded-For from this many proxies (for per-IP rate limits). */
  KAPOK_TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  /** Rate limits can be relaxed for load tests only; never in production. */
  KAPOK_RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  /** Argon2 hashes allowed at once; each takes 19 MiB. */
  KAPOK_ARGON2_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

export type Env = z.infer<typeof EnvSchema>;

function parseEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Kapok: invalid configuration\n${problems}`);
  }
  if (parsed.data.NODE_ENV === "production" && parsed.data.KAPOK_RATE_LIMITS === "off") {
    throw new Error("Kapok: KAPOK_RATE_LIMITS=off is refused in production");
  }
  return parsed.data;
}

export const env = parseEnv();

export const isProduction = env.NODE_ENV === "production";

export function pgliteDir() {
  return path.join(env.KAPOK_DATA_DIR, "pglite");
}

export function uploadDir() {
  return env.KAPOK_UPLOAD_DIR ?? path.join(env.KAPOK_DATA_DIR, "uploads");
}

export function secureCookies() {
  if (env.KAPOK_SECURE_COOKIES === "auto") return isProduction;
  return env.KAPOK_SECURE_COOKIES === "on";
}
