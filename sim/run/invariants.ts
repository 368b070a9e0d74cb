// Invariants a simulation must keep whatever the scenario: no address is held twice on one network
// (UDNs may reuse each other's CIDRs, so uniqueness is per network). A violation is a bug.
import { buildAddressBook } from '../../models/net/address-book.js';
import type { StoreView } from '../../models/store-view.js';

/** Every `network/ip` held by more than one pod (host-network pods share their node's address). */
export function checkAddressesUnique(view: StoreView): string[] {
  const duplicates: string[] = [];
  for (const [ip, holders] of buildAddressBook(view).byIp) {
    const seen = new Map<string, string>();
    for (const { nets, iface } of holders) {
      if (iface.role === 'host') continue;
      const pod = `${nets.pod.metadata.namespace}/${nets.pod.metadata.name}`;
      const other = seen.get(iface.network);
      if (other !== undefined && other !== pod) duplicates.push(`${iface.network}/${ip}: ${other} and ${pod}`);
      seen.set(iface.network, pod);
    }
  }
  return duplicates.sort();
}
