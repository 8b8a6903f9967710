import { acceptAdminTransfer, beginAdminTransfer, getGovernance, pauseRecords, setSuccessor, unpauseRecords } from "../../sdk/actions";
import { action, wrote } from "../context";
import type { NoOptions } from "../context";

const when = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString();

/** governance show: epoch, neighbours, the Admin and any handover in progress, the pauses. */
export const show = action(false, async (client, _command, _options: NoOptions) => {
  const governance = await getGovernance(client);
  const paused = Object.entries(governance.paused).filter(([, on]) => on).map(([name]) => name);
  return {
    data: governance,
    lines: [
      `exchange ${governance.exchangeCode}, epoch ${governance.epoch}` +
        `${governance.predecessor ? `, after ${governance.predecessor}` : ""}${governance.successor ? `, succeeded by ${governance.successor}` : ""}`,
      `admin ${governance.admin ?? "none"}, handover delay ${governance.adminDelay} s`,
      governance.pendingAdmin ? `pending: the Admin role to ${governance.pendingAdmin.account}, from ${when(governance.pendingAdmin.effectiveAt)}` : "no handover pending",
      ...(governance.pendingAdminDelay ? [`pending: the handover delay becomes ${governance.pendingAdminDelay.delay} s at ${when(governance.pendingAdminDelay.effectiveAt)}`] : []),
      paused.length === 0 ? "nothing paused" : `PAUSED: new records in ${paused.join(", ")}`,
    ],
  };
});

/** governance pause / unpause: the emergency pause of new registrations, issues and trades, set by a Pauser, lifted by the Admin. */
export const pause = (on: boolean) => action(true, async (client, _command, _options: NoOptions) => {
  const { transactions } = await (on ? pauseRecords : unpauseRecords)(client);
  const done = on ? "paused" : "unpaused";
  return {
    data: { paused: on, transactions },
    lines: [transactions.length === 0 ? `nothing to do: already ${done}` : `new registrations, certificate issues and trades ${done} (${transactions.length} transactions)`],
  };
});

/** governance transfer-admin: the first step of the Admin's handover, as the Admin. */
export const transferAdmin = action(true, async (client, _command, newAdmin: string, _options: NoOptions) => {
  const result = await beginAdminTransfer(client, { newAdmin });
  return wrote(result, { newAdmin, effectiveAt: result.effectiveAt }, `the Admin role goes to ${newAdmin} once it accepts, from ${when(result.effectiveAt)}`);
});

/** governance accept-admin: the second step, as the pending Admin. */
export const acceptAdmin = action(true, async (client, _command, _options: NoOptions) =>
  wrote(await acceptAdminTransfer(client), { admin: client.signer.address }, `${client.signer.address} is the Admin`));

/** governance set-successor: names the successor deployment's registry, once, as the Admin. */
export const successor = action(true, async (client, _command, registry: string, _options: NoOptions) =>
  wrote(await setSuccessor(client, { registry }), { successor: registry }, `successor set: ${registry}`));
