// `sim generate`'s parameters and presets: cluster size, how namespaces split across networks and
// data-plane modes, and how many probes to sample. `seed-limit` is the seed's network at its limit:
// 3.3.0.0/16 with /24 host subnets over 250 nodes, 200 pods per node, 5 000 Services.

export interface GenerateParams {
  name: string;
  seed: number;
  nodes: number;
  namespaces: number;
  /** Share of namespaces on a primary UDN (0–1). */
  udnShare: number;
  /** How many CUDNs the UDN namespaces are spread over (all with the same CIDR: allowed, and isolated). */
  networks: number;
  topology: 'Layer3' | 'Layer2';
  cidr: string;
  hostSubnet: number;
  deploymentsPerNamespace: number;
  replicas: number;
  /** Share of namespaces in ambient mode, and in sidecar mode (the rest: no mesh). */
  ambientShare: number;
  sidecarShare: number;
  probes: number;
  /** Install Istio (Sail CRs) at all. */
  istio: boolean;
}

const BASE: GenerateParams = {
  name: 'generated',
  seed: 1,
  nodes: 3,
  namespaces: 4,
  udnShare: 0.5,
  networks: 1,
  topology: 'Layer3',
  cidr: '3.3.0.0/16',
  hostSubnet: 24,
  deploymentsPerNamespace: 3,
  replicas: 2,
  ambientShare: 0.5,
  sidecarShare: 0.25,
  probes: 8,
  istio: true,
};

export const PRESETS: Record<string, GenerateParams> = {
  small: { ...BASE, name: 'generated-small' },
  medium: { ...BASE, name: 'generated-medium', nodes: 25, namespaces: 25, deploymentsPerNamespace: 20, replicas: 10, udnShare: 1, ambientShare: 1, sidecarShare: 0, probes: 100 },
  'seed-limit': { ...BASE, name: 'seed-limit', nodes: 250, namespaces: 250, deploymentsPerNamespace: 20, replicas: 10, udnShare: 1, ambientShare: 1, sidecarShare: 0, probes: 1000 },
};

/** Problems with a parameter set, in words (empty when usable). */
export function checkParams(p: GenerateParams): string[] {
  const problems: string[] = [];
  const positive = ['nodes', 'namespaces', 'networks', 'deploymentsPerNamespace', 'replicas'] as const;
  for (const key of positive) if (!Number.isInteger(p[key]) || p[key] < 1) problems.push(`--${key} must be a positive integer`);
  for (const key of ['udnShare', 'ambientShare', 'sidecarShare'] as const) if (!(p[key] >= 0 && p[key] <= 1)) problems.push(`--${key} must be between 0 and 1`);
  if (p.ambientShare + p.sidecarShare > 1) problems.push('--ambientShare plus --sidecarShare must not exceed 1');
  if (!Number.isInteger(p.probes) || p.probes < 0) problems.push('--probes must be a non-negative integer');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name)) problems.push('--name must be a DNS label');
  return problems;
}
