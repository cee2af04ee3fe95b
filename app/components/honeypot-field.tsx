import { honeypotFieldName } from "~/lib/honeypot";

/** Hidden from people and assistive technology; bots that fill it are refused. */
export function HoneypotField() {
  return (
    <div className="hp" aria-hidden="true">
      <input type="text" name={honeypotFieldName} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
