// A candidate fix (W-5.2, no known build): the Multus network-status UDN entry, else status IPs.
import { fromNetworkStatus, fromStatusPodIps } from './fallbacks.js';
import type { AddressSource } from './types.js';

export const networkStatusSource: AddressSource = (pod) => fromNetworkStatus(pod) ?? fromStatusPodIps(pod);
