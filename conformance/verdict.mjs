// The build's verdict: fails when a suite's result file is missing or records a failed case.
import { readFileSync } from "node:fs";

let ok = true;
for (const file of process.argv.slice(2)) {
  let result;
  try {
    result = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`conformance: no result in ${file} (${e.message}): the suite did not finish`);
    ok = false;
    continue;
  }
  for (const run of result.runs) {
    console.log(`conformance [${run.label}]: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped`);
    for (const c of run.cases.filter((c) => c.status === "failed")) {
      console.log(`  FAILED ${c.name}: ${c.error}`);
    }
    ok &&= run.failed === 0 && run.passed > 0;
  }
}
process.exit(ok ? 0 : 1);
