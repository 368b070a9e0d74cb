// The shared signature of istiod's ambient workload address sources (W-5.2): a pure function from a
// pod (and the slices istiod can see) to the addresses ztunnel is told, with where they came from.
import type { LogRecord } from '../../controller.js';
import type { Pod } from '../../kube/types.js';
import type { StoreView } from '../../store-view.js';

export interface AddressSourceContext {
  view: StoreView;
  /** The EndpointSlice service label this istiod build selects slices by. */
  serviceLabel: string;
}

export interface AddressResult {
  addresses: string[];
  /** The object and field the addresses were read from, in words (for the report's why-lines). */
  from: string;
  /** Set when the source yields no workload at all (silently, as the strict fork revision does). */
  dropped?: string;
  log?: LogRecord;
}

export type AddressSource = (pod: Pod, ctx: AddressSourceContext) => AddressResult;
