import { render } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { Catalogue } from "./pages/Catalogue";
import { ControlRoom } from "./pages/ControlRoom";
import { Participant } from "./pages/Participant";
import { Product } from "./pages/Product";
import { Trade } from "./pages/Trade";
import { href, useRoute } from "./router";
import type { Route } from "./router";
import "./styles.css";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "catalogue":
      return <Catalogue params={route.params} />;
    case "product":
      return <Product id={route.id} key={route.id} />;
    case "trade":
      return <Trade id={route.id} key={route.id} />;
    case "participant":
      return <Participant address={route.address} key={route.address} />;
    case "control":
      return <ControlRoom />;
    case "missing":
      return (
        <>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>Nothing lives at “{route.path}”. <a href={href.catalogue()}>Back to the catalogue</a>.</p>
        </>
      );
  }
}

function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a navigation, move focus to the new page, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    scrollTo(0, 0);
  }, [route.page, route.page === "product" ? route.id : route.page === "participant" ? route.address : ""]);
  const current = (page: Route["page"]) => (route.page === page ? "page" : undefined);
  return (
    <>
      <a class="skip-link" href="#main" onClick={(event) => { event.preventDefault(); main.current?.focus(); }}>
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href={href.catalogue()}>
          datarights <span lang="zh-CN">数据交易所</span>
        </a>
        <nav aria-label="Main">
          <ul>
            <li><a href={href.catalogue()} aria-current={current("catalogue")}>Catalogue</a></li>
            <li><a href={href.control()} aria-current={current("control")}>Control room</a></li>
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      <footer class="site-footer">
        <p>Read-only view of the exchange's chain, as mirrored by the datarights listener. No keys are held in this browser.</p>
      </footer>
    </>
  );
}

render(<App />, document.getElementById("app")!);
