// Placeholder until the area importer lands.
export async function run(_args: string[]) {
  throw new Error("import-areas is not available yet");
}
