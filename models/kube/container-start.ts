// kubelet starting a pod's containers at its sandbox's instant (W-7): kuberuntime_manager.go SyncPod
// (init containers, then containers), images/image_manager.go EnsureImageExists, kuberuntime_container.go
// startContainer's events, and the statuses kubelet reports (prober_manager.go UpdatePodStatus).
import type { EventSpec } from './events.js';
import { formatGoDuration, hexDigest, imageFacts, pullPolicyOf } from './container-images.js';
import { memoByText } from '../memo.js';
import type { Container, ContainerState, ContainerStatus, Pod } from './types.js';

/** What a node's container runtime holds: the images pulled there (by normalised name). */
export type NodeImages = Set<string>;

/** An event kubelet records about one of the pod's containers (involved object and time added later). */
export type ContainerEvent = Pick<EventSpec, 'type' | 'reason' | 'message' | 'fieldPath'>;

export interface StartedContainers {
  events: ContainerEvent[];
  initContainerStatuses: ContainerStatus[] | undefined;
  containerStatuses: ContainerStatus[];
}

/** A restartable init container (`restartPolicy: Always`): a sidecar that keeps running. */
export function isSidecar(container: Container): boolean {
  return container['restartPolicy'] === 'Always';
}

export function startContainers(pod: Pod, images: NodeImages, startedIso: string): StartedContainers {
  const events: ContainerEvent[] = [];
  const podId = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  let initContainerStatuses: ContainerStatus[] | undefined;
  const inits = pod.spec.initContainers;
  if (inits !== undefined && inits.length > 0) {
    initContainerStatuses = inits.map((container) => {
      startContainer(container, initFieldPath(container.name), images, events);
      const containerID = containerIdOf(podId, container.name);
      if (isSidecar(container)) return runningStatus(container, containerID, startedIso, false);
      // A regular init container has run to completion before the next one starts.
      return {
        name: container.name,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startedIso, finishedAt: startedIso, containerID } },
        lastState: NO_STATE,
        ready: true,
        restartCount: 0,
        image: imageFacts(container.image ?? '').name,
        imageID: imageFacts(container.image ?? '').id,
        containerID,
        started: false,
      };
    });
  }
  const containerStatuses = pod.spec.containers.map((container) => {
    startContainer(container, containerFieldPath(container.name), images, events);
    return runningStatus(container, containerIdOf(podId, container.name), startedIso, false);
  });
  return { events, initContainerStatuses, containerStatuses };
}

/** The statuses once kubelet counts the pod's running containers ready (regular init containers stay as they were). */
export function readyStatuses(statuses: readonly ContainerStatus[] | undefined): ContainerStatus[] | undefined {
  if (statuses === undefined) return undefined;
  return statuses.map((s) => (s.state.running && !s.ready ? { name: s.name, state: s.state, lastState: s.lastState, ready: true, restartCount: s.restartCount, image: s.image, imageID: s.imageID, containerID: s.containerID, started: s.started } : s));
}

/** EnsureImageExists, then startContainer's `Created` and `Started`. */
function startContainer(container: Container, fieldPath: string, images: NodeImages, events: ContainerEvent[]): void {
  const image = container.image ?? '';
  const facts = imageFacts(image);
  const present = images.has(facts.name);
  const policy = pullPolicyOf(container);
  // shouldPullImage: Always pulls; IfNotPresent pulls what the node lacks. `Never` with the image
  // missing would be ErrImageNeverPull; the model takes the image as present.
  if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
    events.push({ type: 'Normal', reason: 'Pulled', message: alreadyPresent(image), fieldPath });
  } else {
    events.push({ type: 'Normal', reason: 'Pulling', message: pulling(image), fieldPath });
    events.push({ type: 'Normal', reason: 'Pulled', message: (present ? repulled : pulled)(image), fieldPath });
    images.add(facts.name);
  }
  events.push({ type: 'Normal', reason: 'Created', message: created(container.name), fieldPath });
  events.push({ type: 'Normal', reason: 'Started', message: started(container.name), fieldPath });
}

function runningStatus(container: Container, containerID: string, startedIso: string, ready: boolean): ContainerStatus {
  const facts = imageFacts(container.image ?? '');
  return { name: container.name, state: runningSince(startedIso), lastState: NO_STATE, ready, restartCount: 0, image: facts.name, imageID: facts.id, containerID, started: true };
}

// States are replaced, never edited: the containers started in the same second share one.
const NO_STATE: ContainerState = Object.freeze({});
const runningSince = memoByText((startedAt): ContainerState => Object.freeze({ running: Object.freeze({ startedAt }) }));

/** CRI-O's container id, `cri-o://` and 64 hex digits, made from the pod and the container's name. */
function containerIdOf(podId: string, name: string): string {
  return ['cri-o://', hexDigest(`${podId}/${name}`)].join('');
}

// kubecontainer.GenerateContainerRef's field paths.
const containerFieldPath = memoByText((name) => ['spec.containers{', name, '}'].join(''));
const initFieldPath = memoByText((name) => ['spec.initContainers{', name, '}'].join(''));

// The 1.32 messages, each text made once.
const pulling = memoByText((image) => ['Pulling image "', image, '"'].join(''));
const alreadyPresent = memoByText((image) => ['Container image "', image, '" already present on machine'].join(''));
const pulled = memoByText((image) => pulledMessage(image, imageFacts(image).firstPullMs));
const repulled = memoByText((image) => pulledMessage(image, imageFacts(image).repullMs));
const created = memoByText((name) => ['Created container: ', name].join(''));
const started = memoByText((name) => ['Started container ', name].join(''));

/** The pull waits for no other (assumed): the time including waiting is the pull's own. */
function pulledMessage(image: string, pullMs: number): string {
  const duration = formatGoDuration(pullMs);
  return ['Successfully pulled image "', image, '" in ', duration, ' (', duration, ' including waiting). Image size: ', String(imageFacts(image).sizeBytes), ' bytes.'].join('');
}
