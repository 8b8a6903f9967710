import { action, transactionData } from "../../context";

/** The contract that keeps the objections against each kind of target. */
export const OBJECTION_BOOKS = { product: "products", certificate: "certificates" } as const;

export function lodge(target: keyof typeof OBJECTION_BOOKS) {
  const contract = OBJECTION_BOOKS[target];
  return action(true, async (client, _command, targetId: bigint, options: { claim: string }) => {
    const receipt = await client.send("lodge objection", () => client.contracts[contract].lodgeObjection(targetId, options.claim));
    const [lodged] = client.events(receipt, contract, "ObjectionLodged");
    const objectionId = lodged?.args.objectionId as bigint;
    return { data: { objectionId, targetId, ...transactionData(receipt) }, lines: [`objection ${objectionId} lodged against ${target} ${targetId}`] };
  });
}
