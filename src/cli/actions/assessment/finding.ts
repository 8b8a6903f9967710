/** A finding as `assessment record` and `assessment sign` take it. */
export interface FindingOptions {
  kind: number;
  failed?: boolean;
  expires: string;
  report: string;
}
