// `kubectl get nodes [-o wide]`: kubernetes printers.go printNode, plus (wide only, sim's own) one
// column per network with the node's host subnet from `k8s.ovn.org/node-subnets` (W-2.3).
import type { Node } from '../../../models/kube/types.js';
import { nodeSubnets } from '../../../models/ovnk/node-subnet-controller.js';
import { DEFAULT_NETWORK } from '../../../models/ovnk/types.js';
import { formatAge, formatObjectTable, NONE, type PrintContext } from './table.js';

/** status.nodeInfo of an OpenShift 4.18 worker (assumed): the simulated nodes carry none. */
export const OPENSHIFT_NODE_INFO = {
  kubeletVersion: 'v1.31.6',
  osImage: 'Red Hat Enterprise Linux CoreOS 418.94.202503121207-0',
  kernelVersion: '5.14.0-427.55.1.el9_4.x86_64',
  containerRuntimeVersion: 'cri-o://1.31.6-3.rhaos4.18.gitb0a6e2d.el9',
};

type NodeInfo = Partial<typeof OPENSHIFT_NODE_INFO>;

const HEADER = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];
const WIDE_HEADER = [...HEADER, 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'];

export function printNodes(nodes: Node[], ctx: PrintContext): string {
  const networks = ctx.wide ? networkColumns(nodes) : [];
  const header = ctx.wide ? [...WIDE_HEADER, ...networks.map((n) => n.toUpperCase())] : HEADER;
  return formatObjectTable(ctx, header, nodes, (node) => {
    const info = nodeInfo(node);
    const cells = [node.metadata.name, nodeStatus(node), nodeRoles(node), formatAge(ctx, node.metadata.creationTimestamp), info.kubeletVersion];
    if (!ctx.wide) return [cells];
    const subnets = nodeSubnets(node);
    return [[
      ...cells,
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
      ...networks.map((network) => subnets[network]?.join(',') || NONE),
    ]];
  });
}

/** Every network some node has a subnet of: the default network first, then by name. */
function networkColumns(nodes: Node[]): string[] {
  const names = new Set(nodes.flatMap((node) => Object.keys(nodeSubnets(node))));
  const others = [...names].filter((n) => n !== DEFAULT_NETWORK).sort();
  return names.has(DEFAULT_NETWORK) ? [DEFAULT_NETWORK, ...others] : others;
}

function nodeInfo(node: Node): typeof OPENSHIFT_NODE_INFO {
  const stored = (node.status as { nodeInfo?: NodeInfo } | undefined)?.nodeInfo;
  return { ...OPENSHIFT_NODE_INFO, ...stored };
}

/** Ready / NotReady from the Ready condition (Unknown without one), then SchedulingDisabled if cordoned. */
function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** `node-role.kubernetes.io/<role>` labels and a non-empty `kubernetes.io/role`, sorted, deduplicated. */
function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  return [...roles].sort().join(',') || NONE;
}

function address(node: Node, type: 'InternalIP' | 'ExternalIP'): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? NONE;
}
