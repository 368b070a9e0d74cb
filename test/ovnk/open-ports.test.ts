// `k8s.ovn.org/open-default-ports` read from a pod's annotation: whatever the annotation holds, the
// `yaml` package prints nothing to the simulator's stderr (a Node process warning would carry the pid).
import { describe, expect, it, vi } from 'vitest';
import { parseOpenDefaultPorts } from '../../models/ovnk/open-ports.js';

describe('parseOpenDefaultPorts', () => {
  it('reads a port whose protocol has a tag it cannot resolve without a process warning', () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(parseOpenDefaultPorts('- protocol: !!foo tcp\n  port: 80\n')).toEqual({ ok: true, ports: [{ protocol: 'tcp', port: 80 }] });
      expect(emitWarning).not.toHaveBeenCalled();
    } finally {
      emitWarning.mockRestore();
    }
  });
});
