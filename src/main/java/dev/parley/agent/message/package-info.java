/**
 * The UI messages and stream chunks a turn reads and writes. They mirror the AI SDK's UI message stream
 * ({@code docs/protocol.md}), so they change when that protocol does: new part and chunk variants may appear in a
 * minor release.
 */
package dev.parley.agent.message;
