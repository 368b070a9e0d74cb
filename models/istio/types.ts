// The Sail operator's custom resources (sailoperator.io/v1, W-5.1) and the constants istiod,
// istio-cni and ztunnel share.
import type { Condition, KubeObject } from '../kube/types.js';

export interface HelmValues {
  pilot?: {
    image?: string;
    env?: Record<string, string | number | boolean>;
    podAnnotations?: Record<string, string>;
    trustedZtunnelNamespace?: string;
    [field: string]: unknown;
  };
  cni?: {
    image?: string;
    ambient?: { dnsCapture?: boolean | string; reconcileIptablesOnStartup?: boolean };
    [field: string]: unknown;
  };
  global?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface Istio extends KubeObject {
  kind: 'Istio';
  spec: {
    version?: string;
    namespace?: string;
    profile?: string;
    updateStrategy?: { type?: 'InPlace' | 'RevisionBased' };
    values?: HelmValues;
  };
  status?: { conditions?: Condition[] };
}

export interface IstioCNI extends KubeObject {
  kind: 'IstioCNI';
  spec: { version?: string; namespace?: string; profile?: string; values?: HelmValues };
  status?: { conditions?: Condition[] };
}

export interface ZTunnel extends KubeObject {
  kind: 'ZTunnel';
  spec: { version?: string; namespace?: string; values?: { ztunnel?: Record<string, unknown> } };
  status?: { conditions?: Condition[] };
}

export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
export const DNS_CAPTURE_ANNOTATION = 'ambient.istio.io/dns-capture';
export { OVN_SERVICE_NAME_LABEL } from '../ovnk/endpointslice-mirror.js';
/** Labels the sail-operator puts on the pods it runs, so other models can find them. */
export const ISTIOD_APP_LABEL = { app: 'istiod', istio: 'pilot' } as const;
export const ZTUNNEL_APP_LABEL = { app: 'ztunnel' } as const;
export const CNI_APP_LABEL = { 'k8s-app': 'istio-cni-node' } as const;
