import { createElement as h, type ReactNode } from "react";

/**
 * What a server-rendered route sees of Remix in render tests: the loader and action data a test sets,
 * and plain <form>/<a> for Form and Link. Use it from the test file as
 *   vi.mock("@remix-run/react", () => import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()));
 * (vi.mock must stay in the test file: vitest hoists it there).
 */
export const renderState: { loaderData: unknown; actionData: unknown; pathname: string } = {
  loaderData: null,
  actionData: undefined,
  pathname: "/",
};

export function remixReactMock() {
  return {
    Form: ({
      children,
      preventScrollReset: _p,
      ...props
    }: {
      children: ReactNode;
      preventScrollReset?: boolean;
    }) => h("form", props, children),
    Link: ({ to, children, ...props }: { to: string; children: ReactNode }) =>
      h("a", { href: to, ...props }, children),
    useLoaderData: () => renderState.loaderData,
    useActionData: () => renderState.actionData,
    useRouteLoaderData: () => ({ csrfToken: "x" }),
    useLocation: () => ({ pathname: renderState.pathname, search: "", hash: "", state: null, key: "test" }),
  };
}
