// Fails early, and says what to do, when the machine's Chromium is missing (tests never download a browser).
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`e2e: no Chromium at ${chromium}. Install the distribution's package (Debian: apt-get install -y chromium; `
    + `.ci/run does this) or point CHROMIUM at one.`);
  process.exit(1);
}
console.log(`e2e: using ${chromium}`);
