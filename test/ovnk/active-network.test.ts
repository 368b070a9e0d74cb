// A namespace's active network (W-2.2) is cached per store until a Namespace, a NAD, a UDN or a
// CUDN is written: each of the four kinds must move it on.
import { describe, expect, it } from 'vitest';
import { ApiStore } from '../../sim/store/api-store.js';
import { createRng } from '../../sim/engine/rng.js';
import { activeNetwork, renderNadConfig } from '../../models/ovnk/networks.js';
import type { KubeObject } from '../../models/kube/types.js';
import { PRIMARY_UDN_LABEL, UDN_NAD_LABEL } from '../../models/ovnk/types.js';

const layer3 = { topology: 'Layer3' as const, layer3: { role: 'Primary' as const, subnets: [{ cidr: '3.3.0.0/16', hostSubnet: 24 }] } };

function nad(namespace: string, name: string): KubeObject {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name, namespace, labels: { [UDN_NAD_LABEL]: '' } },
    spec: { config: renderNadConfig(`${namespace}_${name}`, `${namespace}/${name}`, layer3) },
  } as KubeObject;
}

describe('activeNetwork', () => {
  it('follows writes of each kind it reads: Namespace, NetworkAttachmentDefinition, UserDefinedNetwork, ClusterUserDefinedNetwork', () => {
    const store = new ApiStore(() => 0, 0, createRng(1), createRng(2));
    const kind = (ns: string) => activeNetwork(store, ns).kind;
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    expect(kind('a')).toBe('default');
    // Namespace: labelled for a primary UDN, with none yet.
    store.update({ ...store.get<KubeObject>('Namespace', 'a')!, metadata: { ...store.get<KubeObject>('Namespace', 'a')!.metadata, labels: { [PRIMARY_UDN_LABEL]: '' } } });
    expect(activeNetwork(store, 'a')).toMatchObject({ kind: 'missing', nadPending: false });
    // UserDefinedNetwork: a primary UDN whose NAD is not rendered yet.
    store.create({ apiVersion: 'k8s.ovn.org/v1', kind: 'UserDefinedNetwork', metadata: { name: 'udn', namespace: 'a' }, spec: layer3 } as KubeObject);
    expect(activeNetwork(store, 'a')).toMatchObject({ kind: 'missing', nadPending: true });
    // NetworkAttachmentDefinition: rendered.
    store.create(nad('a', 'udn'));
    expect(activeNetwork(store, 'a')).toMatchObject({ kind: 'udn', network: { nadKey: 'a/udn' } });
    // ClusterUserDefinedNetwork: selecting a second labelled namespace, its NAD not rendered yet.
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b', labels: { [PRIMARY_UDN_LABEL]: '', team: 'x' } } });
    expect(activeNetwork(store, 'b')).toMatchObject({ kind: 'missing', nadPending: false });
    store.create({ apiVersion: 'k8s.ovn.org/v1', kind: 'ClusterUserDefinedNetwork', metadata: { name: 'cudn' }, spec: { namespaceSelector: { matchLabels: { team: 'x' } }, network: layer3 } } as KubeObject);
    expect(activeNetwork(store, 'b')).toMatchObject({ kind: 'missing', nadPending: true });
  });
});
