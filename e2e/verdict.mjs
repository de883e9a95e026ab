// Judges the browser tests from their TAP report, prints the summary line, exits non-zero on any failure.
// Usage: node verdict.mjs <report.tap>
import { readFileSync, existsSync } from "node:fs";

const file = process.argv[2];
if (!existsSync(file)) {
  console.error(`e2e: no report at ${file}: the browser tests did not run`);
  process.exit(1);
}
const tap = readFileSync(file, "utf8");
const count = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)`, "m")) ?? [, "0"])[1]);
const passed = count("pass"), failed = count("fail"), cancelled = count("cancelled");
const failures = tap.split("\n").filter((l) => /^\s*not ok \d+/.test(l)).map((l) => l.trim());
console.log(`e2e [chromium]: ${passed} passed, ${failed + cancelled} failed`);
for (const f of failures) console.log(`  ${f}`);
process.exit(failed + cancelled === 0 && passed > 0 ? 0 : 1);
