export { exportArchive, ArchiveFolderError, ChainChangedError } from "./export";
export type { ExportOptions, ExportResult } from "./export";
export { verifyArchive, ArchiveDiffersError } from "./verify";
export type { VerifyOptions, VerifyReport } from "./verify";
export { rebuildMirror, archivedDeployment, RebuildRefusedError } from "./rebuild";
export type { RebuildOptions, RebuildResult } from "./rebuild";
export { createArchiveRpc } from "./rpc";
export { ArchiveDamagedError, NoArchiveError, MANIFEST, readManifest, readSegment, segmentName } from "./format";
export type { ArchiveManifest, SegmentEntry } from "./format";
