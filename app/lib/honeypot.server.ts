import { honeypotFieldName } from "./honeypot";

export function checkHoneypot(formData: FormData) {
  const value = formData.get(honeypotFieldName);
  if (typeof value === "string" && value.length > 0) {
    throw new Response("Form not accepted", { status: 400, statusText: "Bad Request" });
  }
}
