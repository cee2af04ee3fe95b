/** A field people never see or fill; bots that fill every input reveal themselves. */
export const honeypotFieldName = "website";
