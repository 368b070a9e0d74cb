// The fork's two revisions (W-5.2). First: the endpoint of the first slice carrying the configured
// service label whose targetRef kind, name and uid match the pod; else network-status; else status IPs.
// Strict: its slice lookup never matches (the key omits the targetRef kind), and it has no status-IP
// fallback — the network-status UDN entry or no workload at all, silently.
import type { EndpointSlice, Pod } from '../../kube/types.js';
import { SLICE_TARGET_INDEX } from '../../kube/endpointslice-controller.js';
import { fromNetworkStatus, fromStatusPodIps } from './fallbacks.js';
import type { AddressResult, AddressSource, AddressSourceContext } from './types.js';

export const SLICE_TARGET_UID_INDEX = SLICE_TARGET_INDEX.name;

function fromMirroredSlice(pod: Pod, ctx: AddressSourceContext): AddressResult | undefined {
  const uid = pod.metadata.uid ?? '';
  const slices = ctx.view
    .byIndex<EndpointSlice>('EndpointSlice', SLICE_TARGET_UID_INDEX, uid)
    .filter((s) => s.metadata.namespace === pod.metadata.namespace && s.metadata.labels?.[ctx.serviceLabel] !== undefined)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const slice of slices) {
    const endpoint = (slice.endpoints ?? []).find(
      (e) => e.targetRef?.kind === 'Pod' && e.targetRef.name === pod.metadata.name && e.targetRef.uid === uid,
    );
    if (!endpoint || endpoint.addresses.length === 0) continue;
    const ns = pod.metadata.namespace;
    const service = slice.metadata.labels?.[ctx.serviceLabel] ?? '';
    const ips = endpoint.addresses;
    return {
      addresses: ips,
      from: `EndpointSlice ${ns}/${slice.metadata.name} (label ${ctx.serviceLabel}=${service}) endpoint targetRef Pod ${pod.metadata.name}`,
      log: {
        component: 'istiod',
        level: 'info',
        scope: 'ambient',
        message: `Using CUDN IPs from mirrored endpointslice ${ns}/${slice.metadata.name} (service: ${service}) for pod ${ns}/${pod.metadata.name}: [${ips.join(' ')}]`,
      },
    };
  }
  return undefined;
}

export const mirroredSliceFirstSource: AddressSource = (pod, ctx) =>
  fromMirroredSlice(pod, ctx) ?? fromNetworkStatus(pod) ?? fromStatusPodIps(pod);

export const mirroredSliceStrictSource: AddressSource = (pod) => {
  const found = fromNetworkStatus(pod);
  if (found) return found;
  const ns = pod.metadata.namespace;
  return {
    addresses: [],
    from: 'nothing',
    dropped:
      `OVNK UDN enabled but no CUDN IPs found for pod ${ns}/${pod.metadata.name} from EndpointSlices or network-status annotation ` +
      `(the slice lookup never matches: its key omits the targetRef kind; the pod has no network-status UDN entry; the error is discarded, nothing is logged)`,
  };
};
