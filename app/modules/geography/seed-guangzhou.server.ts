// Placeholder until the geography data file lands: loads nothing.
export async function seedGuangzhou(_options: { log: (line: string) => void }) {}
