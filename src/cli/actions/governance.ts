import {
  acceptAdminTransfer, beginAdminTransfer, diffDeployments, getGovernance, getTimelock, migrateRecords, pauseRecords, setSuccessor, unpauseRecords,
} from "../../sdk/actions";
import { describeCall } from "../../sdk/timelock";
import type { DatarightsClient } from "../../sdk/client";
import type { DiffDeploymentsReturnType } from "../../sdk/actions";
import { VerificationFailed } from "../failure";
import { action, connect, emit, globalOptions, wrote } from "../context";
import type { NoOptions } from "../context";

const when = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString();

/** governance show: epoch, neighbours, the Admin and any handover in progress, the pauses, the timelock's open changes. */
export const show = action(false, async (client, _command, _options: NoOptions) => {
  const governance = await getGovernance(client);
  const paused = Object.entries(governance.paused).filter(([, on]) => on).map(([name]) => name);
  const timelock = client.deployment.timelock ? await getTimelock(client) : undefined;
  const open = timelock?.operations.filter((operation) => operation.state === "pending" || operation.state === "ready") ?? [];
  const timelockLines = timelock
    ? [
      `timelock ${timelock.address}, min delay ${timelock.minDelay} s, ${open.length} change${open.length === 1 ? "" : "s"} scheduled`,
      ...open.map((operation) => {
        const [first] = operation.calls;
        const call = first.call ? describeCall(first.call) : `${first.target} ${first.data.slice(0, 10)}`;
        const more = operation.calls.length > 1 ? ` and ${operation.calls.length - 1} more call${operation.calls.length > 2 ? "s" : ""}` : "";
        return `${operation.state}: ${call}${more}, ${operation.state === "ready" ? "due since" : "ready"} ${when(operation.readyAt)} (operation ${operation.id})`;
      }),
    ]
    : [];
  return {
    data: timelock ? { ...governance, timelock } : governance,
    lines: [
      `exchange ${governance.exchangeCode}, epoch ${governance.epoch}` +
        `${governance.predecessor ? `, after ${governance.predecessor}` : ""}${governance.successor ? `, succeeded by ${governance.successor}` : ""}`,
      `admin ${governance.admin ?? "none"}, handover delay ${governance.adminDelay} s`,
      governance.pendingAdmin ? `pending: the Admin role to ${governance.pendingAdmin.account}, from ${when(governance.pendingAdmin.effectiveAt)}` : "no handover pending",
      ...(governance.pendingAdminDelay ? [`pending: the handover delay becomes ${governance.pendingAdminDelay.delay} s at ${when(governance.pendingAdminDelay.effectiveAt)}`] : []),
      paused.length === 0 ? "nothing paused" : `PAUSED: new records in ${paused.join(", ")}`,
      ...(governance.sealed.length > 0 ? [`SEALED: every act reverts in ${governance.sealed.join(", ")} (the records moved to the successor)`] : []),
      ...timelockLines,
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

/** The diff's lines, and a failure (exit 1) naming the first differences when there are any. */
function compared(result: DiffDeploymentsReturnType): { lines: string[]; failure?: VerificationFailed } {
  const records = Object.values(result.compared).reduce((sum, count) => sum + count, 0);
  const tables = Object.entries(result.compared).map(([table, count]) => `${count} ${table}`).join(", ");
  const lines = [`${records} records of ${result.predecessor} compared with ${result.successor} (${tables})`];
  if (result.differences.length === 0) return { lines: [...lines, "no difference"] };
  for (const difference of result.differences) {
    lines.push(`DIFFERS  ${difference.table} ${difference.id} ${difference.field}: ${difference.before ?? "(missing)"} -> ${difference.after ?? "(missing)"}`);
  }
  const count = `${result.differences.length}${result.truncated ? "+" : ""}`;
  const first = result.differences.slice(0, 3).map((difference) => `${difference.table} ${difference.id} ${difference.field}`).join(", ");
  return { lines, failure: new VerificationFailed(`${count} differences between the deployments, e.g. ${first}`, { differences: result.differences }) };
}

/** Prints the outcome, then fails when the diff found differences (so scripts see exit 1). */
function report(command: Parameters<typeof emit>[0], data: object, lines: string[], failure: VerificationFailed | undefined): void {
  emit(command, { data, lines });
  if (failure) throw failure;
}

/** governance migrate: carries the predecessor's records over (resumable), compares, and with --open lifts the pause. */
export const migrate = async (options: { open?: boolean }, command: Parameters<typeof emit>[0]): Promise<void> => {
  await withClient(command, true, async (client) => {
    const progress = globalOptions(command).json ? undefined : ({ table, carried, total }: { table: string; carried: number; total: number }) =>
      process.stdout.write(`  ${table}: ${carried} of ${total} carried over\n`);
    const { carried, sealed, transactions } = await migrateRecords(client, { onProgress: progress });
    const result = await diffDeployments(client);
    const { lines, failure } = compared(result);
    let opened = false;
    if (!failure && options.open) {
      await unpauseRecords(client);
      opened = true;
    }
    const total = Object.values(carried).reduce((sum, count) => sum + count, 0);
    report(command, { carried, sealed, transactions: transactions.length, ...result, opened }, [
      ...(sealed.length > 0 ? [`the old deployment is sealed (${sealed.join(", ")}): every act there now reverts`] : []),
      total === 0 ? "nothing to carry over: every record is here already" : `${total} records carried over in ${transactions.length} transactions`,
      ...lines,
      opened ? "the pause is lifted: the new version is open" : "the new version stays paused: `governance unpause` (or `migrate --open`) opens it",
    ], failure);
  });
};

/** governance diff: the before/after comparison of every record, read-only. */
export const diff = async (options: { limit: number }, command: Parameters<typeof emit>[0]): Promise<void> => {
  await withClient(command, false, async (client) => {
    const result = await diffDeployments(client, { limit: options.limit });
    const { lines, failure } = compared(result);
    report(command, result, lines, failure);
  });
};

async function withClient(command: Parameters<typeof emit>[0], signer: boolean, run: (client: DatarightsClient) => Promise<void>): Promise<void> {
  const client = await connect(command, signer);
  try {
    await run(client);
  } finally {
    client.destroy();
  }
}
