export { buildApi, startApi } from "./server";
export type { ApiOptions, RunningApi } from "./server";
