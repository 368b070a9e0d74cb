// W-5.2: which istiod is running — the pilot image and PILOT_ENABLE_OVNK_UDN pick the sidecar EDS
// service label and the ambient address source; a scenario or `--set` overrides either.
import { describe, expect, it } from 'vitest';
import { ADDRESS_SOURCE_NAMES } from '../../models/istio/address-sources/index.js';
import { decideIstiodBehaviour, istiodBuildOf } from '../../models/istio/istiod-build.js';
import type { Istio } from '../../models/istio/types.js';

const UPSTREAM_LABEL = 'kubernetes.io/service-name';
const OVN_LABEL = 'k8s.ovn.org/service-name';
const UPSTREAM_IMAGE = 'registry.redhat.io/openshift-service-mesh/istio-pilot-rhel9:1.28.1';
const EDS_FORK = 'quay.io/sridhargaddam/pilot:ovnk-udn-1.28';
const AMBIENT_FORK = 'quay.io/sridhargaddam/pilot:ovnk-udn-1.28-ambient';

/** The seed's Istio CR (05-istio.yaml) with the pilot image and env swapped. */
function istio(image?: string, env?: Record<string, string | boolean>): Istio {
  return {
    apiVersion: 'sailoperator.io/v1',
    kind: 'Istio',
    metadata: { name: 'default' },
    spec: {
      version: 'v1.28.1',
      namespace: 'istio-system',
      profile: 'ambient',
      updateStrategy: { type: 'InPlace' },
      values: {
        pilot: {
          trustedZtunnelNamespace: 'ztunnel',
          ...(image ? { image } : {}),
          ...(env ? { env } : {}),
          podAnnotations: { 'k8s.ovn.org/open-default-ports': '- protocol: tcp\n  port: 15017\n' },
        },
        global: { imagePullPolicy: 'Always' },
      },
    },
  };
}

describe('decideIstiodBehaviour: the W-5.2 table', () => {
  it.each([
    ['no Istio CR at all', undefined, UPSTREAM_LABEL, 'status-pod-ips'],
    ['an Istio CR without a pilot image (the default, upstream)', istio(), UPSTREAM_LABEL, 'status-pod-ips'],
    [`the upstream image ${UPSTREAM_IMAGE}`, istio(UPSTREAM_IMAGE), UPSTREAM_LABEL, 'status-pod-ips'],
    ['docker.io/istio/pilot:1.28.1-distroless', istio('docker.io/istio/pilot:1.28.1-distroless'), UPSTREAM_LABEL, 'status-pod-ips'],
    [`the seed’s EDS-only fork ${EDS_FORK}`, istio(EDS_FORK), OVN_LABEL, 'status-pod-ips'],
    [`the ambient fork ${AMBIENT_FORK} (PILOT_ENABLE_OVNK_UDN defaults to true)`, istio(AMBIENT_FORK), OVN_LABEL, 'mirrored-slice-first'],
    ['the ambient fork with PILOT_ENABLE_OVNK_UDN: "true"', istio(AMBIENT_FORK, { PILOT_ENABLE_OVNK_UDN: 'true' }), OVN_LABEL, 'mirrored-slice-first'],
    ['the ambient fork with PILOT_ENABLE_OVNK_UDN: "false"', istio(AMBIENT_FORK, { PILOT_ENABLE_OVNK_UDN: 'false' }), UPSTREAM_LABEL, 'status-pod-ips'],
    ['the ambient fork with PILOT_ENABLE_OVNK_UDN: "False"', istio(AMBIENT_FORK, { PILOT_ENABLE_OVNK_UDN: 'False' }), UPSTREAM_LABEL, 'status-pod-ips'],
    ['the ambient fork with PILOT_ENABLE_OVNK_UDN: false (an unquoted YAML boolean)', istio(AMBIENT_FORK, { PILOT_ENABLE_OVNK_UDN: false }), UPSTREAM_LABEL, 'status-pod-ips'],
    ['an upstream image with PILOT_ENABLE_OVNK_UDN: "true" (upstream has no such flag)', istio(UPSTREAM_IMAGE, { PILOT_ENABLE_OVNK_UDN: 'true' }), UPSTREAM_LABEL, 'status-pod-ips'],
  ] as const)('%s → EDS label %s, ambient source %s', (_case, cr, label, source) => {
    const behaviour = decideIstiodBehaviour(cr, {});
    expect(behaviour.endpointSliceServiceLabel).toBe(label);
    expect(behaviour.ambientAddressSource).toBe(source);
    // The CR is where a setting came from only when it moved it off upstream's default.
    expect(behaviour.origins).toEqual({
      endpointSliceServiceLabel: label === UPSTREAM_LABEL ? 'default' : 'Istio CR',
      ambientAddressSource: source === 'status-pod-ips' ? 'default' : 'Istio CR',
    });
  });

  // istiod reads a bool env var with Go's strconv.ParseBool (istio pkg/env/var.go BoolVar.Lookup), which also
  // takes "0", "f" and "F" as false.
  it.each([['0'], ['f'], ['F']])('the ambient fork with PILOT_ENABLE_OVNK_UDN: "%s" behaves as upstream (strconv.ParseBool)', (value) => {
    const behaviour = decideIstiodBehaviour(istio(AMBIENT_FORK, { PILOT_ENABLE_OVNK_UDN: value }), {});
    expect(behaviour.ambientAddressSource).toBe('status-pod-ips');
    expect(behaviour.endpointSliceServiceLabel).toBe(UPSTREAM_LABEL);
  });

  it.each([
    [undefined, 'upstream'],
    [UPSTREAM_IMAGE, 'upstream'],
    [EDS_FORK, 'fork-eds'],
    [AMBIENT_FORK, 'fork-ambient'],
  ] as const)('classifies pilot image %s as the %s build', (image, build) => {
    expect(istiodBuildOf(image)).toBe(build);
  });

  it('says in its reasons which build it saw and that the env turned the fork off', () => {
    expect(decideIstiodBehaviour(istio(AMBIENT_FORK), {}).reasons).toEqual([
      `pilot image ${AMBIENT_FORK}: fork build with the ambient change, PILOT_ENABLE_OVNK_UDN on (W-5.2)`,
    ]);
    expect(decideIstiodBehaviour(istio(AMBIENT_FORK, { PILOT_ENABLE_OVNK_UDN: 'false' }), {}).reasons[0]).toContain('PILOT_ENABLE_OVNK_UDN="false"');
    expect(decideIstiodBehaviour(undefined, {}).reasons[0]).toContain('upstream');
  });
});

describe('decideIstiodBehaviour: overrides win over the image', () => {
  const builds = [
    ['no Istio CR', undefined],
    ['the upstream image', istio(UPSTREAM_IMAGE)],
    ['the EDS-only fork', istio(EDS_FORK)],
    ['the ambient fork', istio(AMBIENT_FORK)],
    ['the ambient fork turned off', istio(AMBIENT_FORK, { PILOT_ENABLE_OVNK_UDN: 'false' })],
  ] as const;

  describe.each(builds)('on %s', (_build, cr) => {
    const natural = decideIstiodBehaviour(cr, {});

    it.each(ADDRESS_SOURCE_NAMES.map((s) => [s]))('ambientAddressSource=%s sets the source and keeps the image’s label', (source) => {
      const behaviour = decideIstiodBehaviour(cr, { ambientAddressSource: source });
      expect(behaviour.ambientAddressSource).toBe(source);
      expect(behaviour.endpointSliceServiceLabel).toBe(natural.endpointSliceServiceLabel);
      expect(behaviour.origins).toEqual({ ambientAddressSource: 'override', endpointSliceServiceLabel: natural.origins.endpointSliceServiceLabel });
    });

    it.each([[UPSTREAM_LABEL], [OVN_LABEL]])('endpointSliceServiceLabel=%s sets the label and keeps the image’s source', (label) => {
      const behaviour = decideIstiodBehaviour(cr, { endpointSliceServiceLabel: label });
      expect(behaviour.endpointSliceServiceLabel).toBe(label);
      expect(behaviour.ambientAddressSource).toBe(natural.ambientAddressSource);
      expect(behaviour.origins).toEqual({ ambientAddressSource: natural.origins.ambientAddressSource, endpointSliceServiceLabel: 'override' });
    });
  });

  it('takes both overrides together', () => {
    const behaviour = decideIstiodBehaviour(istio(EDS_FORK), { ambientAddressSource: 'ovn-pod-networks', endpointSliceServiceLabel: UPSTREAM_LABEL });
    expect(behaviour).toMatchObject({ ambientAddressSource: 'ovn-pod-networks', endpointSliceServiceLabel: UPSTREAM_LABEL });
  });
});
