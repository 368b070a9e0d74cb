// What the API server does to objects before storing them: on every CREATE (whoever creates it) the
// namespace's `kubernetes.io/metadata.name` label (W-1.3) and a Service's ClusterIP from the service
// network (random, as the real allocator, from the seeded stream; refused like the API server's
// `range is full` once every address is taken); on `oc apply` no status from the manifest, and an
// update keeps the ClusterIP already allocated.
import type { AdmissionHook, Rng } from '../../models/controller.js';
import type { KubeObject, Service } from '../../models/kube/types.js';
import { formatIpAddress, ipToBigInt, parseCidr, type Cidr } from '../../models/net/cidr.js';

export const SERVICE_RANGE_FULL = 'Internal error occurred: failed to allocate a serviceIP: range is full';

/** The IPv4 service range the allocator draws from: offsets 2 … size-1 (not .0, .1 or the broadcast). */
interface ServiceRange {
  cidr: Cidr;
  size: number;
  capacity: number;
}

export class Admission {
  private readonly usedClusterIps = new Set<string>();
  private readonly range: ServiceRange;
  /** Used addresses the allocator could have drawn: once they are all of them, it refuses. */
  private usedInRange = 0;

  constructor(
    serviceNetwork: readonly string[],
    private readonly rng: Rng,
  ) {
    const cidr = parseCidr(serviceNetwork.find((c) => !c.includes(':')) ?? '172.30.0.0/16');
    if (!cidr) throw new Error('service network is not a CIDR');
    const size = Number(cidr.last - cidr.first);
    this.range = { cidr, size, capacity: Math.max(0, size - 2) };
  }

  /** `oc apply`: the manifest without status; an existing Service keeps its ClusterIPs. */
  applied(object: KubeObject, existing: KubeObject | undefined): KubeObject {
    const { status: _status, ...rest } = object;
    const clean = rest as KubeObject;
    if (clean.kind !== 'Service' || !existing) return clean;
    const { clusterIP, clusterIPs, ipFamilies } = (existing as Service).spec;
    return { ...clean, spec: Object.assign({}, clean.spec as Service['spec'], { clusterIP, clusterIPs, ipFamilies }) };
  }

  /** The admission hook the engine calls on every CREATE. */
  readonly onCreate: AdmissionHook = (object) => {
    const admitted = this.admit(object);
    return admitted === undefined ? { ok: false, message: SERVICE_RANGE_FULL } : { ok: true, object: admitted };
  };

  /** The object as stored; undefined for a Service when no ClusterIP is left. */
  private admit(clean: KubeObject): KubeObject | undefined {
    if (clean.kind === 'Namespace') {
      return { ...clean, metadata: { ...clean.metadata, labels: Object.assign({}, clean.metadata.labels, { 'kubernetes.io/metadata.name': clean.metadata.name }) } };
    }
    if (clean.kind === 'Service') return this.admitService(clean as Service);
    return clean;
  }

  private admitService(service: Service): Service | undefined {
    if (service.spec.type === 'ExternalName') return service;
    const requested = service.spec.clusterIP;
    // Object.assign, not a spread with keys added: in V8 (Node 20) that gives every Service's spec a
    // hidden class of its own, and readers of 5 000 Services' specs would all be megamorphic.
    if (requested === 'None') return { ...service, spec: Object.assign({}, service.spec, { clusterIPs: ['None'], ipFamilies: ['IPv4'] }) };
    const ip = requested && !this.usedClusterIps.has(requested) ? requested : this.allocate();
    if (ip === undefined) return undefined;
    this.usedClusterIps.add(ip);
    if (this.isAllocatable(ip)) this.usedInRange++;
    return { ...service, spec: Object.assign({}, service.spec, { clusterIP: ip, clusterIPs: [ip], ipFamilies: ['IPv4'], type: service.spec.type ?? 'ClusterIP' }) };
  }

  /** A free address at random; undefined when every one is taken (drawing again would never end). */
  private allocate(): string | undefined {
    const { cidr, size, capacity } = this.range;
    if (this.usedInRange >= capacity) return undefined;
    for (;;) {
      const offset = 2 + this.rng.nextInt(Math.max(1, size - 2));
      const value = cidr.first + BigInt(offset);
      const ip = formatIpAddress(4, value);
      if (!this.usedClusterIps.has(ip)) return ip;
    }
  }

  private isAllocatable(ip: string): boolean {
    const value = ipToBigInt(ip);
    if (value === null || ip.includes(':')) return false;
    const offset = value - this.range.cidr.first;
    return offset >= 2n && offset <= BigInt(this.range.size - 1);
  }
}
