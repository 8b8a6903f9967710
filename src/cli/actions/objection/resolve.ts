import { action, transactionData } from "../../context";
import { OBJECTION_BOOKS } from "./lodge";

export function resolve(target: keyof typeof OBJECTION_BOOKS) {
  const contract = OBJECTION_BOOKS[target];
  return action(true, async (client, _command, objectionId: bigint, options: { upheld?: boolean; resolution: string }) => {
    const receipt = await client.send("resolve objection", () =>
      client.contracts[contract].resolveObjection(objectionId, options.upheld === true, options.resolution));
    return { data: { objectionId, upheld: options.upheld === true, ...transactionData(receipt) }, lines: [`objection ${objectionId} ${options.upheld ? "upheld" : "dismissed"}`] };
  });
}
