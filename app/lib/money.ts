/** Money is typed in yuan ("100000", "100,000.50") and kept in fen (integers), everywhere. */

const yuanPattern = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** Yuan as typed ("100000", "100,000.50", "¥ 3,000") in fen, or null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const cleaned = text
    .replace(/[\s¥￥]/g, "")
    .replace(/，/g, ",")
    .replace(/。/g, ".");
  const match = yuanPattern.exec(cleaned);
  if (!match) return null;
  const [whole, fraction = ""] = cleaned.replace(/,/g, "").split(".");
  const fen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0") || "0");
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(fen);
}

/** Fen as plain yuan for a form field ("100000", "100000.5"). */
export function fenToYuanInput(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, "0").replace(/0$/, "")}`;
}

/** Fen shown as money in the reader's language ("¥100,000.50"). */
export function formatFen(fen: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "CNY",
    minimumFractionDigits: fen % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(fen / 100);
}
