// Upstream istiod (W-5.2, W-5.4): pod.status.podIPs, else status.podIP — the default-network address.
import { fromStatusPodIps } from './fallbacks.js';
import type { AddressSource } from './types.js';

export const statusPodIpsSource: AddressSource = (pod) => fromStatusPodIps(pod);
