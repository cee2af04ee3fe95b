import { DomainError } from "~/lib/errors";
import {
  releaseRateLimits,
  reserveRateLimits,
  type RateLimitReservation,
  type RateLimitRule,
} from "~/lib/rate-limit.server";

/** Password guesses against one account (OWASP ASVS 2.2.1): a burst limit and an hourly one. */
export const passwordFailuresPerAccountMinute: RateLimitRule = { name: "pw-account-1m", limit: 5, windowSeconds: 60 };
export const passwordFailuresPerAccountHour: RateLimitRule = { name: "pw-account-1h", limit: 100, windowSeconds: 60 * 60 };
/** Generous: a whole estate can sit behind one carrier-grade NAT address. */
export const passwordFailuresPerIp: RateLimitRule = { name: "pw-ip-10m", limit: 100, windowSeconds: 10 * 60 };
/** Registration attempts (not only successes) from one address. */
export const registrationsPerIp: RateLimitRule = { name: "register-ip-1h", limit: 20, windowSeconds: 60 * 60 };

export function rateLimitedError(retryAfterSeconds: number) {
  return new DomainError("errors:rateLimited", 429, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
}

/**
 * Before a password is checked (login, password change, account deletion): takes a failure slot for the
 * account and for the address, or refuses with 429 before any password work is done. The caller releases
 * the slots when the password was right, so only failures count.
 *
 * `account` is `user:<id>` when the account exists and `identifier:<phone or email>` otherwise, so a phone
 * number and an email of the same person share one budget.
 */
export async function reservePasswordAttempt({
  account,
  ip,
  now = new Date(),
}: {
  account: string;
  ip: string | null;
  now?: Date;
}): Promise<RateLimitReservation[]> {
  const checks = [
    { rule: passwordFailuresPerAccountMinute, subject: account },
    { rule: passwordFailuresPerAccountHour, subject: account },
  ];
  // The HTTP server always supplies an address; only direct calls (scripts) have none.
  if (ip) checks.push({ rule: passwordFailuresPerIp, subject: ip });
  const outcome = await reserveRateLimits(checks, now);
  if (!outcome.allowed) throw rateLimitedError(outcome.retryAfterSeconds);
  return outcome.reservations;
}

/** Counts a registration attempt from this address, or refuses with 429. */
export async function reserveRegistration({ ip, now = new Date() }: { ip: string | null; now?: Date }) {
  if (!ip) return;
  const outcome = await reserveRateLimits([{ rule: registrationsPerIp, subject: ip }], now);
  if (!outcome.allowed) throw rateLimitedError(outcome.retryAfterSeconds);
}

/** The password was right: this attempt does not count against the failure budgets. */
export async function forgiveAttempt(reservations: RateLimitReservation[]) {
  await releaseRateLimits(reservations);
}
