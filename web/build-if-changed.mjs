// Runs `npm ci` and the bundle (build.mjs) only when their inputs changed since they last ran, so that a build with an
// unchanged web/ spends nothing here: node build-if-changed.mjs <outdir>
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const outdir = process.argv[2] ?? "../target/classes/web/chat";

function digest(paths, extra = "") {
  const hash = createHash("sha256").update(extra);
  for (const path of paths) {
    hash.update(path).update("\0").update(readFileSync(path)).update("\0");
  }
  return hash.digest("hex");
}

function files(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function stamped(stamp, value) {
  return existsSync(stamp) && readFileSync(stamp, "utf8") === value;
}

// the stamps live in node_modules: a fresh checkout or a deleted node_modules starts over
const lock = digest(["package.json", "package-lock.json"]);
const installed = "node_modules/.parley-installed";
if (!stamped(installed, lock)) {
  execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { stdio: "inherit" });
  writeFileSync(installed, lock);
}

const inputs = digest(["build.mjs", ...files("src")], `${lock}\0${process.env.PARLEY_WEB_DEBUG ?? ""}\0`);
const bundled = `node_modules/.parley-bundled-${createHash("sha256").update(outdir).digest("hex").slice(0, 16)}`;
if (existsSync(join(outdir, "app.js")) && stamped(bundled, inputs)) {
  console.log(`chat page bundle up to date in ${outdir}`);
} else {
  execFileSync(process.execPath, ["build.mjs", outdir], { stdio: "inherit" });
  writeFileSync(bundled, inputs);
}
