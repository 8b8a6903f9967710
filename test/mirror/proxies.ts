import { createServer as createHttpServer } from "node:http";
import { connect, createServer } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";

/**
 * Loopback stand-ins for a network that misbehaves: a TCP proxy that can cut every connection
 * and refuse new ones (a database server going away), and a JSON-RPC proxy whose node refuses
 * large eth_getLogs ranges, as Besu and hosted nodes do.
 */

export interface TcpProxy {
  port: number;
  /** Cuts every open connection and refuses new ones until `resume`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const serve = (): Server =>
    createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      sockets.add(client);
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
  let server = serve();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      server.close(() => resolve());
    });
  return {
    port,
    pause: stop,
    async resume() {
      server = serve();
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close: stop,
  };
}

export interface RpcProxy {
  url: string;
  /** eth_getLogs calls refused for asking more than the limit. */
  refused: number;
  close(): Promise<void>;
}

interface JsonRpcRequest {
  id?: unknown;
  method?: string;
  params?: { fromBlock?: string; toBlock?: string }[];
}

/**
 * Forwards JSON-RPC to `target`, refusing eth_getLogs over more than `maxBlocks` blocks with Besu's
 * error. With `holdLogsFrom`, an eth_getLogs from that block on is never answered (until `close`):
 * a listener then stops mid-backfill, at a block known in advance, however fast the machine.
 */
export async function startRangeLimitedProxy(target: string, maxBlocks: number, options: { holdLogsFrom?: number } = {}): Promise<RpcProxy> {
  const proxy: RpcProxy = { url: "", refused: 0, close: async () => undefined };
  const answer = async (request: JsonRpcRequest): Promise<unknown> => {
    if (request.method === "eth_getLogs") {
      const filter = request.params?.[0] ?? {};
      if (options.holdLogsFrom !== undefined && parseInt(filter.fromBlock ?? "0x0", 16) >= options.holdLogsFrom) await new Promise(() => undefined);
      const blocks = parseInt(filter.toBlock ?? "0x0", 16) - parseInt(filter.fromBlock ?? "0x0", 16) + 1;
      if (blocks > maxBlocks) {
        proxy.refused += 1;
        return { jsonrpc: "2.0", id: request.id, error: { code: -32005, message: `Requested range exceeds maximum range limit (${maxBlocks})` } };
      }
    }
    const response = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    return response.json();
  };
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as JsonRpcRequest | JsonRpcRequest[];
      const reply = Array.isArray(body) ? Promise.all(body.map(answer)) : answer(body);
      void reply.then(
        (payload) => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify(payload));
        },
        () => {
          response.writeHead(502);
          response.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
