import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { registerArchive } from "./archive";
import { registerAssessments } from "./assessments";
import { registerCertificates } from "./certificates";
import { registerDeploy } from "./deploy";
import { registerGovernance } from "./governance";
import { registerHash } from "./hash";
import { registerListings } from "./listings";
import { registerMirror } from "./mirror";
import { registerParticipants } from "./participants";
import { registerPermissions } from "./permissions";
import { registerProducts } from "./products";
import { registerTrades } from "./trades";
import { registerVerify } from "./verify";

export function registerCommands(program: CommandUnknownOpts): void {
  registerDeploy(program);
  registerParticipants(program);
  registerProducts(program);
  registerCertificates(program);
  registerAssessments(program);
  registerListings(program);
  registerTrades(program);
  registerVerify(program);
  registerPermissions(program);
  registerGovernance(program);
  registerMirror(program);
  registerArchive(program);
  registerHash(program);
}
