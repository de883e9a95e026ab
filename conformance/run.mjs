// Entry point: runs the conformance suite with the client libraries installed next to this file.
// Usage: PARLEY_URL=http://localhost:9080 PARLEY_SECRET_KEY=tr_… node run.mjs [--result=file.json]
import * as ai from "ai";
import * as sdk from "@trigger.dev/sdk";
import * as sdkAi from "@trigger.dev/sdk/ai";
import * as sdkChat from "@trigger.dev/sdk/chat";
import { createRequire } from "node:module";
import { runSuite } from "./suite/runner.mjs";

const require = createRequire(import.meta.url);
const versions = {
  "@trigger.dev/sdk": require("@trigger.dev/sdk/package.json").version,
  ai: require("ai/package.json").version,
};

const code = await runSuite({ lib: { ai, sdk, sdkAi, sdkChat, versions }, argv: process.argv.slice(2) });
process.exit(code);
