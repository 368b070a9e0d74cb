// The scenario as loaded: the contract of ../shared/spec/scenario.md turned into types, plus the
// source positions every later error message needs (FILE:LINE:COL: PATH: MESSAGE).
import type { ClusterConfig } from '../../models/cluster-config.js';
import type { KubeObject } from '../../models/kube/types.js';

export type Path = ReadonlyArray<string | number>;

export interface SourceLocation {
  /** The file as the user named it (relative to the working directory or the scenario). */
  file: string;
  line: number;
  col: number;
}

/** Finds where a field of a YAML document stands; falls back to the nearest ancestor that exists. */
export type Locator = (path: Path) => SourceLocation;

export interface ScenarioProblem extends SourceLocation {
  /** Dotted path of the offending field, e.g. `probes[0].exec.target` or `spec.network.layer3`. */
  path: string;
  message: string;
  severity: 'error' | 'warning' | 'note';
}

export type NodeSpec = ClusterConfig['nodes'][number];
export type ClusterNetworkEntry = ClusterConfig['clusterNetwork'][number];

/** The scenario's `cluster:` with OpenShift defaults applied: the models' ClusterConfig minus the epoch. */
export type ClusterSettings = Omit<ClusterConfig, 'epochMs'>;

export interface IstiodOverrides {
  ambientAddressSource?: string;
  endpointSliceServiceLabel?: string;
}

/** One object from an `apply` entry, with where it came from. */
export interface AppliedObject {
  object: KubeObject;
  /** Index of the `apply` entry it came from. */
  step: number;
  /** Virtual time at which it is applied (ms). */
  atMs: number;
  locate: Locator;
  /** Where the object's document starts. */
  source: SourceLocation;
}

export interface ProbeExpect {
  exitCode?: number;
  stdoutContains?: string;
  httpStatus?: number;
  logContains?: string;
  dialedNetwork?: string;
  verdict?: string;
}

export interface ProbeSpec {
  name: string;
  namespace: string;
  /** `deploy/NAME` or `pod/NAME`. */
  target: { kind: 'deploy' | 'pod'; name: string };
  command: string;
  /** Virtual time; undefined = once the cluster has settled. */
  atMs?: number;
  expect?: ProbeExpect;
  locate: Locator;
}

export interface Scenario {
  file: string;
  name: string;
  description: string;
  seed: number;
  /** The wall-clock instant virtual time 0 stands for (RFC 3339); reports print times from it. */
  startTime: string;
  cluster: ClusterSettings;
  istiod: IstiodOverrides;
  objects: AppliedObject[];
  probes: ProbeSpec[];
  /** Warnings and notes (ignored kinds, unknown kinds): shown in the report, never fatal. */
  notes: ScenarioProblem[];
  /** The `--set` overrides as given, for the report. */
  sets: Array<{ path: string; value: unknown }>;
}

export type LoadResult =
  | { ok: true; scenario: Scenario }
  | { ok: false; problems: ScenarioProblem[] };
