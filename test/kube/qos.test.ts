// status.qosClass as kubernetes pkg/apis/core/v1/helper/qos/qos.go ComputePodQOS derives it, after
// core/v1 defaults.go SetDefaults_Pod has given each limit without a request that request.
import { describe, expect, it } from 'vitest';
import { podQosClass, quantityNanos } from '../../models/kube/qos.js';
import type { Container, Pod } from '../../models/kube/types.js';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

function pod(containers: Resources[], inits: Resources[] = []): Pod {
  const made = (resources: Resources, i: number): Container => ({ name: `c${i}`, image: 'i', resources });
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: containers.map(made), ...(inits.length ? { initContainers: inits.map(made) } : {}) } };
}

describe('podQosClass', () => {
  it.each<[string, Resources[], Resources[], string]>([
    ['no requests or limits', [{}], [], 'BestEffort'],
    ['only requests of other resources', [{ requests: { 'ephemeral-storage': '1Gi' } }], [], 'BestEffort'],
    ['a cpu request', [{ requests: { cpu: '100m' } }], [], 'Burstable'],
    ['limits only (requests default to them)', [{ limits: { cpu: '1', memory: '1Gi' } }], [], 'Guaranteed'],
    ['equal requests and limits written differently', [{ requests: { cpu: '500m', memory: '1024Mi' }, limits: { cpu: '0.5', memory: '1Gi' } }], [], 'Guaranteed'],
    ['a request below its limit', [{ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } }], [], 'Burstable'],
    ['a limit on cpu only', [{ limits: { cpu: '1' } }], [], 'Burstable'],
    ['one guaranteed container and one without', [{ limits: { cpu: '1', memory: '1Gi' } }, {}], [], 'Burstable'],
    ['a guaranteed container and a best-effort init container', [{ limits: { cpu: '1', memory: '1Gi' } }], [{}], 'Burstable'],
    ['zero requests', [{ requests: { cpu: '0', memory: '0' } }], [], 'BestEffort'],
  ])('gives a pod with %s %s', (_what, containers, inits, qos) => {
    expect(podQosClass(pod(containers, inits))).toBe(qos);
  });
});

// apimachinery pkg/api/resource quantity.go ParseQuantity: decimal and binary suffixes, exponents.
describe('quantityNanos', () => {
  it.each<[unknown, bigint]>([
    ['1', 1_000_000_000n],
    ['100m', 100_000_000n],
    ['0.5', 500_000_000n],
    ['1Ki', 1024n * 1_000_000_000n],
    ['1e3', 1000n * 1_000_000_000n],
    ['1k', 1000n * 1_000_000_000n],
    ['1n', 1n],
    [2, 2_000_000_000n],
    ['bogus', 0n],
  ])('reads %s', (text, nanos) => {
    expect(quantityNanos(text)).toBe(nanos);
  });
});
