// What istiod tells ztunnel (W-5.4, W-5.5), shaped as ztunnel's /config_dump shows it, plus where each
// workload's addresses came from (which no real tool shows, and which the report needs).

export interface ZtunnelWorkload {
  workloadIps: string[];
  protocol: 'HBONE' | 'TCP';
  networkMode: 'Standard' | 'HostNetwork';
  uid: string;
  name: string;
  namespace: string;
  trustDomain: string;
  serviceAccount: string;
  workloadName: string;
  workloadType: 'pod';
  canonicalName: string;
  canonicalRevision: string;
  node?: string;
  status: 'Healthy' | 'Unhealthy';
  clusterId: string;
  services?: string[];
  capacity: number;
}

export interface ZtunnelServiceEndpoint {
  workloadUid: string;
  port: Record<string, number>;
  status: 'Healthy' | 'Unhealthy';
}

export interface ZtunnelService {
  name: string;
  namespace: string;
  hostname: string;
  vips: string[];
  ports: Record<string, number>;
  endpoints: Record<string, ZtunnelServiceEndpoint>;
  subjectAltNames: string[];
  ipFamilies?: 'IPv4' | 'IPv6' | 'Dual';
}

export interface WorkloadProvenance {
  addressSource: string;
  from: string;
  podUid: string;
}

export interface DroppedPod {
  pod: string;
  reason: string;
}

/** One istiod push: everything ztunnel knows until the next one. */
export interface AmbientSnapshot {
  workloads: ZtunnelWorkload[];
  services: ZtunnelService[];
  dropped: DroppedPod[];
  addressSource: string;
  serviceLabel: string;
}
