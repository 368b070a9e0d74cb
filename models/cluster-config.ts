// Cluster-wide settings every model may read (W-1.1 defaults are applied by the scenario loader).
import type { Taint } from './kube/types.js';

export interface Timing {
  /** Scheduling to sandbox ready (CNI + IPAM). */
  sandboxMs: number;
  /** Containers started to Ready. */
  readyAfterStartMs: number;
  /** A default EndpointSlice change to OVN-K's mirror of it. */
  mirrorDelayMs: number;
  /** istiod waits this long without events before it pushes… */
  istiodDebounceMs: number;
  /** …but no longer than this after the first event. */
  istiodDebounceMaxMs: number;
  /** istiod's push to ztunnel's receipt of it. */
  pushDelayMs: number;
}

export const DEFAULT_TIMING: Timing = {
  sandboxMs: 300,
  readyAfterStartMs: 1500,
  mirrorDelayMs: 100,
  istiodDebounceMs: 100,
  istiodDebounceMaxMs: 10_000,
  pushDelayMs: 50,
};

export interface ClusterConfig {
  /** In the order the nodes join the cluster: control-plane nodes first (see read-cluster.ts). */
  nodes: Array<{ name: string; labels: Record<string, string>; taints?: Taint[] }>;
  clusterNetwork: Array<{ cidr: string; hostPrefix: number }>;
  serviceNetwork: string[];
  clusterDomain: string;
  multus: boolean;
  udnAllowedDefaultServices: string[];
  machineNetwork: string;
  masqueradeSubnet: string;
  /** The delays of W-7, each overridable per scenario. */
  timing: Timing;
  /** Wall-clock instant of virtual time 0, in ms since the Unix epoch (for timestamps in output). */
  epochMs: number;
}
