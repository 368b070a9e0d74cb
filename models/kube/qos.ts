// A pod's status.qosClass as kubernetes pkg/apis/core/v1/helper/qos/qos.go ComputePodQOS derives it
// from cpu and memory requests and limits, after core/v1 defaults.go SetDefaults_Pod defaults
// requests to limits. Pod-level resources (alpha in 1.32, gate off) are not read.
import type { Container, Pod, PodQosClass } from './types.js';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

type ResourceList = Record<string, unknown>;

interface Resources {
  requests?: ResourceList;
  limits?: ResourceList;
}

export function podQosClass(pod: Pod): PodQosClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    const { requests: ownRequests, limits: ownLimits } = defaultedResources(container);
    for (const name of QOS_RESOURCES) {
      const request = quantityNanos(ownRequests[name]);
      if (request > 0n) requests.set(name, (requests.get(name) ?? 0n) + request);
    }
    let limitsFound = 0;
    for (const name of QOS_RESOURCES) {
      const limit = quantityNanos(ownLimits[name]);
      if (limit <= 0n) continue;
      limitsFound++;
      limits.set(name, (limits.get(name) ?? 0n) + limit);
    }
    if (limitsFound < QOS_RESOURCES.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  for (const [name, request] of requests) {
    if (limits.get(name) !== request) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** SetDefaults_Pod: a resource with a limit and no request gets the limit as its request. */
function defaultedResources(container: Container): { requests: ResourceList; limits: ResourceList } {
  const resources = (container['resources'] ?? {}) as Resources;
  const limits = resources.limits ?? {};
  return { requests: { ...limits, ...(resources.requests ?? {}) }, limits };
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENTS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * A resource.Quantity (`100m`, `128Mi`, `1.5`, `1e3`, or a number) in billionths of its unit,
 * exactly for anything finer than that (the API server rounds finer values up to 1n). 0 when it
 * does not parse: the API server would have refused the pod.
 */
export function quantityNanos(value: unknown): bigint {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = QUANTITY.exec(text);
  if (!match) return 0n;
  const [, sign = '', number = '0', exponent, suffix] = match;
  const [whole = '0', fraction = ''] = number.split('.');
  let decimals = -fraction.length + 9;
  let nanos = BigInt(`${whole}${fraction}` || '0');
  if (exponent) decimals += Number(exponent.slice(1));
  else if (suffix && suffix in DECIMAL_EXPONENTS) decimals += DECIMAL_EXPONENTS[suffix]!;
  else if (suffix) nanos *= 2n ** BigInt(BINARY_EXPONENTS[suffix]!);
  if (decimals >= 0) nanos *= 10n ** BigInt(decimals);
  else {
    const divisor = 10n ** BigInt(-decimals);
    nanos = (nanos + divisor - 1n) / divisor;
  }
  return sign === '-' ? -nanos : nanos;
}
