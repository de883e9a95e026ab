// The build's verdict: fails when the suite's result file is missing or records a failed case.
import { readFileSync } from "node:fs";

const file = process.argv[2];
let result;
try {
  result = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.error(`conformance: no result in ${file} (${e.message}): the suite did not finish`);
  process.exit(1);
}
for (const run of result.runs) {
  console.log(`conformance [${run.label}]: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped`);
  for (const c of run.cases.filter((c) => c.status === "failed")) {
    console.log(`  FAILED ${c.name}: ${c.error}`);
  }
}
process.exit(result.runs.every((r) => r.failed === 0 && r.passed > 0) ? 0 : 1);
