import { useEffect, useRef, useState } from "preact/hooks";
import type { LineageEdge, LineageNode } from "../api";
import { TYPE_LABELS, labelOf } from "../labels";
import { href } from "../router";

/** How a node stands, for its colour: the product's own status, and the edge it was registered under. */
export type Standing = "sound" | "attention" | "broken";

export const STANDING_COLOURS: Record<Standing, string> = { sound: "#1b7f3b", attention: "#b86e00", broken: "#b3261e" };
const STANDING_TEXT: Record<Standing, string> = {
  sound: "sound: its rights are valid",
  attention: "not listed or certified",
  broken: "broken: revoked, suspended, or registered under a right no longer valid",
};

export function standingOf(node: LineageNode, edges: LineageEdge[]): Standing {
  if (node.status === "Revoked" || node.status === "Suspended") return "broken";
  // An edge into this product registered under a certificate that is no longer valid breaks it.
  if (edges.some((edge) => edge.product === node.id && edge.sourceCertificateValidity !== "Valid")) return "broken";
  if (node.status === "Listed" || node.status === "Certified") return "sound";
  return "attention";
}

/**
 * The lineage DAG as an interactive cytoscape graph (zoom, pan; a click or Enter on a node opens
 * that product), laid out by cytoscape's own breadthfirst layout from the product down to its
 * sources. cytoscape is imported when the graph is shown, so it is a chunk of its own, never part
 * of the catalogue's load. The same nodes are listed as links beside it for keyboards and screen
 * readers.
 */
export function LineageGraph({ productId, nodes, edges, names }: { productId: number; nodes: LineageNode[]; edges: LineageEdge[]; names: Map<number, string> }) {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let destroyed = false;
    let destroy = () => {};
    void import("cytoscape").then(({ default: cytoscape }) => {
      if (destroyed || !container.current) return;
      const graph = cytoscape({
        container: container.current,
        elements: [
          ...nodes.map((node) => ({
            data: {
              id: String(node.id),
              label: `#${node.id} ${names.get(node.id) ?? labelOf(TYPE_LABELS, node.type).en}`,
              colour: STANDING_COLOURS[standingOf(node, edges)],
              root: node.id === productId ? 1 : 0,
            },
          })),
          ...edges.map((edge) => ({
            // Laid out from the product down to its sources; the arrowhead marks the product the data flows into.
            data: { id: `${edge.product}-${edge.source}`, source: String(edge.product), target: String(edge.source), valid: edge.sourceCertificateValidity === "Valid" ? 1 : 0 },
          })),
        ],
        style: [
          {
            selector: "node",
            style: {
              "background-color": "data(colour)", label: "data(label)", color: "#1d1d1f", "font-size": 11, "text-wrap": "wrap", "text-max-width": "140px",
              "text-valign": "bottom", "text-margin-y": 4, width: 26, height: 26,
            },
          },
          { selector: "node[root = 1]", style: { "border-width": 4, "border-color": "#0b4f8a", width: 34, height: 34 } },
          { selector: "edge", style: { width: 2, "line-color": "#8a8f98", "source-arrow-color": "#8a8f98", "source-arrow-shape": "triangle", "curve-style": "bezier" } },
          { selector: "edge[valid = 0]", style: { "line-color": "#b3261e", "source-arrow-color": "#b3261e", "line-style": "dashed" } },
        ],
        // Layered from the product (the root: `roots` takes element ids) down to its sources.
        layout: { name: "breadthfirst", directed: true, roots: [String(productId)], spacingFactor: 1.1, padding: 24 },
        minZoom: 0.3,
        maxZoom: 3,
        wheelSensitivity: 0.4,
      });
      // What was drawn, and where (page coordinates of each node within the graph): for tests and tools.
      const element = container.current;
      const describe = () => {
        element.dataset.renderedNodes = String(graph.nodes().length);
        element.dataset.renderedEdges = String(graph.edges().length);
        element.dataset.positions = JSON.stringify(Object.fromEntries(graph.nodes().map((node) => [node.id(), node.renderedPosition()])));
      };
      describe();
      graph.on("viewport", describe);
      graph.on("tap", "node", (event) => {
        const id = Number(event.target.id());
        if (id !== productId) location.hash = href.product(id);
      });
      destroy = () => graph.destroy();
    }, (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
    return () => {
      destroyed = true;
      destroy();
    };
  }, [productId, nodes, edges]);

  return (
    <div class="lineage">
      <div
        ref={container}
        class="graph"
        role="img"
        aria-label={`Lineage graph of ${nodes.length} products: product ${productId} and the products it derives from. Scroll to zoom, drag to pan, click a product to open it.`}
        data-nodes={nodes.length}
      />
      {failure && <p class="error">The graph could not be drawn: {failure}</p>}
      <ul class="legend" aria-label="Node colours">
        {(Object.keys(STANDING_COLOURS) as Standing[]).map((standing) => (
          <li key={standing}>
            <span class="swatch" style={{ background: STANDING_COLOURS[standing] }} aria-hidden="true" /> {STANDING_TEXT[standing]}
          </li>
        ))}
      </ul>
      <details>
        <summary>The lineage as a list</summary>
        <ol class="lineage-list">
          {nodes.map((node) => (
            <li key={node.id} style={{ marginInlineStart: `${node.depth * 1.25}rem` }}>
              <a href={href.product(node.id)}>#{node.id} {names.get(node.id) ?? labelOf(TYPE_LABELS, node.type).en}</a>{" "}
              <span class="muted">
                depth {node.depth}, {node.status}, {standingOf(node, edges)}
              </span>
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
