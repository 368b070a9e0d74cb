// Every modelled controller, wired in the order a cluster runs them. The list is the model.
import type { AdmissionHook, Controller } from '../../models/controller.js';
import { sidecarInjectionHook } from '../../models/istio/sidecar-injector.js';
import { daemonSetController } from '../../models/kube/daemonset-controller.js';
import { deploymentController } from '../../models/kube/deployment-controller.js';
import { endpointSliceController } from '../../models/kube/endpointslice-controller.js';
import { createKubelet } from '../../models/kube/kubelet.js';
import { replicaSetController } from '../../models/kube/replicaset-controller.js';
import { scheduler } from '../../models/kube/scheduler.js';
import { statefulSetController } from '../../models/kube/statefulset-controller.js';
import { istioCniNodeAgent, istioCniPlugin } from '../../models/istio/istio-cni.js';
import { createIstiodController } from '../../models/istio/istiod-controller.js';
import { sailOperator } from '../../models/istio/sail-operator.js';
import { createZtunnelConfigController } from '../../models/istio/ztunnel-config.js';
import { multusCni, ovnKubernetesCni } from '../../models/ovnk/cni-plugins.js';
import { createEndpointSliceMirror } from '../../models/ovnk/endpointslice-mirror.js';
import { nodeSubnetController } from '../../models/ovnk/node-subnet-controller.js';
import { podAllocator } from '../../models/ovnk/pod-allocator.js';
import { openPortsController } from '../../models/ovnk/open-ports-controller.js';
import { udnController } from '../../models/ovnk/udn-controller.js';
import type { IstiodOverrides } from '../scenario/types.js';
import type { Timing } from '../../models/cluster-config.js';

export function allControllers(istiod: IstiodOverrides, timing: Timing): Controller<unknown>[] {
  return [
    scheduler,
    deploymentController,
    replicaSetController,
    daemonSetController,
    statefulSetController,
    udnController,
    nodeSubnetController,
    podAllocator,
    openPortsController,
    createKubelet([ovnKubernetesCni, multusCni, istioCniPlugin], timing),
    endpointSliceController,
    createEndpointSliceMirror(timing.mirrorDelayMs),
    sailOperator,
    istioCniNodeAgent,
    createIstiodController(istiod, { quietMs: timing.istiodDebounceMs, maxMs: timing.istiodDebounceMaxMs }),
    createZtunnelConfigController(timing.pushDelayMs),
  ];
}

/** The webhooks the API server calls on CREATE. */
export const admissionHooks: AdmissionHook[] = [sidecarInjectionHook];
