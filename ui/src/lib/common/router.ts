export const routes = ["today", "journal", "practice", "safety", "sessions", "settings"] as const;
export type Route = (typeof routes)[number];

export const defaultRoute: Route = "today";

export function isRoute(value: string): value is Route {
  return (routes as readonly string[]).includes(value);
}

/** `#/journal` → "journal"; anything unknown lands on Today rather than a dead end. */
export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
  return isRoute(name) ? name : defaultRoute;
}

export function routeHref(route: Route): string {
  return `#/${route}`;
}
