// KAPOK_BUILD_DIR lets several checkouts' builds (or parallel test runs) live side by side.
const dir = process.env.KAPOK_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // node_modules stay external, so the CLI and the server bundle share one database instance.
  serverBuildPath: dir ? `${dir}/index.js` : "build/index.js",
  assetsBuildDirectory: dir ? `${dir}/assets` : "public/build",
  publicPath: "/build/",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
