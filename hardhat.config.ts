import "@nomicfoundation/hardhat-toolbox";
import "dotenv/config";
import { subtask, task } from "hardhat/config";
import { TASK_COMPILE, TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";

/**
 * The compiler is the npm `solc` package (solcjs), pinned to SOLC_VERSION in package.json:
 * these machines cannot download a native compiler, and a pinned package keeps every build
 * byte-for-byte reproducible.
 */
const SOLC_VERSION = "0.8.29";

/**
 * `EVM_VERSION=london npm test` builds and tests for GoQuorum-era chains (no PUSH0, no MCOPY,
 * no transient storage). The in-process network then also runs the london hardfork, so the
 * bytecode is exercised on the EVM it targets.
 */
const EVM_VERSION = process.env.EVM_VERSION ?? "cancun";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solcjs = require("solc") as { version(): string };
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solcjs.version(),
  };
});

/**
 * After every compile, regenerate the SDK modules that mirror the contracts (src/sdk/generated:
 * enums, roles and kind flags from the AST; an error class per custom error from the ABIs), so
 * they cannot drift from the Solidity. Only files
 * whose text changed are written. Skipped under solidity-coverage, whose instrumented build is
 * not the contracts as deployed.
 */
task(TASK_COMPILE).setAction(async (args: { quiet?: boolean }, hre, runSuper) => {
  const result: unknown = await runSuper(args);
  if ((hre as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING) return result;
  const { writeGeneratedFiles } = await import("./scripts/generate-sdk");
  const written = await writeGeneratedFiles(hre);
  if (!args.quiet) for (const path of written) console.log(`Generated ${path}`);
  return result;
});

const config: HardhatUserConfig = {
  solidity: {
    // Runs tuned for the trade's gas; the two contracts that carry the most migration code would pass
    // the 24,576-byte limit at that setting, so they trade a little gas for size (docs/performance.md).
    compilers: [{ version: SOLC_VERSION, settings: { evmVersion: EVM_VERSION, optimizer: { enabled: true, runs: 1_000_000 } } }],
    overrides: {
      "contracts/RightsCertificate.sol": { version: SOLC_VERSION, settings: { evmVersion: EVM_VERSION, optimizer: { enabled: true, runs: 200 } } },
      "contracts/DataProductRegistry.sol": { version: SOLC_VERSION, settings: { evmVersion: EVM_VERSION, optimizer: { enabled: true, runs: 200 } } },
    },
  },
  networks: {
    hardhat: {
      hardfork: EVM_VERSION === "london" ? "london" : "cancun",
      // The stories of `npm start` cast 24 parties, each with an account of its own (default: 20).
      accounts: { count: 30 },
    },
  },
  paths: {
    // Separate build outputs per EVM target, so alternating the two runs never recompiles.
    artifacts: EVM_VERSION === "cancun" ? "artifacts" : `artifacts-${EVM_VERSION}`,
    cache: EVM_VERSION === "cancun" ? "cache" : `cache-${EVM_VERSION}`,
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  gasReporter: {
    enabled: false,
  },
  mocha: {
    timeout: 120_000,
  },
};

export default config;
