/** Cloudflare workerd: any request runs the smoke against the `MOCK_URL` binding and answers its JSON. */
import { runSmoke } from "../smoke.ts";

export default {
  async fetch(_request: Request, env: { MOCK_URL: string }): Promise<Response> {
    return Response.json(await runSmoke(env.MOCK_URL));
  },
};
