// One plain TCP request from inside a pod's network namespace, the way every client here makes it
// (curl directly, ztunnel's and Envoy's passthrough): connect through OVN (W-4), then the app's
// answer or reset. Failure timings: EHOSTUNREACH ≈3 s (three ARP tries), a drop lasts the caller's
// connect time-out, a reject or an unheard port ≈1 ms.
import type { PodNets } from './address-book.js';
import { serve, type HttpAnswer } from './apps.js';
import type { CurlRequest } from './curl.js';
import type { Verdict } from './path-result.js';
import { connect, connectToIp, podName, type ReachContext } from './reachability.js';

export interface PlainTcpResult {
  kind: 'answer' | 'unreachable' | 'timeout' | 'refused';
  answer?: HttpAnswer;
  durationMs: number;
  verdict: Verdict;
  dialed: string;
  dialedNetwork: string | null;
  why: string[];
  /** The failure as Rust's io::Error prints it (ztunnel's log). */
  ioError?: string;
}

export interface PlainTcpOptions {
  /** How long the client waits for a SYN that is silently dropped. */
  timeoutMs: number;
  /** Whether a ClusterIP goes through OVN's load balancer (a client's own socket) or not (a proxy dialling an endpoint). */
  serviceLb: boolean;
}

export function plainTcpRequest(src: PodNets, dstIp: string, dstPort: number, request: CurlRequest, reach: ReachContext, options: PlainTcpOptions): PlainTcpResult {
  const result = options.serviceLb ? connect(src, dstIp, dstPort, reach) : connectToIp(src, dstIp, dstPort, reach);
  const base = { dialed: `${result.dstIp}:${result.dstPort}`, why: result.why };
  if (result.kind === 'unreachable') {
    return { ...base, kind: 'unreachable', durationMs: 3000 + reach.rng.nextInt(120), verdict: 'unreachable', dialedNetwork: result.dstNetwork ?? null, ioError: 'io error: No route to host (os error 113)' };
  }
  if (result.kind === 'timeout') {
    return { ...base, kind: 'timeout', durationMs: options.timeoutMs, verdict: 'timeout', dialedNetwork: result.dstNetwork ?? null, ioError: 'io error: deadline has elapsed' };
  }
  if (result.kind === 'refused') {
    return { ...base, kind: 'refused', durationMs: 1, verdict: 'no-endpoint', dialedNetwork: result.dstNetwork ?? null, ioError: 'io error: Connection refused (os error 111)' };
  }
  const network = result.holder.iface.network;
  const answer = serve(result.holder.nets.pod, result.dstPort, request, result.srcIp, reach.cluster.epochMs + reach.atMs);
  if (!answer) {
    const why = [...base.why, `nothing in ${podName(result.holder.nets)} listens on port ${result.dstPort}: it answers with a reset`];
    return { ...base, why, kind: 'refused', durationMs: 1, verdict: 'refused', dialedNetwork: network, ioError: 'io error: Connection refused (os error 111)' };
  }
  const why = [...base.why, `${podName(result.holder.nets)} answers HTTP ${answer.status}`];
  return { ...base, why, kind: 'answer', answer, durationMs: 1 + reach.rng.nextInt(3), verdict: 'delivered', dialedNetwork: network };
}
