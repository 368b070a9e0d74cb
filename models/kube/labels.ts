// Label selectors as the API defines them: a map selector (Services) and a LabelSelector
// (Deployments, CUDN namespaceSelector) with matchLabels and In/NotIn/Exists/DoesNotExist.
import type { LabelSelector } from './types.js';

export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  for (const key in selector) {
    if (labels?.[key] !== selector[key]) return false;
  }
  return true;
}

/** A LabelSelector; an empty selector selects everything (as for a CUDN namespaceSelector `{}`). */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const own = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (own[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(own, requirement.key);
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(own[requirement.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(own[requirement.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
