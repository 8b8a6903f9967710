/** The accreditation profile `participant accredit` and `participant apply` take. */
export interface ProfileOptions {
  kinds: number[];
  assessments?: number[];
  jurisdiction: string;
  dossier: string;
}
