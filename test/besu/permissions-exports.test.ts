import { expect } from "chai";
import * as permissions from "../../src/permissions";

describe("src/permissions exports", function () {
  it("exposes exactly the documented runtime API", function () {
    expect(Object.keys(permissions).sort()).to.deep.equal([
      "ALLOWLISTED_ROLES",
      "BesuPermissionsError",
      "allowlistAccounts",
      "applyAllowlist",
      "createBesuPermissionsClient",
      "diffAllowlist",
      "followAllowlist",
      "readRequiredAccounts",
      "runPermissionsSync",
      "syncAllowlist",
    ]);
  });
});
