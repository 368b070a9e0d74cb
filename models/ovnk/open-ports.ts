// `k8s.ovn.org/open-default-ports` (W-4): a YAML or JSON list of {protocol, port} opening a UDN
// pod's eth0 to ingress from the default network; any parse error opens nothing.
import { parse } from 'yaml';
import type { Pod } from '../kube/types.js';

export const OPEN_DEFAULT_PORTS_ANNOTATION = 'k8s.ovn.org/open-default-ports';

export interface OpenPort {
  protocol: 'tcp' | 'udp' | 'sctp' | 'icmp';
  port?: number;
}

export type OpenPortsParse = { ok: true; ports: OpenPort[] } | { ok: false; error: string };

export function parseOpenDefaultPorts(text: string): OpenPortsParse {
  let raw: unknown;
  try {
    // logLevel 'error': a tag it cannot resolve is no Node process warning on the simulator's stderr.
    raw = parse(text, { logLevel: 'error' });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
  if (raw === null || raw === undefined) return { ok: true, ports: [] };
  if (!Array.isArray(raw)) return { ok: false, error: 'expected a list of {protocol, port}' };
  const ports: OpenPort[] = [];
  for (const item of raw as Array<Record<string, unknown>>) {
    const protocol = String(item?.['protocol'] ?? '');
    const port = item?.['port'];
    if (!['tcp', 'udp', 'sctp', 'icmp'].includes(protocol)) return { ok: false, error: `invalid protocol ${protocol}` };
    if (protocol === 'icmp') {
      if (port !== undefined && port !== null) return { ok: false, error: `invalid port ${String(port)} for icmp protocol, should be empty` };
      ports.push({ protocol: 'icmp' });
      continue;
    }
    if (port === undefined || port === null) return { ok: false, error: `port is required for ${protocol} protocol` };
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: `invalid port ${String(port)}` };
    ports.push({ protocol: protocol as OpenPort['protocol'], port });
  }
  return { ok: true, ports };
}

export function openDefaultPorts(pod: Pod): OpenPortsParse | undefined {
  const text = pod.metadata.annotations?.[OPEN_DEFAULT_PORTS_ANNOTATION];
  return text === undefined ? undefined : parseOpenDefaultPorts(text);
}
