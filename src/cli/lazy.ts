/** A commander action handler: the command's arguments, then its options, then the command. */
export type Handler<Args extends unknown[]> = (...args: Args) => Promise<void>;

/**
 * A handler whose body is imported when the command runs, not when the program is built: the
 * command table stays free of ethers, the contract bindings, the SDK and the mirror, so `--help`
 * answers fast. Each body lives in its own module under src/cli/actions/.
 */
export function lazy<Args extends unknown[]>(load: () => Promise<Handler<Args>>): Handler<Args> {
  return async (...args: Args) => (await load())(...args);
}
