import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { deployClientInProcess } from "../../deploy/hardhat";
import { contractInterfaces } from "../../src/sdk/abis";
import type { ContractKey } from "../../src/sdk/client";
import { ROLES } from "../../src/sdk/roles";

describe("SDK contract interfaces (src/sdk/abis.ts)", () => {
  it("has the six contracts' interfaces, fragment for fragment as the client's bindings", async () => {
    const client = await deployClientInProcess(hre);
    const keys = Object.keys(client.contracts) as ContractKey[];
    expect(Object.keys(contractInterfaces)).to.have.members(keys);
    for (const key of keys) expect(contractInterfaces[key].format(), key).to.deep.equal(client.contracts[key].interface.format());
  });

  it("encodes calls the contracts take and decodes the logs they emit", async () => {
    const client = await deployClientInProcess(hre);
    const [admin, registrar] = await ethers.getSigners();
    const { participants } = contractInterfaces;
    const sent = await admin.sendTransaction({
      to: client.address("participants"), data: participants.encodeFunctionData("grantRole", [ROLES.registrar, registrar.address]),
    });
    const receipt = (await sent.wait())!;
    expect(await client.contracts.participants.hasRole(ROLES.registrar, registrar.address)).to.equal(true);
    const granted = receipt.logs.map((log) => participants.parseLog(log)).find((parsed) => parsed?.name === "RoleGranted");
    expect(granted?.args.account).to.equal(registrar.address);
  });
});
