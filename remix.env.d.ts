/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}


declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** Per-request CSP nonce for inline scripts. */
    nonce: string;
    /** The double-submit CSRF token (also in the visitor's cookie). */
    csrfToken: string;
    /** Client address as resolved by the HTTP server (honours KAPOK_TRUST_PROXY). */
    clientIp: string;
  }
}

// Makes this file a module so the blocks above augment instead of redeclaring (toolchain P15).
export {};
