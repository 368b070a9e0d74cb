// Cluster-wide settings every model may read (W-1.1 defaults are applied by the scenario loader).

export interface ClusterConfig {
  nodes: Array<{ name: string; labels: Record<string, string> }>;
  clusterNetwork: Array<{ cidr: string; hostPrefix: number }>;
  serviceNetwork: string[];
  clusterDomain: string;
  multus: boolean;
  udnAllowedDefaultServices: string[];
  machineNetwork: string;
  masqueradeSubnet: string;
  /** Wall-clock instant of virtual time 0, in ms since the Unix epoch (for timestamps in output). */
  epochMs: number;
}
