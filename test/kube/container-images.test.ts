// Image references, pull policies and the durations in kubelet's Pulled message.
import { describe, expect, it } from 'vitest';
import { formatGoDuration, hexDigest, imageFacts, pullPolicyOf } from '../../models/kube/container-images.js';

describe('imageFacts', () => {
  // distribution/reference normalize.go ParseNormalizedNamed + TagNameOnly: the first component is
  // a registry only with a `.` or `:` or as `localhost`; docker.io's official images are `library/…`.
  it.each([
    ['curlimages/curl', 'docker.io/curlimages/curl:latest'],
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['quay.io/sridhargaddam/kong/httpbin:latest', 'quay.io/sridhargaddam/kong/httpbin:latest'],
    ['localhost/app', 'localhost/app:latest'],
    ['registry.local:5000/team/app', 'registry.local:5000/team/app:latest'],
    ['index.docker.io/istio/proxyv2:1.28.1', 'docker.io/istio/proxyv2:1.28.1'],
    [`docker.io/istio/app@sha256:${'a'.repeat(64)}`, `docker.io/istio/app@sha256:${'a'.repeat(64)}`],
  ])('names %s as %s', (image, name) => {
    expect(imageFacts(image).name).toBe(name);
  });

  it('gives the imageID as repository@sha256 digest, the same for every spelling of the image', () => {
    expect(imageFacts('curlimages/curl').id).toMatch(/^docker\.io\/curlimages\/curl@sha256:[0-9a-f]{64}$/);
    expect(imageFacts('docker.io/curlimages/curl:latest').id).toBe(imageFacts('curlimages/curl').id);
    expect(imageFacts(`app@sha256:${'b'.repeat(64)}`).id).toBe(`docker.io/library/app@sha256:${'b'.repeat(64)}`);
  });

  it('takes longer for a first pull than for a pull of an image the node holds', () => {
    const facts = imageFacts('gcr.io/istio-release/proxyv2:1.28.1');
    expect(facts.firstPullMs).toBeGreaterThan(facts.repullMs);
    expect(facts.sizeBytes).toBeGreaterThanOrEqual(20_000_000);
  });

  it('makes 64 hex digits that differ from text to text', () => {
    expect(hexDigest('a')).toMatch(/^[0-9a-f]{64}$/);
    expect(hexDigest('a')).not.toBe(hexDigest('b'));
  });
});

// kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Container (with parsers.ParseImageName):
// Always for the `latest` tag, which an image without tag or digest has; IfNotPresent otherwise.
describe('pullPolicyOf', () => {
  it.each([
    [{ image: 'curlimages/curl' }, 'Always'],
    [{ image: 'quay.io/x/httpbin:latest' }, 'Always'],
    [{ image: 'busybox:1.36' }, 'IfNotPresent'],
    [{ image: `busybox@sha256:${'c'.repeat(64)}` }, 'IfNotPresent'],
    [{ image: 'busybox', imagePullPolicy: 'Never' }, 'Never'],
    [{ image: 'busybox:1.36', imagePullPolicy: 'Always' }, 'Always'],
  ])('gives %o the policy %s', (container, policy) => {
    expect(pullPolicyOf(container)).toBe(policy);
  });
});

// Go's time.Duration String(), as `%v` prints the truncated pull durations.
describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [806, '806ms'],
    [1000, '1s'],
    [1462, '1.462s'],
    [2500, '2.5s'],
    [30_680, '30.68s'],
    [61_500, '1m1.5s'],
    [3_600_000, '1h0m0s'],
  ])('prints %d ms as %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});
