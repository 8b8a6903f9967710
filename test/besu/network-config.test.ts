import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SigningKey, Wallet, ZeroHash, computeAddress, decodeRlp, id } from "ethers";
import { parseTomlLines } from "./toml-lines";
import type { TomlValue } from "./toml-lines";

const NETWORK_DIR = join(__dirname, "..", "..", "deploy", "besu");
const NODES = [1, 2, 3, 4] as const;

/** The development keys deploy/besu/README.md documents: keccak256 of these labels. */
const devKey = (label: string): string => id(label);
const VALIDATOR_KEYS = NODES.map((n) => devKey(`datarights-dev-validator-${n}`));
const DEPLOYER = new Wallet(devKey("datarights-dev-deployer")).address;

const read = (...path: string[]): string => readFileSync(join(NETWORK_DIR, ...path), "utf8");
const readJson = (file: string): Record<string, unknown> => JSON.parse(read(file)) as Record<string, unknown>;
const toml = (...path: string[]): Map<string, TomlValue> => parseTomlLines(read(...path));

interface Genesis {
  config: {
    chainId: number;
    berlinBlock: number;
    londonBlock: number;
    zeroBaseFee: boolean;
    qbft: { blockperiodseconds: number; epochlength: number; requesttimeoutseconds: number };
  };
  extraData: string;
  gasLimit: string;
  mixHash: string;
  alloc: Record<string, { balance: string }>;
}

describe("deploy/besu network files", function () {
  const genesis = readJson("genesis.json") as unknown as Genesis;

  describe("genesis.json", function () {
    it("configures QBFT with a block period, an epoch length and a round timeout", function () {
      expect(genesis.config.qbft).to.deep.equal({ blockperiodseconds: 2, epochlength: 30000, requesttimeoutseconds: 4 });
    });

    it("uses chain id 20260", function () {
      expect(genesis.config.chainId).to.equal(20260);
    });

    it("starts at london with a zero base fee, for free gas and london bytecode", function () {
      expect(genesis.config.berlinBlock).to.equal(0);
      expect(genesis.config.londonBlock).to.equal(0);
      expect(genesis.config.zeroBaseFee).to.equal(true);
    });

    it("has the BFT mix hash and a 30M gas limit", function () {
      expect(genesis.mixHash).to.equal("0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365");
      expect(BigInt(genesis.gasLimit)).to.equal(30_000_000n);
    });

    it("funds the development deployer", function () {
      const balance = genesis.alloc[DEPLOYER.slice(2).toLowerCase()]?.balance;
      expect(balance, "deployer in alloc").to.not.equal(undefined);
      expect(BigInt(balance)).to.be.greaterThan(0n);
    });

    it("has extraData RLP [32-byte vanity, [4 validators], no vote, round 0, no seals]", function () {
      const decoded = decodeRlp(genesis.extraData);
      expect(decoded).to.be.an("array").with.lengthOf(5);
      const [vanity, validators, vote, round, seals] = decoded as unknown[];
      expect(vanity).to.equal(ZeroHash);
      expect(validators).to.be.an("array").with.lengthOf(4);
      expect(vote).to.deep.equal([]);
      expect(round).to.equal("0x");
      expect(seals).to.deep.equal([]);
    });

    it("names as validators exactly the four documented dev keys, in ascending address order", function () {
      const [, validators] = decodeRlp(genesis.extraData) as unknown[];
      const expected = VALIDATOR_KEYS.map((key) => computeAddress(key).toLowerCase()).sort();
      expect(validators).to.deep.equal(expected);
    });
  });

  describe("qbftConfigFile.json", function () {
    it("holds the same genesis without extraData, and asks Besu for four validator keys", function () {
      const configFile = readJson("qbftConfigFile.json") as { genesis: Record<string, unknown>; blockchain: unknown };
      const { extraData, ...rest } = genesis as unknown as Record<string, unknown>;
      expect(extraData).to.be.a("string");
      expect(configFile.genesis).to.deep.equal(rest);
      expect(configFile.blockchain).to.deep.equal({ nodes: { generate: true, count: 4 } });
    });
  });

  describe("node keys and configs (checked with a strict TOML line parser)", function () {
    NODES.forEach((n, index) => {
      it(`node${n}/key holds the documented dev key of validator ${n}`, function () {
        expect(read(`node${n}`, "key").trim()).to.equal(VALIDATOR_KEYS[index]);
      });
    });

    NODES.forEach((n) => {
      it(`node${n}/config.toml serves ETH, NET, QBFT, WEB3 and PERM on loopback, free gas, account permissioning`, function () {
        const config = toml(`node${n}`, "config.toml");
        expect(config.get("genesis-file")).to.equal("genesis.json");
        expect(config.get("data-path")).to.equal(`node${n}/data`);
        expect(config.get("node-private-key-file")).to.equal(`node${n}/key`);
        expect(config.get("rpc-http-enabled")).to.equal(true);
        expect(config.get("rpc-http-host")).to.equal("127.0.0.1");
        expect(config.get("p2p-host")).to.equal("127.0.0.1");
        expect(config.get("rpc-http-api")).to.have.members(["ETH", "NET", "QBFT", "WEB3", "PERM"]);
        expect(config.get("min-gas-price")).to.equal(0);
        expect(config.get("permissions-accounts-config-file-enabled")).to.equal(true);
        expect(config.get("permissions-accounts-config-file")).to.equal(`node${n}/permissions_config.toml`);
      });
    });

    it("gives every node its own ports", function () {
      const configs = NODES.map((n) => toml(`node${n}`, "config.toml"));
      expect(new Set(configs.map((config) => config.get("p2p-port"))).size).to.equal(4);
      expect(new Set(configs.map((config) => config.get("rpc-http-port"))).size).to.equal(4);
    });

    it("points nodes 2 to 4 at node 1's enode, derived from its key, and node 1 at none", function () {
      const node1 = toml("node1", "config.toml");
      const publicKey = new SigningKey(VALIDATOR_KEYS[0]).publicKey.slice(4); // drop 0x04
      const enode = `enode://${publicKey}@127.0.0.1:${String(node1.get("p2p-port"))}`;
      expect(node1.has("bootnodes")).to.equal(false);
      for (const n of [2, 3, 4]) expect(toml(`node${n}`, "config.toml").get("bootnodes")).to.deep.equal([enode]);
    });
  });

  describe("permissions_config.toml", function () {
    it("allow-lists the development deployer alone", function () {
      const allowlist = toml("permissions_config.toml").get("accounts-allowlist");
      expect(allowlist).to.deep.equal([DEPLOYER.toLowerCase()]);
    });
  });

  describe("the strict TOML line parser", function () {
    it("rejects what it does not understand instead of guessing", function () {
      expect(() => parseTomlLines("[table]")).to.throw("line 1");
      expect(() => parseTomlLines('a="x"\na="y"')).to.throw("duplicate key");
      expect(() => parseTomlLines("a=[\n1]")).to.throw("one line");
      expect(() => parseTomlLines('a="x\\"y"')).to.throw("unsupported value");
      expect(() => parseTomlLines("a=01")).to.throw("unsupported value");
    });
  });
});
