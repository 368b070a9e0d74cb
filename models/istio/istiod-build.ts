// Which istiod is running (W-5.2): the pilot image and PILOT_ENABLE_OVNK_UDN decide the sidecar EDS
// service label and the ambient workload address source; a scenario or `--set` may override both.
import type { Istio } from './types.js';
import { OVN_SERVICE_NAME_LABEL } from './types.js';
import { ADDRESS_SOURCE_NAMES, type AddressSourceName } from './address-sources/index.js';

export const UPSTREAM_SERVICE_LABEL = 'kubernetes.io/service-name';

/** Where a setting's value came from: an override (the scenario's `istiod:` block or `--set`, which
 * only the caller can tell apart), the Istio CR's pilot image and env, or upstream istiod's default. */
export type IstiodSettingOrigin = 'override' | 'Istio CR' | 'default';

export interface IstiodBehaviour {
  ambientAddressSource: AddressSourceName;
  endpointSliceServiceLabel: string;
  /** Plain words: which build the Istio CR asks for. */
  reasons: string[];
  origins: { ambientAddressSource: IstiodSettingOrigin; endpointSliceServiceLabel: IstiodSettingOrigin };
}

export type IstiodBuild = 'upstream' | 'fork-eds' | 'fork-ambient';

export function istiodBuildOf(image: string | undefined): IstiodBuild {
  if (!image || !/ovnk-udn/.test(image)) return 'upstream';
  return /ambient/.test(image) ? 'fork-ambient' : 'fork-eds';
}

/** Go's strconv.ParseBool, as istiod reads its env; anything else keeps the default. */
function parseGoBool(value: unknown, fallback: boolean): boolean {
  const text = String(value ?? '');
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return fallback;
}

export function decideIstiodBehaviour(
  istio: Istio | undefined,
  overrides: { ambientAddressSource?: string; endpointSliceServiceLabel?: string },
): IstiodBehaviour {
  const image = istio?.spec?.values?.pilot?.image;
  const build = istiodBuildOf(image);
  const env = istio?.spec?.values?.pilot?.env?.['PILOT_ENABLE_OVNK_UDN'];
  const udnEnabled = build !== 'upstream' && parseGoBool(env, true);
  const reasons: string[] = [];
  const imageText = image ? `pilot image ${image}` : 'the default (upstream) pilot image';
  if (build === 'upstream') reasons.push(`${imageText}: upstream istiod (W-5.2)`);
  else if (!udnEnabled) reasons.push(`${imageText}: fork build with PILOT_ENABLE_OVNK_UDN="false", so it behaves as upstream (W-5.2)`);
  else if (build === 'fork-eds') reasons.push(`${imageText}: fork build with the EDS patch only (W-5.2)`);
  else reasons.push(`${imageText}: fork build with the ambient change, PILOT_ENABLE_OVNK_UDN on (W-5.2)`);
  // The CR decides a setting only where its build differs from upstream's; otherwise it is the default.
  const origins: IstiodBehaviour['origins'] = {
    endpointSliceServiceLabel: udnEnabled ? 'Istio CR' : 'default',
    ambientAddressSource: udnEnabled && build === 'fork-ambient' ? 'Istio CR' : 'default',
  };
  let label = udnEnabled ? OVN_SERVICE_NAME_LABEL : UPSTREAM_SERVICE_LABEL;
  let source: AddressSourceName = udnEnabled && build === 'fork-ambient' ? 'mirrored-slice-first' : 'status-pod-ips';
  if (overrides.endpointSliceServiceLabel) {
    label = overrides.endpointSliceServiceLabel;
    origins.endpointSliceServiceLabel = 'override';
  }
  if (overrides.ambientAddressSource && (ADDRESS_SOURCE_NAMES as readonly string[]).includes(overrides.ambientAddressSource)) {
    source = overrides.ambientAddressSource as AddressSourceName;
    origins.ambientAddressSource = 'override';
  }
  return { ambientAddressSource: source, endpointSliceServiceLabel: label, reasons, origins };
}
