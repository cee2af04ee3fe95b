import { fenToYuanInput } from "~/lib/money";

/**
 * The new-call form's starting text when an official buys adopted livelihood projects through a call:
 * the projects' titles and descriptions, and their costs added up as the budget (pure).
 */
export function prefillFromProjects(
  projects: readonly { title: string; body: string; costMinor: number }[],
  labels: { titleJoiner: string; intro: string },
): { title: string; description: string; budget: string; perProjectCap: string } | null {
  if (projects.length === 0) return null;
  const total = projects.reduce((s, p) => s + p.costMinor, 0);
  const largest = Math.max(...projects.map((p) => p.costMinor));
  return {
    title: projects
      .map((p) => p.title)
      .join(labels.titleJoiner)
      .slice(0, 200),
    description: [labels.intro, ...projects.map((p) => `## ${p.title}\n\n${p.body}`)]
      .join("\n\n")
      .slice(0, 10_000),
    budget: fenToYuanInput(total),
    perProjectCap: fenToYuanInput(largest),
  };
}
