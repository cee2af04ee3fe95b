/** Cookie names for preferences that also work before signing in. */
export const textSizeCookieName = "kapok_text";
