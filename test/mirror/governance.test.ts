import { expect } from "chai";
import { buildApi } from "../../src/api";
import type { Governance } from "../../src/api/shapes";
import { beginAdminTransfer, grantRole, pauseRecords, unpauseRecords } from "../../src/sdk/actions";
import { startTestChain } from "./chain";
import type { TestChain } from "./chain";
import { forEachBackend } from "./backends";
import { indexTo } from "./helpers";

/**
 * Governance acts reach the mirror (governance_events) and the API's /governance: a handover of
 * the Admin role is visible while pending, the emergency pause while in force and gone once lifted.
 */
describe("the mirror's governance", function () {
  this.timeout(300_000);
  let chain: TestChain;
  before(async () => {
    chain = await startTestChain();
  });
  after(async () => {
    await chain?.stop();
  });

  forEachBackend((backend) => {
    it("shows a pending handover of the Admin role and the pauses, and a pause lifted", async () => {
      const [pauser, newAdmin] = [chain.signers[1], chain.signers[2]];
      const snapshot = await chain.node.rpc("evm_snapshot");
      try {
        await grantRole(chain.client, { role: "pauser", account: pauser.address });
        const { effectiveAt } = await beginAdminTransfer(chain.client, { newAdmin: newAdmin.address });
        await pauseRecords(chain.client.withAccount(pauser));
        const head = Number(await chain.node.rpc("eth_blockNumber"));
        const { config } = backend.fresh("governance");
        const database = await indexTo(config, chain.node.rpcUrl, chain.mirrored, head);
        try {
          const rows = await database.query<{ contract: string; event: string; account: string | null }>(
            "select contract, event, account from governance_events order by block_number, log_index",
          );
          expect(rows).to.deep.equal([
            { contract: "ParticipantRegistry", event: "DefaultAdminTransferScheduled", account: newAdmin.address.toLowerCase() },
            { contract: "DataProductRegistry", event: "Paused", account: pauser.address.toLowerCase() },
            { contract: "RightsCertificate", event: "Paused", account: pauser.address.toLowerCase() },
            { contract: "TradeLedger", event: "Paused", account: pauser.address.toLowerCase() },
          ]);
          const app = await buildApi({ database, webRoot: false, cache: false });
          try {
            const governance = (await app.inject({ method: "GET", url: "/governance" })).json() as Governance;
            expect(governance.pendingAdmin).to.deep.equal({
              account: newAdmin.address.toLowerCase(), effectiveAt: new Date(Number(effectiveAt) * 1000).toISOString(), due: false,
            });
            expect(governance.paused).to.deep.equal({ DataProductRegistry: true, RightsCertificate: true, TradeLedger: true });
            expect(governance.recent.map((event) => event.event)).to.deep.equal(["Paused", "Paused", "Paused", "DefaultAdminTransferScheduled"]);
          } finally {
            await app.close();
          }
        } finally {
          await database.close();
        }

        // Lifted: the pause is no longer in force.
        await unpauseRecords(chain.client);
        const lifted = await indexTo(backend.fresh("governance-lifted").config, chain.node.rpcUrl, chain.mirrored, Number(await chain.node.rpc("eth_blockNumber")));
        try {
          const app = await buildApi({ database: lifted, webRoot: false, cache: false });
          const governance = (await app.inject({ method: "GET", url: "/governance" })).json() as Governance;
          await app.close();
          expect(governance.paused).to.deep.equal({ DataProductRegistry: false, RightsCertificate: false, TradeLedger: false });
        } finally {
          await lifted.close();
        }
      } finally {
        await chain.node.rpc("evm_revert", [snapshot]);
      }
    });
  });
});
