export { DEFAULT_SCHEMA, DatabaseUnavailableError, LockLostError, isConnectionError, openMirrorDatabase, redactUrl } from "./database";
export type { DatabaseConfig, MirrorDatabase, SqlExecutor } from "./database";
export { loadMirrorConfig } from "./config";
export type { MirrorConfig } from "./config";
export { HISTORY_TABLES, STATE_TABLES, TABLES, TABLE_NAMES } from "./schema";
export type { MirrorSchema, RowOf, TableName } from "./schema";
