import { useEffect, useState } from "preact/hooks";

/**
 * Hash routes, so the API can serve the app as static files at `/`:
 * `#/` the catalogue (its filters in the hash's query), `#/products/13`, `#/trades/7`,
 * `#/participants/0x…`, `#/control`.
 */
export type Route =
  | { page: "catalogue"; params: URLSearchParams }
  | { page: "product"; id: number }
  | { page: "trade"; id: number }
  | { page: "participant"; address: string }
  | { page: "control" }
  | { page: "missing"; path: string };

export function parseRoute(hash: string): Route {
  const [path, search = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 0) return { page: "catalogue", params: new URLSearchParams(search) };
  if (parts[0] === "products" && parts.length === 2 && /^\d+$/.test(parts[1])) return { page: "product", id: Number(parts[1]) };
  if (parts[0] === "trades" && parts.length === 2 && /^\d+$/.test(parts[1])) return { page: "trade", id: Number(parts[1]) };
  if (parts[0] === "participants" && parts.length === 2 && /^0x[0-9a-fA-F]{40}$/.test(parts[1])) return { page: "participant", address: parts[1] };
  if (parts[0] === "control" && parts.length === 1) return { page: "control" };
  return { page: "missing", path };
}

export const href = {
  catalogue: (params?: URLSearchParams) => (params && [...params].length > 0 ? `#/?${params.toString()}` : "#/"),
  product: (id: number) => `#/products/${id}`,
  trade: (id: number) => `#/trades/${id}`,
  participant: (address: string) => `#/participants/${address}`,
  control: () => "#/control",
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return route;
}
