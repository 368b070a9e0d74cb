// The why-line for a named targetPort a pod does not declare (W-3.1): it names the Service port, the
// name, the pods (three, then a count) and what their containers do declare.
import { describe, expect, it } from 'vitest';
import { findPort } from '../../models/kube/find-port.js';
import { describeContainerPorts, unresolvedTargetPortLine } from '../../models/kube/unresolved-target-port.js';
import type { ContainerPort, Pod } from '../../models/kube/types.js';

const pod = (name: string, ports: ContainerPort[] = []): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' }, spec: { containers: [{ name: 'app', ports }] } });
const outcome = (plural: boolean) => (plural ? 'left out for those pods' : 'left out for the pod');

describe('the unresolved named targetPort why-line', () => {
  it('names the port, the pod and its containerPorts', () => {
    const line = unresolvedTargetPortLine('web', { name: 'http', port: 8000, targetPort: 'http' }, [pod('web-1', [{ containerPort: 8080, name: 'web' }, { containerPort: 9090 }])], outcome);
    expect(line).toBe('web\'s Service port 8000 targets the named port "http", which no container of web-1 declares (its containerPorts: 8080/TCP "web", 9090/TCP); left out for the pod');
  });

  it('lists three pods and counts the rest, with the first one’s containerPorts, and names a protocol other than TCP', () => {
    const pods = ['a', 'b', 'c', 'd', 'e'].map((n) => pod(n));
    expect(unresolvedTargetPortLine('dns', { port: 53, targetPort: 'dns', protocol: 'UDP' }, pods, outcome)).toBe(
      'dns\'s Service port 53 targets the named port "dns" (UDP), which no container of a, b, c and 2 more declares (a\'s containerPorts: none); left out for those pods',
    );
    expect(unresolvedTargetPortLine('dns', { port: 53, targetPort: 'dns' }, pods.slice(0, 2), outcome)).toContain('no container of a and b declares');
  });

  it('agrees with FindPort: a name declared for another protocol does not resolve', () => {
    const udp = pod('web-1', [{ containerPort: 8080, name: 'http', protocol: 'UDP' }]);
    expect(findPort(udp, { port: 8000, targetPort: 'http' })).toBeUndefined();
    expect(findPort(udp, { port: 8000, targetPort: 'http', protocol: 'UDP' })).toBe(8080);
    expect(describeContainerPorts(udp)).toBe('8080/UDP "http"');
  });
});
