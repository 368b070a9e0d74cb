// Cluster DNS (W-4): Service names resolve to the ClusterIP, with the pod's search domains for
// short names; headless Services and StatefulSet pod names resolve to the default slices'
// addresses, i.e. default-network IPs (the upstream "UDN DNS" problem).
import type { StoreView } from '../store-view.js';
import { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './endpointslice-controller.js';
import type { EndpointSlice, Service } from './types.js';

export type DnsAnswer =
  | { kind: 'service'; service: Service; ips: string[]; name: string }
  | { kind: 'headless'; service: Service; ips: string[]; name: string }
  | { kind: 'ip'; ips: string[] }
  | { kind: 'nxdomain' };

/** Candidate fully-qualified names for `host` asked from a pod in `namespace` (search path order). */
export function searchNames(host: string, namespace: string, domain: string): string[] {
  const trimmed = host.replace(/\.$/, '');
  const dots = trimmed.split('.').length - 1;
  const search = [`${namespace}.svc.${domain}`, `svc.${domain}`, domain].map((s) => `${trimmed}.${s}`);
  return dots >= 5 ? [trimmed, ...search] : [...search, trimmed];
}

export function resolveClusterDns(view: StoreView, host: string, namespace: string, domain: string): DnsAnswer {
  if (/^[\d.]+$/.test(host) || host.includes(':')) return { kind: 'ip', ips: [host] };
  const suffix = `.svc.${domain}`;
  for (const name of searchNames(host, namespace, domain)) {
    if (!name.endsWith(suffix)) continue;
    const parts = name.slice(0, -suffix.length).split('.');
    if (parts.length === 2) {
      const service = view.get<Service>('Service', `${parts[1]}/${parts[0]}`);
      if (!service) continue;
      if (service.spec.clusterIP === 'None') return { kind: 'headless', service, ips: sliceAddresses(view, service), name };
      return { kind: 'service', service, ips: service.spec.clusterIPs ?? (service.spec.clusterIP ? [service.spec.clusterIP] : []), name };
    }
    if (parts.length === 3) {
      const service = view.get<Service>('Service', `${parts[2]}/${parts[1]}`);
      const ips = service ? podRecord(view, service, parts[0]!) : [];
      if (service && ips.length) return { kind: 'headless', service, ips, name };
    }
  }
  return { kind: 'nxdomain' };
}

function defaultSlices(view: StoreView, service: Service): EndpointSlice[] {
  return view
    .list<EndpointSlice>('EndpointSlice', service.metadata.namespace)
    .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === service.metadata.name && s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER);
}

function sliceAddresses(view: StoreView, service: Service): string[] {
  return defaultSlices(view, service)
    .flatMap((s) => s.endpoints ?? [])
    .filter((e) => e.conditions?.ready !== false)
    .flatMap((e) => e.addresses.slice(0, 1))
    .sort();
}

function podRecord(view: StoreView, service: Service, hostname: string): string[] {
  return defaultSlices(view, service)
    .flatMap((s) => s.endpoints ?? [])
    .filter((e) => e.targetRef?.name === hostname)
    .flatMap((e) => e.addresses.slice(0, 1));
}
