// Placeholder until the demo accounts land.
export async function seedDemo(_options: { log: (line: string) => void }) {}
