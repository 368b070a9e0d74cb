// ztunnel's DNS proxy (W-5.5): with ambient DNS capture on (IstioCNI `values.cni.ambient.dnsCapture`,
// off by default in 1.28; pod opt-out `ambient.istio.io/dns-capture: "false"`), an enrolled pod's
// queries are answered from ztunnel's own state — Service names with their VIPs, headless names
// with the addresses of the workloads it knows — so an address-source fix changes them too.
import { searchNames } from '../kube/dns.js';
import type { Pod } from '../kube/types.js';
import type { StoreView } from '../store-view.js';
import { DNS_CAPTURE_ANNOTATION, REDIRECTION_ANNOTATION, type IstioCNI } from './types.js';
import type { ZtunnelConfig } from './ztunnel-config.js';
import { indexSnapshot } from './snapshot-index.js';

export function dnsCaptureEnabled(view: StoreView, pod: Pod): boolean {
  if (pod.metadata.annotations?.[REDIRECTION_ANNOTATION] !== 'enabled') return false;
  if (pod.metadata.annotations?.[DNS_CAPTURE_ANNOTATION] === 'false') return false;
  const cni = view.get<IstioCNI>('IstioCNI', 'default');
  return String(cni?.spec?.values?.cni?.ambient?.dnsCapture ?? 'false') === 'true';
}

export type ZtunnelDnsAnswer = { ips: string[]; why: string } | undefined;

/** ztunnel's answer, or undefined when it forwards the query to cluster DNS. */
export function resolveWithZtunnel(config: ZtunnelConfig, host: string, namespace: string, domain: string): ZtunnelDnsAnswer {
  const snapshot = config.spec.push.snapshot;
  const index = indexSnapshot(snapshot);
  for (const name of searchNames(host, namespace, domain)) {
    const service = index.byHostname.get(name);
    if (service && service.vips.length > 0) {
      const ips = service.vips.map((v) => v.slice(v.indexOf('/') + 1));
      return { ips, why: `ztunnel's DNS proxy answers ${name} with the VIP ${ips.join(', ')} of service ${service.namespace}/${service.name} (DNS capture on, W-5.5)` };
    }
    if (service) {
      const ips = Object.keys(service.endpoints)
        .map((uid) => index.byUid.get(uid)?.workloadIps[0])
        .filter((ip): ip is string => ip !== undefined)
        .sort();
      return { ips, why: `ztunnel's DNS proxy answers headless ${name} with the addresses of its workloads: ${ips.join(', ') || 'none'} (DNS capture on, W-5.5)` };
    }
    const podName = name.split('.')[0];
    const serviceHost = name.slice(name.indexOf('.') + 1);
    const headless = index.byHostname.get(serviceHost);
    const workload = headless && headless.vips.length === 0 ? index.byName.get(`${headless.namespace}/${podName}`) : undefined;
    if (workload) return { ips: workload.workloadIps.slice(0, 1), why: `ztunnel's DNS proxy answers ${name} with workload ${workload.namespace}/${workload.name}'s address ${workload.workloadIps[0]} (DNS capture on, W-5.5)` };
  }
  return undefined;
}
