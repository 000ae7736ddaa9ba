import { expect, it, vi } from "vitest";

// Its own file: it swaps the global Request and reloads the upload module, which must not leak into other tests.
it('falls back to redirect: "follow" where Request rejects "error" (workerd), detecting it once', async () => {
  const NativeRequest = Request;
  let probes = 0;
  class WorkerdRequest extends NativeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      if (init?.redirect === "error") {
        probes++;
        throw new TypeError("Invalid redirect value, must be one of follow or manual");
      }
      super(input, init);
    }
  }
  vi.stubGlobal("Request", WorkerdRequest);
  try {
    const upload = await import("../../src/files/upload.ts");
    const form = await upload.prepareUpload(new Uint8Array([1]));
    const stream = await upload.prepareUpload(new Blob([new Uint8Array([1])]).stream());
    expect(upload.uploadRequestInit(form).redirect).toBe("follow");
    expect(upload.uploadRequestInit(stream).redirect).toBe("follow");
    expect(probes).toBe(1);
  } finally {
    vi.unstubAllGlobals();
  }
});
