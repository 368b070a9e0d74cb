// How big a scenario the simulator accepts, in one place (README "Limits"). Sizes follow Kubernetes'
// own scalability limits (5 000 nodes, 150 000 pods); past them a run would take minutes and
// gigabytes, so the loader refuses the scenario up front, naming the field and the limit.

export const LIMITS = {
  /** `cluster.nodes` (a count or a list). */
  nodes: 5_000,
  /** Pods the workloads ask for, counted before the run (see countPods in pod-budget.ts). */
  pods: 150_000,
  /** Objects applied in total, each `namespaces:` entry counting once. */
  objects: 200_000,
  /** Entries of `probes`. */
  probes: 10_000,
  /** Nesting of maps and lists in one YAML document (scenario or manifest), aliases expanded. */
  nestingDepth: 64,
  /** Any moment or delay of virtual time: 7 days. */
  durationMs: 7 * 24 * 3_600_000,
} as const;

/** `168h` for the duration limit, as problems print it. */
export const DURATION_LIMIT_TEXT = `${LIMITS.durationMs / 3_600_000}h`;

/** `N THINGS is more than the simulator's limit of LIMIT THINGS`: the wording every size problem uses. */
export function overLimitMessage(count: string, limit: number, things: string): string {
  return `${count} is more than the simulator's limit of ${limit} ${things}`;
}
