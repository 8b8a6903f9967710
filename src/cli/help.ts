import { Help } from "@commander-js/extra-typings";
import type { HelpConfiguration } from "@commander-js/extra-typings";

/**
 * How every command's help reads: the root's options (--json, --network, --rpc-url) listed
 * under each subcommand, and required options marked, which commander does not do by itself.
 */
export const helpConfiguration: HelpConfiguration = {
  showGlobalOptions: true,
  optionDescription(option) {
    const text = Help.prototype.optionDescription.call(this, option);
    return option.mandatory ? `${text} (required)` : text;
  },
  // --version is the program's, not a setting of the subcommand whose help is shown.
  visibleGlobalOptions(command) {
    return Help.prototype.visibleGlobalOptions.call(this, command).filter((option) => option.long !== "--version");
  },
};

/** The "Example" section of a command's help: each line is a full invocation without `datarights`. */
export function examples(...invocations: string[]): string {
  const title = invocations.length > 1 ? "Examples" : "Example";
  return `\n${title}:\n${invocations.map((invocation) => `  $ datarights ${invocation}`).join("\n")}`;
}
