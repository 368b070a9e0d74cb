// Where each istiod setting in force came from (W-5.2): `--set` on the command line, the scenario's
// `istiod:` block, the Istio CR's pilot image and env, or upstream istiod's default.
import type { IstiodBehaviour } from '../../models/istio/istiod-build.js';
import type { Scenario } from '../scenario/types.js';

export type SettingSource = '--set' | 'scenario' | 'Istio CR' | 'default';

export const ISTIOD_SETTINGS = ['ambientAddressSource', 'endpointSliceServiceLabel'] as const;
export type IstiodSetting = (typeof ISTIOD_SETTINGS)[number];

/** Keyed by the settings' dotted paths, as `sim run -o json` prints `settings`. */
export type SettingsSource = Record<`istiod.${IstiodSetting}`, SettingSource>;

/**
 * The loader applies `--set` to the scenario document before reading it, so an override in force
 * came from `--set` exactly when an override path wrote that field: `istiod.FIELD`, or `istiod` as a
 * whole map holding FIELD. (An override that removed the field leaves no override in force.)
 */
export function istiodSettingsSource(sets: Scenario['sets'], behaviour: IstiodBehaviour): SettingsSource {
  const sourceOf = (setting: IstiodSetting): SettingSource => {
    const origin = behaviour.origins[setting];
    if (origin !== 'override') return origin;
    return sets.some((set) => writesIstiodSetting(set, setting)) ? '--set' : 'scenario';
  };
  return {
    'istiod.ambientAddressSource': sourceOf('ambientAddressSource'),
    'istiod.endpointSliceServiceLabel': sourceOf('endpointSliceServiceLabel'),
  };
}

function writesIstiodSetting(set: Scenario['sets'][number], setting: IstiodSetting): boolean {
  if (set.path === `istiod.${setting}`) return true;
  return set.path === 'istiod' && typeof set.value === 'object' && set.value !== null && setting in set.value;
}

/** The words the reports use for a source. */
export function describeSettingSource(source: SettingSource): string {
  switch (source) {
    case '--set':
      return '--set on the command line';
    case 'scenario':
      return "the scenario's istiod: block";
    case 'Istio CR':
      return "the Istio CR's pilot image and env";
    case 'default':
      return 'the default, as upstream istiod';
  }
}
