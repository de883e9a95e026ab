// Bundles the chat page into one ES module for the WAR: node build.mjs [outdir]
import { build } from "esbuild";

const outdir = process.argv[2] ?? "../target/classes/web/chat";
await build({
  entryPoints: ["src/app.jsx"],
  bundle: true,
  format: "esm",
  minify: process.env.PARLEY_WEB_DEBUG !== "1",
  sourcemap: process.env.PARLEY_WEB_DEBUG === "1" ? "inline" : false,
  target: "es2022",
  outfile: `${outdir}/app.js`,
  define: { "process.env.NODE_ENV": '"production"' },
  jsx: "automatic",
  platform: "browser",
  // server-only code paths of the SDK import Node built-ins lazily; the browser never reaches them
  external: ["node:*"],
  logLevel: "warning",
});
