// Any URL no other route matches. A route (rather than Remix's built-in 404) lets the root loader run,
// so the not-found page has the header, navigation and language switcher like every other page.
export async function loader() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export async function action() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}
