// `kubectl get services [-o wide]`: kubernetes printers.go printService, getServiceExternalIP,
// makePortString (ports as `8000/TCP`, `80:30080/TCP`) and labels.FormatLabels for SELECTOR.
import type { Service, ServicePort } from '../../../models/kube/types.js';
import { formatAge, formatObjectTable, NONE, type PrintContext } from './table.js';

const HEADER = ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];

export function printServices(services: Service[], ctx: PrintContext): string {
  return formatObjectTable(ctx, ctx.wide ? [...HEADER, 'SELECTOR'] : HEADER, services, (svc) => {
    // The API server defaults type to ClusterIP, clusterIPs from clusterIP and protocol to TCP.
    const type = svc.spec.type ?? 'ClusterIP';
    const clusterIp = svc.spec.clusterIPs?.[0] ?? svc.spec.clusterIP ?? NONE;
    const cells = [svc.metadata.name, type, clusterIp, externalIp(svc, type), formatPorts(svc.spec.ports ?? []) || NONE, formatAge(ctx, svc.metadata.creationTimestamp)];
    return [ctx.wide ? [...cells, formatSelector(svc.spec.selector)] : cells];
  });
}

function externalIp(svc: Service, type: string): string {
  const externalIps = (svc.spec['externalIPs'] as string[] | undefined) ?? [];
  if (type === 'ClusterIP' || type === 'NodePort') return externalIps.join(',') || NONE;
  if (type === 'ExternalName') return svc.spec.externalName ?? '';
  if (type === 'LoadBalancer') return externalIps.join(',') || '<pending>';
  return '<unknown>';
}

export function formatPorts(ports: ServicePort[]): string {
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function formatSelector(selector: Record<string, string> | undefined): string {
  const pairs = Object.entries(selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join(',') || NONE;
}
