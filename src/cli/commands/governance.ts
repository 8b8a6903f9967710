import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";
import { parseAddress, parseCount } from "../parse";

const TIMELOCK = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

export function registerGovernance(program: CommandUnknownOpts): void {
  const governance = program.command("governance").description("the Admin's handover, the emergency pause, the successor deployment");
  governance.command("show").description("epoch, predecessor and successor, the Admin and any handover pending, the pauses")
    .addHelpText("after", examples("governance show", "--json governance show"))
    .action(lazy(async () => (await import("../actions/governance")).show));
  governance.command("pause").description("stop new registrations, certificate issues and trades (reads and confirmed trades go on), as a Pauser")
    .addHelpText("after", examples("governance pause"))
    .action(lazy(async () => (await import("../actions/governance")).pause(true)));
  governance.command("unpause").description("lift the emergency pause, as the Admin")
    .addHelpText("after", examples("governance unpause"))
    .action(lazy(async () => (await import("../actions/governance")).pause(false)));
  governance.command("transfer-admin").description("begin handing the Admin role over (it is accepted after the delay), as the Admin")
    .argument("<address>", "the new Admin: an account or the exchange's timelock", parseAddress)
    .addHelpText("after", examples(`governance transfer-admin ${TIMELOCK}`))
    .action(lazy(async () => (await import("../actions/governance")).transferAdmin));
  governance.command("accept-admin").description("accept the Admin role once the delay has passed, as the pending Admin")
    .addHelpText("after", examples("governance accept-admin"))
    .action(lazy(async () => (await import("../actions/governance")).acceptAdmin));
  governance.command("migrate").description("carry every record of the predecessor deployment into this one (NETWORK), as its Admin, then compare both; the pause stays until `--open`")
    .option("--open", "lift this deployment's pause once the comparison finds no difference")
    .addHelpText("after", examples("governance migrate", "--network szde-e2 governance migrate --open"))
    .action(lazy(async () => (await import("../actions/governance")).migrate));
  governance.command("diff").description("compare every record of the predecessor deployment with this one's, as stored and as read; exit 1 on a difference")
    .option("--limit <count>", "list at most this many differences (all records are compared)", parseCount, 100)
    .addHelpText("after", examples("governance diff", "--json --network szde-e2 governance diff --limit 10"))
    .action(lazy(async () => (await import("../actions/governance")).diff));
  governance.command("set-successor").description("name the successor deployment's ParticipantRegistry, once, as the Admin")
    .argument("<registry>", "the successor's ParticipantRegistry (deployed with --parameters predecessor)", parseAddress)
    .addHelpText("after", examples(`governance set-successor ${TIMELOCK}`))
    .action(lazy(async () => (await import("../actions/governance")).successor));
}
