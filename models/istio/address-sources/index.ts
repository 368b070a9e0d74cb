// Every ambient workload address source of W-5.2, by the name scenarios and `--set` use.
import { mirroredSliceFirstSource, mirroredSliceStrictSource } from './mirrored-slice.js';
import { networkStatusSource } from './network-status.js';
import { ovnPodNetworksSource } from './ovn-pod-networks.js';
import { statusPodIpsSource } from './status-pod-ips.js';
import type { AddressSource } from './types.js';

export const ADDRESS_SOURCE_NAMES = [
  'status-pod-ips',
  'ovn-pod-networks',
  'network-status',
  'mirrored-slice-first',
  'mirrored-slice-strict',
] as const;

export type AddressSourceName = (typeof ADDRESS_SOURCE_NAMES)[number];

export const ADDRESS_SOURCES: Record<AddressSourceName, AddressSource> = {
  'status-pod-ips': statusPodIpsSource,
  'ovn-pod-networks': ovnPodNetworksSource,
  'network-status': networkStatusSource,
  'mirrored-slice-first': mirroredSliceFirstSource,
  'mirrored-slice-strict': mirroredSliceStrictSource,
};

export type { AddressResult, AddressSource, AddressSourceContext } from './types.js';
