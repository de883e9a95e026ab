// Runs the suite under both chat engines at once against one server: run.mjs here (AI SDK 6) and ai7/run.mjs
// (AI SDK 7), each in its own process because each loads its own "ai" package. Every line a run prints is prefixed
// with its engine; each writes its own result file, which verdict.mjs judges. Exits 0 whatever the cases did, so
// the build stops the server before it gives the verdict.
// Usage: PARLEY_URL=… PARLEY_SECRET_KEY=… node both.mjs <result-ai6.json> <result-ai7.json>
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [ai6Result, ai7Result] = process.argv.slice(2);
if (!ai6Result || !ai7Result) {
  console.error("usage: node both.mjs <result-ai6.json> <result-ai7.json>");
  process.exit(2);
}

function run(tag, dir, result) {
  const child = spawn(process.execPath, ["run.mjs", `--result=${result}`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${tag}] ${line}`));
  }
  return new Promise((resolve) => child.on("close", (code) => resolve(code)));
}

const codes = await Promise.all([run("ai6", here, ai6Result), run("ai7", join(here, "ai7"), ai7Result)]);
console.log(`conformance: both engines finished (exit codes ${codes.join(", ")})`);
