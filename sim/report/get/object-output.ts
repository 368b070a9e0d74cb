// `kubectl get -o yaml|json`: the stored objects with every field and annotation, keys sorted as Go
// marshals maps; several objects as a `kind: List`. YAML is laid out like sigs.k8s.io/yaml
// (go-yaml v2): sequences not indented, multi-line strings as `|-`, strings that YAML 1.1 would
// read as another type (numbers, booleans, timestamps, "") double-quoted, long lines folded.
import { Document, Scalar, visit } from 'yaml';
import type { KubeObject } from '../../../models/kube/types.js';
import { foldLongScalars } from './go-yaml-fold.js';

/** One object as itself (a get by name), otherwise a List, as kubectl prints them. */
function documentOf(objects: KubeObject[], single: boolean): unknown {
  const value = single && objects.length === 1 ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
  return sortKeys(value);
}

export function formatObjectsJson(objects: KubeObject[], single: boolean): string {
  // Go's encoding/json escapes <, > and & (and U+2028/9) inside strings.
  const text = JSON.stringify(documentOf(objects, single), null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${text}\n`;
}

export function formatObjectsYaml(objects: KubeObject[], single: boolean): string {
  const doc = new Document(documentOf(objects, single));
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsAsNonString(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // One line per scalar first, then go-yaml's own folding (it differs from the yaml package's).
  return foldLongScalars(doc.toString({ indentSeq: false, singleQuote: true, blockQuote: 'literal', lineWidth: 0 }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

const YAML11_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
const NUMBER = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?0x[0-9a-fA-F_]+$|^[-+]?0b[01_]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$/;

/** go-yaml v2's resolver would give this plain scalar a tag other than !!str. */
function readsAsNonString(text: string): boolean {
  return text === '' || YAML11_WORDS.test(text) || NUMBER.test(text) || SEXAGESIMAL.test(text) || TIMESTAMP.test(text);
}
