// The V8 flags `sim` runs with (bin/sim.js's shebang passes them; a test keeps the two equal), so
// that the benchmarks measure the process a user runs.
// --max-semi-space-size=64: a young generation of 64 MB (V8's default is 16 MB) lets the
// short-lived objects of each controller's reconcile die before they are copied.
// --initial-old-space-size=1024: a simulation's live heap only grows while it settles (the objects
// of 50 000 pods are ≈ 0.6 GB), so V8's full collections on the way there (three, marking the whole
// heap each time) find next to nothing; with a 1 GB starting limit they are not run below it, and
// V8 collects as usual above it. Peak RSS of the 50 000-pod preset stays under 1 GB.
// --v8-pool-size=0: V8's background threads (parallel scavenging, optimizing compiles) sized by Node
// from the machine's parallelism instead of Node's fixed four; on this 2-core machine that is one,
// so the helpers no longer take turns with the simulation's own thread (load and settle of the
// 50 000-pod preset ≈ 5 % faster there, docs/benchmarks.md). A larger machine keeps more helpers.
export const NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--initial-old-space-size=1024', '--v8-pool-size=0'];
