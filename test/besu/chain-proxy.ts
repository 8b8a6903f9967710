import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { network } from "hardhat";

/**
 * Serves Hardhat's in-process chain as JSON-RPC over HTTP on 127.0.0.1, so the command under test
 * reaches the chain through a URL as it would reach a Besu node. Handles ethers' batches.
 */
export async function serveHardhatChain(): Promise<{ url: string; close(): Promise<void> }> {
  const handle = async (request: { id?: unknown; method?: unknown; params?: unknown }) => {
    try {
      const result: unknown = await network.provider.request({
        method: String(request.method),
        params: Array.isArray(request.params) ? request.params : [],
      });
      return { jsonrpc: "2.0", id: request.id, result };
    } catch (error) {
      const { code, message } = error as { code?: number; message?: string };
      return { jsonrpc: "2.0", id: request.id, error: { code: code ?? -32603, message: message ?? String(error) } };
    }
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const reply = Array.isArray(body) ? Promise.all(body.map(handle)) : handle(body as { id?: unknown });
      void reply.then((payload) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(payload));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
