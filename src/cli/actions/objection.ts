import { listObjections, lodgeObjection, resolveObjection } from "../../sdk/actions";
import type { ListObjectionsParameters, ObjectionTarget } from "../../sdk/actions";
import { isoDate } from "../../sdk/names";
import type { ObjectionStatusName } from "../../sdk/records";
import { action, wrote } from "../context";
import { requireCertificate, requireObjection, requireProduct } from "./lookups";

const REQUIRE = { product: requireProduct, certificate: requireCertificate };

export const lodge = (target: ObjectionTarget) => action(true, async (client, _command, targetId: bigint, options: { claim: string }) => {
  await REQUIRE[target](client, targetId);
  const result = await lodgeObjection(client, { target, targetId, claimHash: options.claim });
  return wrote(result, { objectionId: result.objectionId, targetId }, `objection ${result.objectionId} lodged against ${target} ${targetId}`);
});

export const resolve = (target: ObjectionTarget) =>
  action(true, async (client, _command, objectionId: bigint, options: { upheld?: boolean; resolution: string }) => {
    await requireObjection(client, target, objectionId);
    const upheld = options.upheld === true;
    const result = await resolveObjection(client, { target, objectionId, upheld, resolutionHash: options.resolution });
    return wrote(result, { objectionId, upheld }, `objection ${objectionId} ${upheld ? "upheld" : "dismissed"}`);
  });

export const list = action(false, async (client, _command, options: { product?: bigint; certificate?: bigint; status?: ObjectionStatusName }) => {
  // commander lets through at most one of --product and --certificate.
  let filter: ListObjectionsParameters = { status: options.status };
  if (options.product !== undefined) {
    await requireProduct(client, options.product);
    filter = { ...filter, book: "products", targetId: options.product };
  } else if (options.certificate !== undefined) {
    await requireCertificate(client, options.certificate);
    filter = { ...filter, book: "certificates", targetId: options.certificate };
  }
  const objections = await listObjections(client, filter);
  return {
    data: { objections },
    lines: objections.length ? objections.map((objection) => {
      const resolved = objection.resolvedAt === null ? "" : `, decided ${isoDate(objection.resolvedAt)}`;
      // Each book numbers its own objections: the target's kind says which book an id is of.
      return `objection ${objection.objectionId} against ${objection.book === "products" ? "product" : "certificate"} ${objection.targetId}  ${objection.status}  lodged ${isoDate(objection.lodgedAt)} by ${objection.claimant}${resolved}`;
    }) : ["no objections match"],
  };
});
