// Shape checks for the fields the simulator reads from each modelled kind, so a bad manifest is a
// reported problem and never a crash (scenario.md "A scenario file"). What a (C)UDN's values mean
// (CIDRs, host subnets) is the API server's to refuse at apply time (models/ovnk/udn-validation.ts, W-2.1).
import type { Reporter } from './reporter.js';
import { MapReader, readAs, readIntegerInRange, readList, readMap, readStringMap } from './read-fields.js';
import type { YamlMap } from './read-fields.js';
import type { Path } from './types.js';

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);
const NETWORK_ROLES = ['Primary', 'Secondary'];

/** Reports every problem of `object` (already known to be a map with a kind) at paths relative to it. */
export function checkManifest(r: Reporter, kind: string, object: YamlMap): void {
  const spec = object['spec'];
  if (kind === 'Pod') checkPodSpec(r, ['spec'], spec);
  else if (WORKLOAD_KINDS.has(kind)) checkWorkloadSpec(r, spec);
  else if (kind === 'Service') checkServiceSpec(r, spec);
  else if (kind === 'ClusterUserDefinedNetwork') checkClusterUdnSpec(r, spec);
  else if (kind === 'UserDefinedNetwork') checkUdnSpec(r, spec);
  else if (kind === 'NetworkAttachmentDefinition') checkNadSpec(r, spec);
  else if (kind === 'EndpointSlice') checkEndpointSlice(r, new MapReader(r, [], object));
}

function checkWorkloadSpec(r: Reporter, value: unknown): void {
  const spec = readMap(r, ['spec'], value, true);
  if (!spec) return;
  readIntegerInRange(r, spec.at('replicas'), spec.map['replicas'], 0, Infinity);
  spec.read('selector', 'map', true);
  const template = spec.child('template', true);
  if (!template) return;
  const metadata = template.child('metadata');
  if (metadata) {
    readStringMap(r, metadata.at('labels'), metadata.map['labels']);
    readStringMap(r, metadata.at('annotations'), metadata.map['annotations']);
  }
  checkPodSpec(r, template.at('spec'), template.map['spec']);
}

function checkPodSpec(r: Reporter, path: Path, value: unknown): void {
  const spec = readMap(r, path, value, true);
  if (!spec) return;
  const containers = readList(r, spec.at('containers'), spec.map['containers'], true);
  if (spec.has('containers') && containers.length === 0) {
    r.report(spec.at('containers'), 'expected at least one container');
  }
  containers.forEach((container, i) => checkContainer(r, spec.at('containers', i), container));
  readList(r, spec.at('initContainers'), spec.map['initContainers']).forEach((container, i) =>
    checkContainer(r, spec.at('initContainers', i), container),
  );
  spec.read('nodeName', 'string');
  spec.read('hostNetwork', 'boolean');
  spec.read('serviceAccountName', 'string');
  readStringMap(r, spec.at('nodeSelector'), spec.map['nodeSelector']);
}

function checkContainer(r: Reporter, path: Path, value: unknown): void {
  const container = readMap(r, path, value, true);
  if (!container) return;
  container.read('name', 'string', true);
  container.read('image', 'string');
  for (const key of ['command', 'args']) {
    readList(r, container.at(key), container.map[key]).forEach((item, i) => readAs(r, container.at(key, i), item, 'string', true));
  }
  readList(r, container.at('ports'), container.map['ports']).forEach((item, i) => {
    const port = readMap(r, container.at('ports', i), item, true);
    if (port) readIntegerInRange(r, port.at('containerPort'), port.map['containerPort'], 1, 65535, true);
  });
}

function checkServiceSpec(r: Reporter, value: unknown): void {
  const spec = readMap(r, ['spec'], value, true);
  if (!spec) return;
  const type = spec.read('type', 'string');
  const clusterIP = spec.read('clusterIP', 'string');
  // The API server requires ports unless the Service is ExternalName or headless.
  if (!spec.has('ports') && type !== 'ExternalName' && clusterIP !== 'None') r.report(spec.at('ports'), 'spec.ports is required');
  readStringMap(r, spec.at('selector'), spec.map['selector']);
  readList(r, spec.at('ports'), spec.map['ports']).forEach((item, i) => {
    const port = readMap(r, spec.at('ports', i), item, true);
    if (!port) return;
    readIntegerInRange(r, port.at('port'), port.map['port'], 1, 65535, true);
    const targetPort = port.map['targetPort'];
    if (typeof targetPort !== 'string') readIntegerInRange(r, port.at('targetPort'), targetPort, 1, 65535);
  });
}

function checkClusterUdnSpec(r: Reporter, value: unknown): void {
  const spec = readMap(r, ['spec'], value, true);
  if (!spec) return;
  spec.read('namespaceSelector', 'map', true);
  const network = spec.child('network', true);
  if (!network) return;
  network.readEnum('topology', ['Layer2', 'Layer3', 'Localnet'], true);
  checkNetworkTopologies(network);
}

function checkUdnSpec(r: Reporter, value: unknown): void {
  const spec = readMap(r, ['spec'], value, true);
  if (!spec) return;
  spec.readEnum('topology', ['Layer2', 'Layer3'], true);
  checkNetworkTopologies(spec);
}

/** `layer3.subnets[*].cidr` and `layer2.subnets[*]` of a (C)UDN network spec: strings, whatever they say. */
function checkNetworkTopologies(network: MapReader): void {
  const r = network.r;
  const layer3 = network.child('layer3');
  if (layer3) {
    layer3.readEnum('role', NETWORK_ROLES);
    readList(r, layer3.at('subnets'), layer3.map['subnets']).forEach((item, i) => {
      const subnet = readMap(r, layer3.at('subnets', i), item, true);
      if (!subnet) return;
      readAs(r, subnet.at('cidr'), subnet.map['cidr'], 'string', true);
      subnet.read('hostSubnet', 'integer');
    });
  }
  const layer2 = network.child('layer2');
  if (layer2) {
    layer2.readEnum('role', NETWORK_ROLES);
    const subnets = readList(r, layer2.at('subnets'), layer2.map['subnets']);
    subnets.forEach((item, i) => readAs(r, layer2.at('subnets', i), item, 'string', true));
  }
}

function checkNadSpec(r: Reporter, value: unknown): void {
  const spec = readMap(r, ['spec'], value);
  const config = spec?.read('config', 'string');
  if (config === undefined) return;
  try {
    JSON.parse(config);
  } catch {
    r.report(['spec', 'config'], 'expected a CNI configuration in JSON');
  }
}

function checkEndpointSlice(r: Reporter, slice: MapReader): void {
  slice.read('addressType', 'string', true);
  readList(r, slice.at('endpoints'), slice.map['endpoints']).forEach((item, i) => {
    const endpoint = readMap(r, slice.at('endpoints', i), item, true);
    if (!endpoint) return;
    readList(r, endpoint.at('addresses'), endpoint.map['addresses'], true).forEach((address, j) =>
      readAs(r, endpoint.at('addresses', j), address, 'string', true),
    );
  });
  readList(r, slice.at('ports'), slice.map['ports']).forEach((item, i) => {
    const port = readMap(r, slice.at('ports', i), item, true);
    if (port) readIntegerInRange(r, port.at('port'), port.map['port'], 1, 65535);
  });
}
