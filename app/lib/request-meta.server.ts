export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** The client address as the HTTP server resolved it (it honours KAPOK_TRUST_PROXY). */
export function getRequestMeta(request: Request, context?: { clientIp?: string }): RequestMeta {
  return {
    ip: context?.clientIp ?? null,
    userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
  };
}
